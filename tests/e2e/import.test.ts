// End-to-end: `pulumi-dialpad-cinnox import` and `drift --unmanaged` as a user runs them (subprocesses), on the real
// engine. The emulator holds 30 objects of every Dialpad kind made out of band (some with secrets, several
// subscriptions sharing one webhook); import writes a module; a stack whose program loads it runs `pulumi up`; the
// vendor's state is what it was, the next preview shows no change, and drift --unmanaged finds nothing, then
// exactly the one object made out of band afterwards.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { ImportReportSchema, type ImportReport } from "../../cli/import/command";
import { ReportSchema, type DriftReport } from "../../cli/drift/schema";
import { startEmulator, type EmulatorState, type RunningEmulator } from "../../emulator";
import { emulatorConfig, engineEnv, openStack, provisionEngine, repoRoot } from "../../scripts/engine";
import { adminRequests, adminState, clearRequests, outOfBand } from "../helpers/emulator";
import { runCli } from "./drift-fixture";

const PROJECT = "dialpad-import-e2e";

/** What another team made by hand and by scripts: 30 objects of the 9 Dialpad kinds, 5 of them with secrets. */
async function preload(url: string): Promise<{ secretsById: Map<string, string> }> {
  const secretsById = new Map<string, string>();
  const make = async (method: string, p: string, body: Record<string, unknown>): Promise<string> => {
    const res = await outOfBand(url, { method, path: p, body });
    assert.equal(res.status, 200, `${method} ${p}: ${JSON.stringify(res.body)}`);
    const id = (res.body as { id: string }).id;
    if (typeof body.secret === "string") secretsById.set(id, body.secret);
    return id;
  };
  const ops = await make("POST", "/api/v2/webhooks", { hook_url: "https://ops.example.com/dialpad", secret: "ops-hook-secret-1" });
  const crm = await make("POST", "/api/v2/webhooks", { hook_url: "https://crm.acme.io/hooks/dialpad" });
  const twin = await make("POST", "/api/v2/webhooks", { hook_url: "https://ops.example.com/dialpad", secret: "twin-hook-secret-2" });
  await make("POST", "/api/v2/webhooks", { hook_url: "http://10.0.0.7:8080/events" });
  const stream = await make("POST", "/api/v2/websockets", { secret: "ws-secret-3" });
  await make("POST", "/api/v2/websockets", {});
  // Five call subscriptions, three of them on one webhook.
  await make("POST", "/api/v2/subscriptions/call", { webhook_id: ops, call_states: ["hangup", "ringing"], target_type: "office", target_id: 123 });
  await make("POST", "/api/v2/subscriptions/call", { webhook_id: ops, call_states: ["missed", "voicemail"] });
  await make("POST", "/api/v2/subscriptions/call", { webhook_id: ops, call_states: ["connected"], enabled: false, group_calls_only: true });
  await make("POST", "/api/v2/subscriptions/call", { websocket_id: stream, call_states: ["all"] });
  await make("POST", "/api/v2/subscriptions/call", { webhook_id: crm, call_states: ["hangup"], target_type: "department", target_id: 77 });
  await make("POST", "/api/v2/subscriptions/sms", { webhook_id: ops, direction: "inbound" });
  await make("POST", "/api/v2/subscriptions/sms", { webhook_id: ops, direction: "outbound", status: true, include_internal: true });
  await make("POST", "/api/v2/subscriptions/sms", { webhook_id: twin, direction: "all", target_type: "user", target_id: 9001 });
  await make("POST", "/api/v2/subscriptions/sms", { websocket_id: stream, direction: "inbound", enabled: false });
  await make("POST", "/api/v2/subscriptions/contact", { webhook_id: crm, contact_type: "shared" });
  await make("POST", "/api/v2/subscriptions/contact", { webhook_id: crm, contact_type: "local" });
  await make("POST", "/api/v2/subscriptions/contact", { websocket_id: stream, contact_type: "shared" });
  await make("POST", "/api/v2/subscriptions/agent_status", { webhook_id: ops, agent_type: "callcenter" });
  await make("POST", "/api/v2/subscriptions/agent_status", { webhook_id: crm, agent_type: "callcenter", enabled: false });
  await make("POST", "/api/v2/subscriptions/agent_status", { websocket_id: stream, agent_type: "callcenter" });
  await make("POST", "/api/v2/subscriptions/changelog", { webhook_id: ops });
  await make("POST", "/api/v2/subscriptions/changelog", { webhook_id: twin, enabled: false });
  await make("POST", "/api/v2/subscriptions/changelog", { websocket_id: stream });
  await make("PUT", "/api/v2/event-subscriptions/sms/ops-sms", { url: "https://ops.example.com/sms", direction: "all", secret: "legacy-sms-secret-4" });
  await make("PUT", "/api/v2/event-subscriptions/sms/crm_inbound", { url: "https://crm.acme.io/sms", direction: "inbound", target_type: "office", target_id: 5 });
  await make("PUT", "/api/v2/event-subscriptions/sms/old_sms", { url: "https://old.example.com/sms", direction: "outbound", enabled: false });
  await make("PUT", "/api/v2/event-subscriptions/call/ops-calls", {
    url: "https://ops.example.com/calls", call_states: ["ringing", "hangup"], secret: "legacy-call-secret-5",
  });
  await make("PUT", "/api/v2/event-subscriptions/call/crm-missed", { url: "https://crm.acme.io/missed", call_states: ["missed"], group_calls_only: true });
  await make("PUT", "/api/v2/event-subscriptions/call/queue", { url: "https://ops.example.com/queue", call_states: ["queued"], target_type: "callcenter", target_id: 42 });
  return { secretsById };
}

const countObjects = (s: EmulatorState) => {
  const d = (s as unknown as { dialpad: Record<string, unknown> }).dialpad;
  let n = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) n += v.length;
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(d);
  return n;
};

/**
 * The state dump without what changes on every read: a websocket's `websocket_url` (a fresh token per render,
 * also inside subscriptions that embed their websocket). Everything else is compared as is, unless `sortSets`:
 * then `call_states` too is compared as the set it is (the provider sends sets sorted; the vendor keeps the order sent).
 */
function stable(state: EmulatorState, sortSets = false): unknown {
  const strip = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return sortSets && key === "call_states" ? [...(v as string[])].sort() : v.map((x) => strip(x));
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "websocket_url").map(([k, x]) => [k, strip(x, k)]));
    }
    return v;
  };
  return strip(state);
}


describe("e2e: import every existing Dialpad object, adopt it unchanged, then watch for unmanaged ones", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let root: string;
  let projectDir: string;
  let env: Record<string, string>;
  let stack: Stack;
  let secretsById: Map<string, string>;
  let report: ImportReport;
  const moduleFile = () => path.join(projectDir, "dialpad-existing.ts");

  before(async () => {
    emulator = await startEmulator({ port: 0, rateLimits: false });
    fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
    root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", "e2e-import-"));
    projectDir = path.join(root, "project");
    fs.mkdirSync(projectDir);
    const { binDir } = await provisionEngine();
    env = engineEnv(binDir, root);
    ({ secretsById } = await preload(emulator.url));
    // The user's project: a stack whose config holds the credentials (import reads them from there, not the environment).
    stack = await openStack({
      stackName: "dev", stateDir: root, workDir: projectDir, projectName: PROJECT, config: emulatorConfig(emulator.url),
      // The program a user writes: it imports the generated module (loaded afresh on every run).
      program: async () => {
        const file = require.resolve(moduleFile());
        delete require.cache[file];
        require(file);
      },
    });
  });

  after(async () => {
    await emulator?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });

  // A user's shell: pulumi on PATH, the backend and passphrase, no vendor credentials in the environment.
  const cli = (...args: string[]) => runCli(args, { ...env, DIALPAD_API_KEY: "", DIALPAD_BASE_URL: "" });

  it("import writes a module declaring all 30 objects, from the selected stack's credentials, without a secret value", async () => {
    assert.equal(countObjects(await adminState(emulator.url)), 30);
    const run = await cli("import", "--out", "dialpad-existing.ts", "--cwd", projectDir, "--json");
    assert.equal(run.code, 0, run.stderr);
    report = ImportReportSchema.parse(JSON.parse(run.stdout));
    assert.equal(report.status, "written");
    assert.equal(report.credentials, "stack dev");
    assert.equal(report.resources.length, 30);
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.notListed.length, 9, "every Cinnox kind is named as not listable");
    const source = fs.readFileSync(moduleFile(), "utf8");
    for (const secret of secretsById.values()) {
      assert.ok(!source.includes(secret) && !run.stdout.includes(secret) && !run.stderr.includes(secret), "no secret is written or printed");
    }
    assert.equal(report.configCommands.length, 5, "one secret per object that has one");
    assert.ok(report.configCommands.every((c) => /^pulumi config set --secret [A-Za-z0-9]+$/.test(c)), "commands without values");
    // A graph: subscriptions name their webhook or websocket by reference, never by a literal id.
    assert.doesNotMatch(source, /(webhookId|websocketId): "/);
    assert.equal(source.match(/webhookId: webhooks\.opsDialpad\.id/g)?.length, 7, "the subscriptions sharing the ops webhook");
    assert.match(source, /websocketId: websockets\.websocket\.id/);
    assert.match(source, /adoptExisting: true/);

    // Twice: the same file.
    const again = await cli("import", "--out", "again.ts", "--cwd", projectDir);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(fs.readFileSync(path.join(projectDir, "again.ts"), "utf8"), source);
    assert.match(again.stdout, /pulumi config set --secret opsDialpadSecret\n/);
    assert.match(again.stdout, /new cinnox\.InboundSmsSubscription\("<app>-inbound-sms"/, "the Cinnox template");
    fs.rmSync(path.join(projectDir, "again.ts"));

    // The module exists now: a second import to it is refused (the file untouched) unless --force.
    const refused = await cli("import", "--out", "dialpad-existing.ts", "--cwd", projectDir);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /exists; pass --force to replace it/);
    assert.equal(fs.readFileSync(moduleFile(), "utf8"), source);
  });

  it("the generated module compiles under the tsconfig of `pulumi new typescript` and the project's", async () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    const configs = {
      "tsconfig.json": JSON.parse(fs.readFileSync(path.join(repoRoot, "tests", "e2e", "packed-project", "tsconfig.json"), "utf8")) as { files: string[] },
      "tsconfig.repo.json": {
        compilerOptions: { ...(JSON.parse(fs.readFileSync(path.join(repoRoot, "tsconfig.json"), "utf8")) as { compilerOptions: object }).compilerOptions, types: ["node"], rootDir: "." },
        files: [] as string[],
      },
    };
    for (const [name, config] of Object.entries(configs)) {
      fs.writeFileSync(path.join(projectDir, name), JSON.stringify({ ...config, files: ["dialpad-existing.ts"] }));
      await promisify(execFile)(process.execPath, [tsc, "-p", name, "--noEmit"], { cwd: projectDir }).catch((err: { stdout?: string }) => {
        throw new Error(`tsc -p ${name}: ${err.stdout ?? String(err)}`);
      });
    }
  });

  it("pulumi up adopts every object with its id, creating and deleting nothing, and leaves the vendor's state as it was", async () => {
    const bySecretKey = new Map<string, string>();
    for (const r of report.resources) for (const k of r.secretConfigKeys) bySecretKey.set(k, secretsById.get(r.id)!);
    // What the README says to run, with the values the other team used.
    for (const [key, value] of bySecretKey) await stack.setConfig(key, { value, secret: true });
    const before = await adminState(emulator.url);
    await clearRequests(emulator.url);

    const up = await stack.up({ color: "never" });
    assert.equal(up.summary.result, "succeeded");
    assert.equal(up.summary.resourceChanges?.create, 31, "30 resources and the stack");

    const requests = await adminRequests(emulator.url);
    // Every object already holds what the generated program declares: adoption reads it and sends nothing.
    assert.deepEqual([...new Set(requests.map((r) => r.method))].sort(), ["GET"], "no POST, PATCH, PUT or DELETE");
    assert.ok(requests.every((r) => r.status === 200), "every request succeeded");
    const after = await adminState(emulator.url);
    // Byte for byte, call_states order included (only a websocket's URL is new on every read).
    assert.deepEqual(stable(after), stable(before), "the vendor's state, except websocket URLs, is what it was");
    assert.equal(countObjects(after), 30);

    const state = (await stack.exportStack()).deployment as { resources: { type: string; urn: string; id?: string }[] };
    const ids = new Map(state.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => [r.urn.split("::").pop(), r.id]));
    for (const r of report.resources) assert.equal(ids.get(r.name), r.id, `${r.name} keeps id ${r.id}`);
  });

  it("the next preview shows no change", async () => {
    const preview = await stack.preview({ color: "never", diff: true });
    assert.deepEqual(preview.changeSummary, { same: 31 });
  });

  it("drift --unmanaged finds no drift and nothing unmanaged; one object made out of band is reported alone, exit 2", async () => {
    const clean = await cli("drift", "--cwd", projectDir, "--unmanaged", "--json");
    assert.equal(clean.code, 0, clean.stderr);
    const cleanReport = ReportSchema.parse(JSON.parse(clean.stdout)) as DriftReport;
    assert.equal(cleanReport.status, "clean");
    assert.equal(cleanReport.unmanaged?.status, "clean");
    assert.equal(cleanReport.unmanaged?.accounts.length, 1);
    assert.equal(cleanReport.unmanaged?.accounts[0]!.listed, 30);
    assert.deepEqual(cleanReport.unmanaged?.accounts[0]!.objects, []);

    const made = await outOfBand(emulator.url, {
      method: "POST", path: "/api/v2/webhooks", body: { hook_url: "https://shadow.example.com/clickops?token=t0k3n", secret: "clickops-secret-6" },
    });
    const id = (made.body as { id: string }).id;
    const statePath = path.join(root, "backend", ".pulumi", "stacks", PROJECT, "dev.json");
    const stateBefore = fs.readFileSync(statePath);
    const found = await cli("drift", "--cwd", projectDir, "--unmanaged-only", "--json");
    assert.equal(found.code, 2, found.stderr);
    const foundReport = ReportSchema.parse(JSON.parse(found.stdout)) as DriftReport;
    assert.deepEqual(foundReport.stacks, [], "--unmanaged-only runs no refresh");
    assert.deepEqual(foundReport.unmanaged?.accounts[0]!.objects, [{ type: "dialpad:Webhook", id, label: "shadow.example.com/clickops" }]);

    const text = await cli("drift", "--cwd", projectDir, "--unmanaged");
    assert.equal(text.code, 2, text.stderr);
    assert.match(text.stdout, /^Drift: 0 of 1 stack\(s\) drifted/);
    assert.match(text.stdout, /Unmanaged: 1 of 31 Dialpad object\(s\) managed by no checked stack/);
    assert.match(text.stdout, new RegExp(`\\? dialpad:Webhook ${id}: shadow\\.example\\.com/clickops\\n`));
    const md = await cli("drift", "--cwd", projectDir, "--unmanaged-only", "--markdown");
    assert.equal(md.code, 2, md.stderr);
    assert.match(md.stdout, new RegExp(`\\| \`dialpad:Webhook\` \\| \`${id}\` \\| shadow\\.example\\.com/clickops \\|`));
    for (const out of [found, text, md]) {
      assert.ok(!`${out.stdout}${out.stderr}`.includes("clickops-secret-6") && !out.stdout.includes("t0k3n"), "no secret, no query string");
    }
    assert.ok(stateBefore.equals(fs.readFileSync(statePath)), "the state file is byte for byte the same");
  });
});
