// End-to-end: the package as a user gets it. `npm pack` (prepack cleans and builds), the tarball installed into a
// Pulumi project in the system's temporary directory, outside the repository, with @pulumi/pulumi from the registry;
// the project's TypeScript compiled with the tsconfig `pulumi new typescript` writes; its stack run through the real
// engine (up, drift, refresh through the Automation API; destroy with the CLI) against the installed emulator bin. Once with the @pulumi/pulumi this
// repository pins and once with the lowest version of the peer range, which proves the range's lower bound.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineEnv, provisionEngine, repoRoot } from "../../scripts/engine";
import { adminState, dialpad } from "../helpers/emulator";

const FIXTURE = path.join(__dirname, "packed-project");
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const PINNED = manifest.devDependencies["@pulumi/pulumi"] as string;
const PEER_RANGE = manifest.peerDependencies["@pulumi/pulumi"] as string;
const LOWEST = /^\^(\d+\.\d+\.\d+)$/.exec(PEER_RANGE)?.[1];
const installedVersion = (pkg: string) =>
  (JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs a command to its end; never throws on a non-zero exit (the caller asserts on it). */
function run(command: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const failed = (what: string, r: Run) => `${what} exited ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

/** This process's environment without what would let a child resolve modules from the repository. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  return env;
}

interface Packed { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }

describe("e2e: the packed package installed in a user's project (npm pack, npm install, real engine)", function () {
  this.timeout(600_000);
  let tmp: string;
  let packed: Packed;
  let binDir: string;

  before(async () => {
    assert.ok(LOWEST, `peerDependencies["@pulumi/pulumi"] is "^x.y.z" (got ${PEER_RANGE})`);
    tmp = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pulumi-dialpad-cinnox-packed-"));
    assert.ok(path.relative(repoRoot, tmp).startsWith(".."), `${tmp} is outside the repository`);
    ({ binDir } = await provisionEngine());
    const r = await run("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: repoRoot });
    assert.equal(r.code, 0, failed("npm pack", r));
    [packed] = JSON.parse(r.stdout) as Packed[];
    console.log(`      ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.files.length} files`);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  });

  it("npm pack builds first and ships the compiled package, its types and both bins, without tests or source maps", () => {
    const files = new Set(packed.files.map((f) => f.path));
    for (const entry of ["sdk", "provider", "emulator", "native", "native/nodejs/dialpad", "native/nodejs/cinnox"]) {
      assert.ok(files.has(`dist/${entry}/index.js`), `dist/${entry}/index.js is packed`);
      assert.ok(files.has(`dist/${entry}/index.d.ts`), `dist/${entry}/index.d.ts is packed`);
    }
    for (const [bin, target] of Object.entries(manifest.bin)) assert.ok(files.has(target), `bin ${bin} -> ${target} is packed`);
    // The generated SDKs: the TypeScript one's package.json (its version, read at run time) and the Go module.
    for (const f of ["dist/native/nodejs/dialpad/package.json", "dist/native/nodejs/cinnox/package.json", "native/go/go.mod", "native/go/dialpad/webhook.go", "native/go/cinnox/provider.go"]) {
      assert.ok(files.has(f), `${f} is packed`);
    }
    const stray = [...files].filter((f) => f.endsWith(".map") || f.endsWith(".ts") && !f.endsWith(".d.ts") || /^(dist\/)?(tests|spec|scripts|bench|examples)\//.test(f));
    assert.deepEqual(stray, [], "no source maps, sources, tests, spec or scripts in the package");
  });

  for (const [label, version] of [["pinned", PINNED], ["lowest in the peer range", LOWEST as string]] as const) {
    describe(`with @pulumi/pulumi ${version} (${label})`, () => {
      let root: string;
      let project: string;
      let env: NodeJS.ProcessEnv;
      let emulator: ChildProcess | undefined;
      let emulatorUrl: string;
      const bin = (name: string) => path.join(project, "node_modules", ".bin", name);
      const ci = async (op: "up" | "refresh") => {
        const r = await run(process.execPath, ["bin/ci.js", op], { cwd: project, env });
        assert.equal(r.code, 0, failed(`ci ${op}`, r));
        const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
        assert.ok(line, `ci ${op} printed its result:\n${r.stdout}`);
        return JSON.parse(line.slice("RESULT ".length)) as {
          summary: { result: string; resourceChanges?: Record<string, number> };
          outputs?: Record<string, unknown>;
          resolved: { package: string; pulumi: string };
          pulumiVersion: string;
        };
      };
      const drift = () => run(bin("pulumi-dialpad-cinnox"), ["drift", "--json", "--cwd", project], { cwd: project, env });

      before(async function () {
        root = path.join(tmp, `pulumi-${version}`);
        project = path.join(root, "project");
        fs.cpSync(FIXTURE, project, { recursive: true });
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: packed-install-check\nruntime: nodejs\n");
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({
          name: "packed-install-check",
          private: true,
          dependencies: { "@pulumi/pulumi": version, [manifest.name]: `file:../../${packed.filename}` },
          // The versions this repository uses, so that npm's cache has them.
          devDependencies: { typescript: installedVersion("typescript"), "@types/node": installedVersion("@types/node") },
        }, null, 2));
        const install = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: project });
        assert.equal(install.code, 0, failed("npm install", install));
        env = cleanEnv({ ...engineEnv(binDir, path.join(root, "state")), PULUMI_ROOT: path.dirname(binDir) });
      });

      after(async () => {
        if (emulator && emulator.exitCode === null) {
          const exited = new Promise((resolve) => emulator?.once("exit", resolve));
          emulator.kill("SIGTERM");
          await exited;
        }
      });

      it("installs the tarball (not a link to the repository) beside one copy of @pulumi/pulumi, the project's", () => {
        const installed = path.join(project, "node_modules", manifest.name);
        assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "a copy, not a link");
        assert.ok(fs.existsSync(path.join(installed, "dist", "sdk", "index.js")));
        assert.ok(!fs.existsSync(path.join(installed, "node_modules", "@pulumi", "pulumi")), "no second @pulumi/pulumi under the package");
        const pulumiPkg = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string };
        assert.equal(pulumiPkg.version, version);
      });

      it("compiles with the tsconfig of `pulumi new typescript` plus allowSyntheticDefaultImports, subpath imports included", async () => {
        const tsconfig = JSON.parse(fs.readFileSync(path.join(project, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
        assert.equal(tsconfig.compilerOptions.moduleResolution, "node");
        assert.equal(tsconfig.compilerOptions.skipLibCheck, undefined);
        assert.equal(tsconfig.compilerOptions.esModuleInterop, undefined);
        const tsc = path.join(project, "node_modules", "typescript", "bin", "tsc");
        // The one setting the README asks for: without it, the only errors are in zod's own declaration files
        // (its locales default-import `export =` modules), none in this package's.
        const without = await run(process.execPath, [tsc, "-p", ".", "--noEmit", "--pretty", "false", "--allowSyntheticDefaultImports", "false"], { cwd: project });
        const errorFiles = new Set([...without.stdout.matchAll(/^(\S+?)\(\d+,\d+\): error/gm)].map((m) => m[1]));
        assert.deepEqual([...errorFiles].filter((f) => !f?.startsWith("node_modules/zod/")), [], without.stdout.slice(0, 4000));
        const withIt = await run(process.execPath, [tsc, "-p", "."], { cwd: project });
        assert.equal(withIt.code, 0, failed("tsc", withIt));
        assert.ok(fs.existsSync(path.join(project, "bin", "ci.js")));
      });

      it("the installed pulumi-dialpad-cinnox-emulator bin starts and serves the vendors' APIs", async () => {
        emulator = spawn(bin("pulumi-dialpad-cinnox-emulator"), ["--port", "0"], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        emulator.stderr?.on("data", (d: Buffer) => (err += d.toString()));
        emulatorUrl = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the emulator printed no URL: ${out} ${err}`)), 30_000);
          emulator?.stdout?.on("data", (d: Buffer) => {
            out += d.toString();
            const m = /listening on (http:\/\/\S+)[\s\S]*\n {2}state: /.exec(out);
            if (m) {
              clearTimeout(timer);
              resolve(m[1] as string);
            }
          });
          emulator?.once("exit", (code) => reject(new Error(`the emulator exited ${code}: ${out} ${err}`)));
        });
        assert.match(out, /Dialpad: http:\/\/\S+\/api\/v2/);
        const state = await adminState(emulatorUrl);
        assert.deepEqual(state.dialpad.webhooks, []);
        env.EMULATOR_URL = emulatorUrl;
      });

      it("`pulumi-dialpad-cinnox drift --help` prints the usage", async () => {
        const r = await run(bin("pulumi-dialpad-cinnox"), ["drift", "--help"], { cwd: project, env });
        assert.equal(r.code, 0, failed("drift --help", r));
        assert.match(r.stdout, /^Usage:\n {2}pulumi-dialpad-cinnox drift /);
        assert.match(r.stdout, /Exit code: 0 no drift, 2 drift/);
      });

      it("the installed native plugins are what the engine runs: `pulumi package get-schema` answers each schema at the package's version", async () => {
        for (const vendor of ["dialpad", "cinnox"]) {
          const r = await run(path.join(binDir, "pulumi"), ["package", "get-schema", bin(`pulumi-resource-${vendor}`)], { cwd: project, env });
          assert.equal(r.code, 0, failed(`get-schema ${vendor}`, r));
          const schema = JSON.parse(r.stdout) as { name: string; version: string; resources: Record<string, unknown> };
          assert.equal(schema.name, vendor);
          assert.equal(schema.version, manifest.version);
          assert.ok(schema.resources[vendor === "dialpad" ? "dialpad:index:Webhook" : "cinnox:index:InboundSmsSubscription"]);
        }
      });

      it("up (Automation API, real engine) creates the declared objects at the emulator, from the installed package", async () => {
        const up = await ci("up");
        assert.equal(up.summary.result, "succeeded");
        assert.equal(up.summary.resourceChanges?.create, 5, "the stack and four resources");
        assert.equal(up.pulumiVersion, version);
        for (const resolved of Object.values(up.resolved)) {
          assert.ok(resolved.startsWith(path.join(project, "node_modules") + path.sep), `${resolved} is in the project's node_modules`);
        }
        const state = await adminState(emulatorUrl);
        assert.equal(state.dialpad.webhooks.length, 1);
        assert.equal(state.dialpad.webhooks[0]?.id, up.outputs?.webhookId);
        assert.match(String(state.dialpad.webhooks[0]?.hook_url), /^http:\/\/127\.0\.0\.1:\d+\/dialpad$/);
        assert.deepEqual(state.dialpad.subscriptions.call.map((c) => c.call_states), [["hangup", "ringing"]]);
        assert.deepEqual(state.dialpad.subscriptions.sms.map((s) => s.direction), ["inbound"]);
        assert.equal(state.cinnox.apps["app-123"]?.enabled, true);
      });

      it("drift finds nothing, then an out-of-band change; refresh records it and up puts the declared URL back", async () => {
        const clean = await drift();
        assert.equal(clean.code, 0, failed("drift", clean));
        assert.equal((JSON.parse(clean.stdout) as { status: string }).status, "clean");

        const hook = (await adminState(emulatorUrl)).dialpad.webhooks[0];
        const changed = await dialpad(emulatorUrl, "PATCH", `/webhooks/${hook?.id}`, { hook_url: "https://elsewhere.example.com/hook" });
        assert.equal(changed.status, 200);
        const drifted = await drift();
        assert.equal(drifted.code, 2, failed("drift", drifted));
        const report = JSON.parse(drifted.stdout) as { stacks: { resources: { type: string; properties: { name: string; live?: unknown }[] }[] }[] };
        assert.deepEqual(report.stacks[0]?.resources.map((r) => [r.type, r.properties.map((p) => [p.name, p.live])]), [
          ["dialpad:Webhook", [["hookUrl", "https://elsewhere.example.com/hook"]]],
        ]);

        const refresh = await ci("refresh");
        assert.equal(refresh.summary.result, "succeeded");
        assert.equal(refresh.summary.resourceChanges?.update, 1, "refresh records the webhook's new URL");

        // Read returned the live inputs too (ReadResult.inputs, the reason for the peer range's lower bound), so
        // the program's URL now differs from the recorded inputs and up restores it with one update.
        const restore = await ci("up");
        assert.equal(restore.summary.result, "succeeded");
        assert.deepEqual(restore.summary.resourceChanges, { same: 4, update: 1 });
        assert.equal((await adminState(emulatorUrl)).dialpad.webhooks[0]?.hook_url, hook?.hook_url);
      });

      it("`pulumi destroy` loads the provider from the project's node_modules: fails without them, then empties the emulator", async () => {
        const destroy = () => run(path.join(binDir, "pulumi"), ["destroy", "--yes", "--stack", "ci", "--non-interactive", "--color", "never"], { cwd: project, env });
        const modules = path.join(project, "node_modules");
        fs.renameSync(modules, `${modules}.away`);
        let without: Run;
        try {
          without = await destroy();
        } finally {
          fs.renameSync(`${modules}.away`, modules);
        }
        assert.notEqual(without.code, 0, failed("pulumi destroy without node_modules", without));
        assert.match(without.stdout + without.stderr, /Cannot find module '@pulumi\/pulumi\/cmd\/dynamic-provider'/);
        assert.equal((await adminState(emulatorUrl)).dialpad.webhooks.length, 1, "nothing was deleted");

        const r = await destroy();
        assert.equal(r.code, 0, failed("pulumi destroy", r));
        const state = await adminState(emulatorUrl);
        assert.deepEqual(state.dialpad.webhooks, []);
        assert.deepEqual(state.dialpad.subscriptions.call, []);
        assert.deepEqual(state.dialpad.subscriptions.sms, []);
        assert.equal(state.cinnox.apps["app-123"]?.enabled, false, "Cinnox's subscription is disabled (its only way to remove it)");
      });
    });
  }
});
