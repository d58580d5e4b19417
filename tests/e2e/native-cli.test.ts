// End-to-end: the native providers driven by the `pulumi` CLI itself, the way teams run it: `pulumi up`,
// `pulumi import TYPE NAME ID`, `pulumi import --file`, `pulumi preview --diff` and `pulumi destroy` in a project
// written in Pulumi YAML (the YAML language host comes from scripts/setup-engine.sh; the Node.js one cannot be had
// here, and the Automation API's in-process host has no `import` command). The plugins are found on PATH (`bin/`).
// Counted at the vendor: an import sends only GETs; the code `pulumi import` prints, pasted into the program,
// shows no change; no secret (a webhook's signing secret read back at import, the API key) is in any output,
// in `pulumi stack export` or in the state files.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_DIALPAD_API_KEY, DEFAULT_CINNOX_APP_TOKEN, startEmulator, type RunningEmulator } from "../../emulator";
import { engineEnv, provisionEngine, repoRoot } from "../../scripts/engine";
import { startReceiver, type RunningReceiver } from "../../examples/receiver";
import { filesUnder } from "../helpers/files";
import { adminRequests, adminState, outOfBand } from "../helpers/emulator";

const HOOK_SECRET = "native-cli-hook-secret-41";
const FOREIGN_SECRET = "native-cli-foreign-secret-42";
const NEVER_SHOWN = [HOOK_SECRET, FOREIGN_SECRET, DEFAULT_DIALPAD_API_KEY, DEFAULT_CINNOX_APP_TOKEN];

const PROGRAM = `name: native-cli
runtime: yaml
config:
  hookSecret:
    type: string
    secret: true
  receiverUrl:
    type: string
resources:
  ops:
    type: dialpad:index:Webhook
    properties:
      hookUrl: https://ops.example.com/dialpad
      secret: \${hookSecret}
  calls:
    type: dialpad:index:CallSubscription
    properties:
      webhookId: \${ops.id}
      callStates: [ringing, hangup]
  inbound:
    type: cinnox:index:InboundSmsSubscription
    properties:
      appId: app-native-cli
      url: \${receiverUrl}/cinnox
`;

interface Run {
  code: number;
  out: string;
}

describe("e2e: native providers through the pulumi CLI (YAML program, plugins on PATH)", function () {
  this.timeout(600_000);
  let root: string;
  let project: string;
  let emulator: RunningEmulator;
  let receiver: RunningReceiver;
  let env: NodeJS.ProcessEnv;
  let pulumiBin: string;
  const outputs: string[] = [];

  /** Runs `pulumi …` in the project; stdout and stderr together, as a terminal shows them. */
  const pulumi = async (args: string[]): Promise<Run> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(pulumiBin, [...args, "--non-interactive"], {
        cwd: project, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
      });
      outputs.push(stdout, stderr);
      return { code: 0, out: `${stdout}\n${stderr}` };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      outputs.push(e.stdout ?? "", e.stderr ?? "");
      return { code: typeof e.code === "number" ? e.code : 1, out: `${e.stdout ?? ""}\n${e.stderr ?? ""}` };
    }
  };
  const ok = async (args: string[]): Promise<string> => {
    const r = await pulumi(args);
    assert.equal(r.code, 0, `pulumi ${args.join(" ")} failed:\n${r.out}`);
    return r.out;
  };
  /** `pulumi config set --secret KEY` with the value on stdin, as a user types it: never on a command line. */
  const setSecret = async (key: string, value: string): Promise<void> => {
    const child = execFile(pulumiBin, ["config", "set", "--secret", key, "--non-interactive"], { cwd: project, env });
    child.stdin?.end(value);
    await new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`config set ${key}: ${code}`)))));
  };
  const made = async (apiPath: string, body: unknown): Promise<string> => {
    const res = await outOfBand(emulator.url, { method: "POST", path: apiPath, body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return String((res.body as { id: string | number }).id);
  };
  const writesSince = async (seq: number) => (await adminRequests(emulator.url, seq)).filter((r) => r.method !== "GET");
  const lastSeq = async () => (await adminRequests(emulator.url)).reduce((m, r) => Math.max(m, r.seq), 0);
  /** The program's resources block gains the printed code (its `resources:` entries). */
  const paste = (code: string) => {
    const entries = code.replace(/^resources:\n/, "");
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8") + entries);
  };

  before(async () => {
    assert.ok(fs.existsSync(path.join(repoRoot, "dist", "provider", "native", "plugin.js")), "npm run build first: the plugins run dist/");
    const { binDir } = await provisionEngine();
    pulumiBin = path.join(binDir, "pulumi");
    assert.ok(
      fs.existsSync(path.join(binDir, "pulumi-language-yaml")),
      `scripts/setup-engine.sh did not provide pulumi-language-yaml in ${binDir} (its log says why)`,
    );
    fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
    root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", "e2e-native-cli-"));
    project = path.join(root, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), PROGRAM);
    emulator = await startEmulator({ port: 0, rateLimits: false });
    receiver = await startReceiver({ port: 0, log: () => undefined });
    env = {
      ...process.env,
      ...engineEnv(binDir, root),
      PATH: `${binDir}${path.delimiter}${path.join(repoRoot, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    };
    await ok(["stack", "init", "dev"]);
    await ok(["config", "set", "dialpad:baseUrl", emulator.url]);
    await ok(["config", "set", "cinnox:baseUrl", emulator.url]);
    await ok(["config", "set", "receiverUrl", receiver.url]);
    for (const [key, value] of [["dialpad:apiKey", DEFAULT_DIALPAD_API_KEY], ["cinnox:appToken", DEFAULT_CINNOX_APP_TOKEN], ["hookSecret", HOOK_SECRET]]) {
      await setSecret(key, value);
    }
  });

  after(async () => {
    await receiver?.close();
    await emulator?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });

  it("pulumi up creates the declared objects through the plugins", async () => {
    const out = await ok(["up", "--yes"]);
    assert.match(out, /\+ 4 created/);
    const s = await adminState(emulator.url);
    assert.deepEqual(s.dialpad.webhooks.map((h) => h.hook_url), ["https://ops.example.com/dialpad"]);
    assert.equal(s.dialpad.subscriptions.call.length, 1);
    assert.equal(s.cinnox.subscriptions["app-native-cli"]?.["inbound-sms"]?.enabled, true);
  });

  let foreignHook: string;
  let foreignCalls: string;
  let foreignSms: string;

  it("pulumi import TYPE NAME ID adopts an object with only GETs at the vendor and prints its code", async () => {
    const s = await adminState(emulator.url);
    const opsHook = String(s.dialpad.webhooks[0]?.id);
    foreignSms = await made("/api/v2/subscriptions/sms", { webhook_id: Number(opsHook), direction: "inbound" });
    const seq = await lastSeq();
    const out = await ok(["import", "dialpad:index:SmsSubscription", "inbound-sms", foreignSms, "--yes", "--protect=false", "--out", "sms.yaml"]);
    assert.match(out, /= 1 imported/);
    assert.deepEqual(await writesSince(seq), [], "an import sends no write");
    const code = fs.readFileSync(path.join(project, "sms.yaml"), "utf8");
    assert.match(code, /type: dialpad:SmsSubscription/);
    assert.match(code, /direction: inbound/);
    // The webhook's id, or a reference to the program's webhook that holds it.
    assert.match(code, new RegExp(`webhookId: (?:'${opsHook}'|\\$\\{ops\\.id\\})`), code);
    paste(code);
  });

  it("pulumi import --file adopts a webhook and its subscription: references wired, the secret left out with a warning", async () => {
    foreignHook = await made("/api/v2/webhooks", { hook_url: "https://other-team.example.com/dialpad", secret: FOREIGN_SECRET });
    foreignCalls = await made("/api/v2/subscriptions/call", { webhook_id: Number(foreignHook), call_states: ["hangup"] });
    fs.writeFileSync(path.join(project, "import.json"), JSON.stringify({
      resources: [
        { type: "dialpad:index:Webhook", name: "other-hook", id: foreignHook },
        { type: "dialpad:index:CallSubscription", name: "other-calls", id: foreignCalls },
      ],
    }));
    const seq = await lastSeq();
    const out = await ok(["import", "--file", "import.json", "--yes", "--protect=false", "--out", "imported.yaml"]);
    assert.match(out, /= 2 imported/);
    assert.deepEqual(await writesSince(seq), [], "an import sends no write");
    assert.match(out, /warning: dialpad:Webhook \d+: secret left out of the code pulumi import prints/);
    const code = fs.readFileSync(path.join(project, "imported.yaml"), "utf8");
    assert.match(code, /webhookId: \$\{\["other-hook"\]\.id\}/, code);
    assert.doesNotMatch(code, /secret/, code);
    // As the warning says: the secret declared from secret config, then the code pasted.
    paste(code.replace("    properties:\n      hookUrl: https://other-team.example.com/dialpad\n",
      "    properties:\n      hookUrl: https://other-team.example.com/dialpad\n      secret: ${foreignSecret}\n"));
    const program = fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8");
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), program.replace("config:\n", "config:\n  foreignSecret:\n    type: string\n    secret: true\n"));
    await setSecret("foreignSecret", FOREIGN_SECRET);
  });

  it("with the printed code pasted, pulumi preview --diff shows no change and sends no write", async () => {
    const seq = await lastSeq();
    const out = await ok(["preview", "--diff", "--expect-no-changes"]);
    assert.doesNotMatch(out, /to update|to create|to delete|to replace/, out);
    assert.deepEqual(await writesSince(seq), []);
  });

  it("pulumi import of a Cinnox kind says Cinnox cannot read it and sends nothing", async () => {
    const seq = await lastSeq();
    const r = await pulumi(["import", "cinnox:index:InboundSmsSubscription", "theirs", "app-native-cli", "--yes"]);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /cinnox:InboundSmsSubscription app-native-cli cannot be imported/);
    assert.deepEqual(await adminRequests(emulator.url, seq), []);
  });

  it("stack export and the state files hold no secret in clear", async () => {
    const exported = await ok(["stack", "export"]);
    for (const s of NEVER_SHOWN) assert.ok(!exported.includes(s), "a secret in pulumi stack export");
    const files = filesUnder(path.join(root, "backend"));
    for (const f of files) for (const s of NEVER_SHOWN) assert.ok(!f.text.includes(s), `a secret in ${path.relative(root, f.file)}`);
  });

  it("pulumi destroy deletes the program's objects and the imported ones, and nothing else", async () => {
    await ok(["destroy", "--yes"]);
    const s = await adminState(emulator.url);
    assert.deepEqual(s.dialpad.webhooks, []);
    assert.deepEqual(s.dialpad.subscriptions.call, []);
    assert.deepEqual(s.dialpad.subscriptions.sms, []);
    assert.notEqual(s.cinnox.subscriptions["app-native-cli"]?.["inbound-sms"]?.enabled, true);
  });

  it("no command printed a secret", () => {
    const all = outputs.join("\n");
    for (const s of NEVER_SHOWN) assert.ok(!all.includes(s), "a secret in the CLI's output");
  });
});
