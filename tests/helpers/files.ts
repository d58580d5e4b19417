// Every file under a directory with its text: where the e2e tests look for a secret in clear (state backend,
// PULUMI_HOME, project).
import * as fs from "node:fs";
import * as path from "node:path";

export function filesUnder(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => ({ file: path.join(f.parentPath, f.name), text: fs.readFileSync(path.join(f.parentPath, f.name), "latin1") }));
}
