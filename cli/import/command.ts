// `pulumi-dialpad-cinnox import`: lists every object of the listable kinds at the vendor, with the credentials
// the provider would use (the selected stack's config in --cwd, else the environment), and writes a module
// that adopts them all. Prints what it found and the secrets to set; exit 0 written, 1 error.
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { ConfigSource } from "../../provider/settings";
import type { ResourceKind } from "../../provider/registry";
import { NOT_LISTABLE_REASON, isListable, listInventory, parseKinds, settingsOf, stackConfig } from "../inventory";
import { jsonText, printable, printableLines } from "../printable";
import { openProject, reasonOf } from "../workspace";
import type { Io } from "../workspace";
import { generateProgram, templateFor } from "./generate";

export const ImportOptionsSchema = z.object({
  /** The file to write (a TypeScript module). */
  out: z.string().min(1),
  /** Replace `out` when it exists (without it, an existing file is refused and left as it is). */
  force: z.boolean().default(false),
  /** Kinds to import (names of KIND_NAMES or full kinds); all when absent. */
  kinds: z.array(z.string().trim().min(1, { error: "must not contain an empty name" })).min(1).optional(),
  /** Where the Pulumi project is, whose selected stack's config holds the credentials. */
  cwd: z.string().default("."),
  /** A stack of that project instead of the selected one. */
  stack: z.string().min(1).optional(),
  pulumiDir: z.string().optional(),
  json: z.boolean().default(false),
});
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

const ObjectSchema = z.object({
  type: z.string().describe('The kind, e.g. "dialpad:Webhook".'),
  id: z.string().describe("The vendor's id (a legacy subscription's hook id)."),
  label: z.string().describe("What it is, without secrets: URL host and path, endpoint, target."),
});

/** What `import --json` prints. */
export const ImportReportSchema = z.object({
  version: z.literal(1),
  command: z.literal("import"),
  status: z.enum(["written", "error"]),
  error: z.string().optional(),
  out: z.string().describe("The file written (absolute path)."),
  credentials: z.string().describe('Where the credentials came from: "stack <name>" or "environment".'),
  source: z.string().describe("The Dialpad base URL listed."),
  resources: z.array(ObjectSchema.extend({
    name: z.string().describe("Logical name in the generated program."),
    variable: z.string().describe("Where the module exports it: <group>.<key>."),
    secretConfigKeys: z.array(z.string()),
  })),
  skipped: z.array(ObjectSchema.extend({ reason: z.string() })).describe("Objects that cannot be declared as they are."),
  warnings: z.array(z.string()),
  configCommands: z.array(z.string()).describe("What to run before `pulumi up` (values left out: the command prompts)."),
  notListed: z.array(z.object({ type: z.string(), reason: z.string() })).describe("Selected kinds the vendor cannot list (Cinnox)."),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** The credentials as the provider would get them: the stack's config when there is a project and a stack, else none (environment). */
async function credentials(options: ImportOptions): Promise<{ source: ConfigSource | undefined; from: string }> {
  const dir = path.resolve(options.cwd);
  const hasProject = ["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(dir, f)));
  if (!hasProject) {
    if (options.stack !== undefined) throw new Error(`--stack ${options.stack}: no Pulumi.yaml in ${dir}`);
    return { source: undefined, from: "environment" };
  }
  const ws = await openProject({ cwd: dir, pulumiDir: options.pulumiDir });
  const name = options.stack ?? (await ws.stack().catch(() => undefined))?.name;
  if (name === undefined) return { source: undefined, from: "environment" };
  // `pulumi config --show-secrets --stack <name>`: every key, secrets decrypted, as the engine gives them to the provider.
  return { source: await stackConfig(ws, name), from: `stack ${name}` };
}

export async function runImport(options: ImportOptions, io: Io): Promise<0 | 1> {
  const progress = (line: string) => io.stderr(`import: ${printable(line)}\n`);
  const out = path.resolve(options.cwd, options.out);
  let report: ImportReport = {
    version: 1, command: "import", status: "error", out, credentials: "", source: "", resources: [], skipped: [], warnings: [],
    configCommands: [], notListed: [],
  };
  let template = "";
  try {
    // Before anything is listed: a hand-written module at that path is not ours to replace.
    if (!options.force && fs.existsSync(out)) throw new Error(`--out ${options.out}: ${out} exists; pass --force to replace it`);
    const kinds: ResourceKind[] = parseKinds(options.kinds);
    const { source, from } = await credentials(options);
    const settings = settingsOf(source);
    report = { ...report, credentials: from, source: settings.dialpad.baseUrl };
    const notListable = kinds.filter((k) => !isListable(k));
    report.notListed = notListable.map((type) => ({ type, reason: NOT_LISTABLE_REASON }));
    template = templateFor(notListable);
    const listable = kinds.filter(isListable);
    if (listable.length > 0) progress(`listing ${listable.length} Dialpad kind(s) at ${settings.dialpad.baseUrl} (credentials from the ${from})`);
    const inventory = await listInventory(listable, source);
    const generated = await generateProgram(inventory, { source: `Dialpad at ${settings.dialpad.baseUrl}` });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // "wx": a file made while the vendor was listed is refused too.
    fs.writeFileSync(out, generated.source, { flag: options.force ? "w" : "wx" });
    report = {
      ...report,
      status: "written",
      resources: generated.resources,
      skipped: generated.skipped,
      warnings: generated.warnings,
      configCommands: generated.secretConfigKeys.map((k) => `pulumi config set --secret ${k}`),
    };
    progress(`wrote ${out}: ${generated.resources.length} object(s)${generated.skipped.length > 0 ? `, ${generated.skipped.length} skipped` : ""}`);
  } catch (err) {
    report = { ...report, status: "error", error: reasonOf(err) };
    progress(`error: ${report.error}`);
  }
  io.stdout(importOutput(report, template, options.json));
  return report.status === "written" ? 0 : 1;
}

/**
 * What `import` prints on stdout: the report as JSON (no raw C1, line separator or bidi control) or as text (no
 * control character at all: the vendor's ids, labels and reasons are shown with visible `\uXXXX` escapes).
 */
export function importOutput(report: ImportReport, template: string, json: boolean): string {
  return json ? `${jsonText(report)}\n` : text(report, template);
}

function text(report: ImportReport, template: string): string {
  if (report.status === "error") return `${printable(`Import failed: ${report.error ?? "unknown"}`)}\n`;
  const lines = [`Wrote ${report.out}: ${report.resources.length} Dialpad object(s) from ${report.source} (credentials from the ${report.credentials}).`];
  const byType = new Map<string, number>();
  for (const r of report.resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  for (const [type, n] of byType) lines.push(`  ${type}: ${n}`);
  for (const s of report.skipped) lines.push(`Skipped ${s.type} ${s.id} (${s.label}): ${s.reason}`);
  for (const w of report.warnings) lines.push(`Warning: ${w}`);
  if (report.configCommands.length > 0) {
    lines.push("", "Set each secret to the value the vendor holds (the command prompts for it), for each stack that runs the module:");
    for (const c of report.configCommands) lines.push(`  ${c}`);
  }
  lines.push("", `Then import the module from your program (e.g. \`import * as existing from "./${path.basename(report.out, ".ts")}";\`) and run \`pulumi up\`.`);
  if (template !== "") lines.push("", `Not listed: ${report.notListed.map((n) => n.type).join(", ")}: ${NOT_LISTABLE_REASON}.`, ...template.trimEnd().split("\n"));
  return `${printableLines(lines)}\n`;
}
