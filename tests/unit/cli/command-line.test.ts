// The command line as a user runs it (a subprocess of cli/index.ts): usage errors and help, and `import --out`
// that refuses to replace an existing file unless --force.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_DIALPAD_API_KEY } from "../../../emulator";
import { adminState, dialpad, withEmulator } from "../../helpers/emulator";

const CLI = path.resolve(__dirname, "../../../cli/index.ts");

interface Run { code: number; stdout: string; stderr: string }

function cli(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DIALPAD|CINNOX)_/.test(k)));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--require", require.resolve("tsx/cjs"), CLI, ...args], { cwd, env: { ...clean, ...env }, encoding: "utf8", timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") return reject(err);
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      });
  });
}

describe("cli: the command line", function () {
  this.timeout(60_000);

  it("an unknown command is a usage error (exit 1), with or without --help", async () => {
    for (const args of [["frobnicate"], ["frobnicate", "--help"], ["drift", "extra", "--help"], ["-h", "nope"]]) {
      const r = await cli(args);
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^pulumi-dialpad-cinnox: unknown command: /, args.join(" "));
      assert.match(r.stderr, /Usage:/);
      assert.equal(r.stdout, "");
    }
    const none = await cli([]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no command given/);
  });

  it("--help, drift --help, import --help and recover --help print the usage (exit 0), --force and recover included", async () => {
    for (const args of [["--help"], ["drift", "--help"], ["import", "--help"], ["recover", "--help"], ["-h"]]) {
      const r = await cli(args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stdout, /^Usage:/);
      assert.match(r.stdout, /import --out FILE\.ts \[--force\]/);
      assert.match(r.stdout, /an existing file is refused unless --force/);
      assert.match(r.stdout, /recover \[--yes\]/);
    }
    const misplaced = await cli(["drift", "--force"]);
    assert.equal(misplaced.code, 1);
    assert.match(misplaced.stderr, /--force only applies to import/);
  });

  describe("import --out", () => {
    const emu = withEmulator();
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-import-out-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const env = () => ({ DIALPAD_API_KEY: DEFAULT_DIALPAD_API_KEY, DIALPAD_BASE_URL: emu.url });

    it("refuses an existing file (exit 1, the file untouched, nothing asked of the vendor); --force replaces it", async () => {
      await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/dialpad" });
      const file = path.join(dir, "index.ts");
      fs.writeFileSync(file, "// hand-written\n");
      const before = (await adminState(emu.url)) as unknown;

      const refused = await cli(["import", "--out", "index.ts", "--cwd", dir], env());
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /import: error: --out index\.ts: .*index\.ts exists; pass --force to replace it/);
      assert.match(refused.stdout, /^Import failed: --out index\.ts: .* exists; pass --force to replace it\n$/);
      assert.equal(fs.readFileSync(file, "utf8"), "// hand-written\n");
      assert.deepEqual(await adminState(emu.url), before);

      const forced = await cli(["import", "--out", "index.ts", "--force", "--cwd", dir], env());
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(fs.readFileSync(file, "utf8"), /new dialpad\.Webhook\("ops-dialpad", \{ hookUrl: "https:\/\/ops\.example\.com\/dialpad", adoptId: "\d+" \}\)/);

      const fresh = await cli(["import", "--out", "sub/new.ts", "--cwd", dir], env());
      assert.equal(fresh.code, 0, fresh.stderr);
      assert.ok(fs.existsSync(path.join(dir, "sub", "new.ts")));
    });
  });
});
