// End-to-end: `pulumi-dialpad-cinnox move` (issue 19) on the real engine. A stack of dynamic resources (a webhook with
// a secret, a call subscription parented to it, a legacy SMS event subscription with a secret in a component, a Cinnox
// subscription that dependsOn the webhook) is moved to the native form; the program rewritten with the generated SDK
// previews and refreshes with no change, and only GETs reached the vendor during the move, the preview, the refresh
// and an up; no secret is in clear in `stack export`, the state files, the backup, the outputs or what the command
// printed. Then back to the dynamic form: `__provider` is what the SDK serializes, the dynamic program previews and
// refreshes with no change; destroy deletes everything at the vendor. Then a stack that cannot be moved whole (a
// resource of an explicit provider, to dynamic) is refused, naming it, nothing changed. The plugins are found on PATH.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, startEmulator, type RunningEmulator } from "../../emulator";
import { startReceiver, type RunningReceiver } from "../../examples/receiver";
import { emulatorConfig, openStack, provisionEngine, repoRoot, runCli } from "../../scripts/engine";
// Both forms as users import them: from the built package.
import * as dynamicSdk from "pulumi-dialpad-cinnox";
import * as nativeSdk from "pulumi-dialpad-cinnox/native";
import { filesUnder } from "../helpers/files";
import { adminRequests, adminState, clearRequests } from "../helpers/emulator";

const PROJECT = "dialpad-move-e2e";
const STACK = "move";
const PLUGIN_DIR = path.join(repoRoot, "bin");
const CLI = path.join(repoRoot, "dist", "cli", "index.js");
const HOOK_SECRET = "move-hook-secret-51";
const LEGACY_SECRET = "move-legacy-secret-52";
const NEVER_SHOWN = [HOOK_SECRET, LEGACY_SECRET, DEFAULT_DIALPAD_API_KEY, DEFAULT_CINNOX_APP_TOKEN];

type Form = "dynamic" | "native";
let form: Form = "dynamic";

/** One program, in either form: the same names, parents and options; only the classes differ. */
function program(): Record<string, pulumi.Output<unknown>> {
  const cfg = new pulumi.Config();
  const { dialpad, cinnox } = form === "dynamic" ? dynamicSdk : nativeSdk;
  const team = new pulumi.ComponentResource("ops:index:Team", "team");
  const hook = new dialpad.Webhook("ops", { hookUrl: "https://ops.example.com/dialpad", secret: cfg.requireSecret("hookSecret") });
  new dialpad.CallSubscription("calls", { webhookId: hook.id, callStates: ["ringing", "hangup"] }, { parent: hook });
  new dialpad.LegacySmsEventSubscription("legacy", {
    hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", secret: cfg.requireSecret("legacySecret"),
  }, { parent: team });
  new cinnox.InboundSmsSubscription("inbound", { appId: "app-move", url: `${cfg.require("receiverUrl")}/cinnox` }, { dependsOn: [hook] });
  return { hookId: hook.id, hookSecret: hook.secret };
}

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  provider?: string;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

describe("e2e: moving a stack between the dynamic and the native form (pulumi-dialpad-cinnox move)", function () {
  this.timeout(900_000);
  let root: string;
  let project: string;
  let emulator: RunningEmulator;
  let receiver: RunningReceiver;
  let stack: Stack;
  let dynamicState: StateResource[];
  const printed: string[] = [];

  const exported = async (): Promise<StateResource[]> =>
    (JSON.parse(await runCli(stack, ["stack", "export"])) as { deployment: { resources: StateResource[] } }).deployment.resources;
  const ours = (rs: StateResource[]) => rs.filter((r) => /^(pulumi-nodejs:dynamic\/)?(dialpad|cinnox):/.test(r.type));
  const byName = (rs: StateResource[], name: string): StateResource => {
    const r = rs.find((x) => x.urn.endsWith(`::${name}`));
    assert.ok(r, `${name} in the state`);
    return r;
  };
  const move = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const ws = stack.workspace as LocalWorkspace;
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [CLI, "move", "--cwd", project, "--stack", STACK, ...args], {
        env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 300_000,
      }, (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") return reject(err);
        printed.push(stdout, stderr);
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      });
    });
  };
  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      printed.push(String(err));
      throw err;
    }
  };
  const nonGets = async () => (await adminRequests(emulator.url)).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
  const assertNoSecretAnywhere = async () => {
    const texts = [
      await runCli(stack, ["stack", "export"]),
      await runCli(stack, ["stack", "output", "--json"]),
      ...filesUnder(root).map((f) => f.text),
      ...printed,
    ];
    for (const s of NEVER_SHOWN) assert.ok(!texts.some((t) => t.includes(s)), `${s.slice(0, 8)}… is nowhere in clear`);
  };
  /** A preview with --expect-no-changes (fails on any change) that also says every resource is the same. */
  const previewNoChange = async () => {
    let text = "";
    const r = await run(() => stack.preview({ expectNoChanges: true, diff: true, color: "never", onOutput: (o) => (text += o) }));
    printed.push(text);
    const changes = Object.fromEntries(Object.entries(r.changeSummary).filter(([op]) => op !== "same"));
    assert.deepEqual(changes, {}, text);
    return r.changeSummary.same ?? 0;
  };
  const refreshNoChange = async () => {
    let text = "";
    const r = await run(() => stack.refresh({ expectNoChanges: true, color: "never", onOutput: (o) => (text += o) }));
    printed.push(text);
    assert.equal(r.summary.result, "succeeded");
    assert.deepEqual(Object.keys(r.summary.resourceChanges ?? {}), ["same"], text);
  };

  before(async () => {
    fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
    root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", "e2e-move-"));
    project = path.join(root, "project");
    assert.ok(fs.existsSync(CLI), "npm run build first: the command and the plugins run dist/");
    emulator = await startEmulator({ port: 0, rateLimits: false });
    receiver = await startReceiver({ port: 0, log: () => undefined });
    const { binDir } = await provisionEngine();
    stack = await openStack({
      stackName: STACK, stateDir: root, workDir: project, projectName: PROJECT, program: async () => program(),
      env: { PATH: `${binDir}${path.delimiter}${PLUGIN_DIR}${path.delimiter}${process.env.PATH ?? ""}` },
      config: {
        ...emulatorConfig(emulator.url, { receiverUrl: receiver.url }),
        hookSecret: { value: HOOK_SECRET, secret: true },
        legacySecret: { value: LEGACY_SECRET, secret: true },
      },
    });
  });

  after(async () => {
    await receiver?.close();
    await emulator?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });

  it("the dynamic program creates every object", async () => {
    const r = await run(() => stack.up({ color: "never" }));
    assert.equal(r.summary.result, "succeeded");
    dynamicState = await exported();
    assert.deepEqual(ours(dynamicState).map((x) => x.type).sort(), [
      "pulumi-nodejs:dynamic/cinnox:InboundSmsSubscription", "pulumi-nodejs:dynamic/dialpad:CallSubscription",
      "pulumi-nodejs:dynamic/dialpad:LegacySmsEventSubscription", "pulumi-nodejs:dynamic/dialpad:Webhook",
    ]);
    const state = await adminState(emulator.url);
    assert.equal(state.dialpad.webhooks.length, 1);
    assert.equal(state.cinnox.subscriptions["app-move"]?.["inbound-sms"]?.enabled, true);
  });

  it("move --to native without --yes prints the plan and changes nothing (exit 2)", async () => {
    await clearRequests(emulator.url);
    const before = await runCli(stack, ["stack", "export"]);
    const r = await move(["--to", "native"]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /plan \(nothing changed; run again with --yes to apply\)/);
    for (const name of ["ops", "calls", "legacy", "inbound"]) assert.match(r.stdout, new RegExp(`move .*::${name} \\(id [^)]+\\) -> `), name);
    assert.match(r.stdout, /move {6}pulumi-nodejs:dynamic\/dialpad:Webhook\$pulumi-nodejs:dynamic\/dialpad:CallSubscription::calls \(id \d+\) -> dialpad:index:Webhook\$dialpad:index:CallSubscription::calls/);
    assert.match(r.stdout, /add {7}pulumi:providers:dialpad::default_0_1_0/);
    assert.match(r.stdout, /drop {6}pulumi:providers:pulumi-nodejs::default/);
    assert.equal(await runCli(stack, ["stack", "export"]), before, "the state is as it was");
    assert.deepEqual(await adminRequests(emulator.url), [], "nothing sent to the vendor");
  });

  it("move --to native --yes: the native program previews and refreshes with no change, with only GETs at the vendor", async () => {
    await clearRequests(emulator.url);
    const r = await move(["--to", "native", "--yes"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const backup = /Backup of the state before the move: (.+)$/m.exec(r.stdout)?.[1];
    assert.ok(backup && fs.existsSync(backup), r.stdout);
    assert.deepEqual((JSON.parse(fs.readFileSync(backup, "utf8")) as { deployment: { resources: StateResource[] } }).deployment.resources, dynamicState, "the backup is the state before");
    const moved = await exported();
    assert.deepEqual(ours(moved).map((x) => x.type).sort(), [
      "cinnox:index:InboundSmsSubscription", "dialpad:index:CallSubscription", "dialpad:index:LegacySmsEventSubscription", "dialpad:index:Webhook",
    ]);
    assert.deepEqual(moved.filter((x) => x.type.startsWith("pulumi:providers:")).map((x) => x.urn.split("::").slice(2).join("::")).sort(), [
      "pulumi:providers:cinnox::default_0_1_0", "pulumi:providers:dialpad::default_0_1_0",
    ]);
    for (const name of ["ops", "calls", "legacy", "inbound"]) assert.equal(byName(moved, name).id, byName(dynamicState, name).id, `${name} keeps its id`);
    assert.ok(!moved.some((x) => x.type === "pulumi:providers:pulumi-nodejs"));
    assert.ok(!JSON.stringify(moved).includes("__provider"));
    const provider = moved.find((x) => x.type === "pulumi:providers:dialpad")!;
    assert.deepEqual(Object.keys(provider.inputs?.apiKey as object), ["4dabf18193072939515e22adb298388d", "ciphertext"], "the API key is encrypted in the provider's state");

    form = "native";
    assert.equal(await previewNoChange(), 6, "the stack, the component and the four resources: all the same");
    await refreshNoChange();
    assert.deepEqual(await nonGets(), [], "move, preview and refresh sent no write");
    assert.ok((await adminRequests(emulator.url)).length > 0, "the refresh read the vendor");
    const up = await run(() => stack.up({ color: "never" }));
    assert.deepEqual(Object.keys(up.summary.resourceChanges ?? {}), ["same"]);
    assert.deepEqual(await nonGets(), [], "and an up with nothing to change sends none either");
    assert.equal((await adminState(emulator.url)).dialpad.webhooks.length, 1);
    const again = await move(["--to", "native", "--yes"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to move/);
    await assertNoSecretAnywhere();
  });

  it("move --to dynamic --yes: __provider is what the SDK serializes; the dynamic program previews and refreshes with no change", async () => {
    await clearRequests(emulator.url);
    const r = await move(["--to", "dynamic", "--yes"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /drop {6}pulumi:providers:dialpad::default_0_1_0/);
    const back = await exported();
    for (const name of ["ops", "calls", "legacy", "inbound"]) {
      const [now, was] = [byName(back, name), byName(dynamicState, name)];
      assert.deepEqual([now.urn, now.type, now.id, now.parent, now.dependencies], [was.urn, was.type, was.id, was.parent, was.dependencies], name);
      // The native up recorded the native classes' registrations (every input property); the ones the dynamic up
      // recorded are there with the same dependencies, `__provider`'s (none) included.
      for (const [k, v] of Object.entries(was.propertyDependencies ?? {})) assert.deepEqual(now.propertyDependencies?.[k], v, `${name}: ${k}'s dependencies`);
      assert.deepEqual([Object.keys(now.inputs ?? {}).sort(), Object.keys(now.outputs ?? {}).sort()], [Object.keys(was.inputs ?? {}).sort(), Object.keys(was.outputs ?? {}).sort()], name);
      assert.equal(now.inputs?.__provider, was.inputs?.__provider, `${name}: the same __provider as the SDK wrote`);
      assert.equal(now.outputs?.__provider, was.outputs?.__provider);
    }
    assert.ok(!back.some((x) => /^pulumi:providers:(dialpad|cinnox)$/.test(x.type)));
    // The pulumi-nodejs provider as the engine wrote it at the first up: the whole stack config, secrets encrypted.
    const [was, now] = [dynamicState, back].map((rs) => rs.find((x) => x.type === "pulumi:providers:pulumi-nodejs"));
    assert.ok(was && now);
    assert.equal(now.urn, was.urn);
    const shape = (props: Record<string, unknown> | undefined) =>
      Object.fromEntries(Object.entries(props ?? {}).map(([k, v]) => [k, v !== null && typeof v === "object" ? Object.keys(v).sort() : v]));
    assert.deepEqual(shape(now.inputs), shape(was.inputs));
    assert.deepEqual(shape(now.outputs), shape(was.outputs));
    assert.ok(Object.keys(was.inputs ?? {}).includes("dialpad:apiKey"), "the dynamic provider holds the stack config");
    form = "dynamic";
    assert.equal(await previewNoChange(), 6, "the stack, the component and the four resources: all the same");
    await refreshNoChange();
    assert.deepEqual(await nonGets(), [], "move, preview and refresh sent no write");
    await assertNoSecretAnywhere();
  });

  it("destroy deletes every object at the vendor", async () => {
    await run(() => stack.destroy({ color: "never" }));
    const state = await adminState(emulator.url);
    assert.deepEqual(state.dialpad.webhooks, []);
    assert.deepEqual(Object.values(state.dialpad.subscriptions).flat(), []);
    assert.deepEqual(Object.values(state.dialpad.eventSubscriptions).flat(), []);
    assert.equal(state.cinnox.subscriptions["app-move"]?.["inbound-sms"]?.enabled, false);
    assert.deepEqual(await exported().then((rs) => rs ?? []), []);
  });
});

// What cannot move is refused through the real CLI too, naming the resource, with the state and the vendor untouched:
// a native resource of an explicit provider has no dynamic form (the dynamic form has one account, the stack config).
describe("e2e: move refuses a stack it cannot move whole, and changes nothing", function () {
  this.timeout(600_000);
  let root: string;
  let emulator: RunningEmulator;
  let stack: Stack;

  before(async () => {
    fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
    root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", "e2e-move-refused-"));
    emulator = await startEmulator({ port: 0, rateLimits: false });
    const { binDir } = await provisionEngine();
    stack = await openStack({
      stackName: "refused", stateDir: root, workDir: path.join(root, "project"), projectName: `${PROJECT}-refused`,
      program: async () => {
        const dp = new pulumi.Config("dialpad");
        const team = new nativeSdk.dialpad.Provider("team", { apiKey: dp.requireSecret("apiKey"), baseUrl: dp.require("baseUrl") });
        new nativeSdk.dialpad.Webhook("ops", { hookUrl: "https://ops.example.com/default" });
        new nativeSdk.dialpad.Webhook("team-hook", { hookUrl: "https://ops.example.com/team" }, { provider: team });
        return {};
      },
      env: { PATH: `${binDir}${path.delimiter}${PLUGIN_DIR}${path.delimiter}${process.env.PATH ?? ""}` },
      config: emulatorConfig(emulator.url),
    });
  });
  after(async () => {
    await emulator?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });

  it("to dynamic with a resource of an explicit provider: exit 1, the resource named, no backup, state and vendor as they were", async () => {
    await stack.up({ color: "never" });
    await clearRequests(emulator.url);
    const before = await runCli(stack, ["stack", "export"]);
    const ws = stack.workspace as LocalWorkspace;
    const r = await new Promise<{ code: number; stdout: string }>((resolve, reject) => {
      execFile(process.execPath, [CLI, "move", "--to", "dynamic", "--yes", "--cwd", ws.workDir, "--stack", "refused"], {
        env: { ...process.env, ...ws.envVars }, encoding: "utf8", timeout: 300_000,
      }, (err, stdout) => (err && typeof err.code !== "number" ? reject(err) : resolve({ code: err ? Number(err.code) : 0, stdout })));
    });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^move: stack refused, to the dynamic form: refused, nothing changed\. These resources cannot be moved:$/m);
    assert.match(r.stdout, /^ {2}dialpad:index:Webhook::team-hook: its provider urn:pulumi:refused::[^ ]+::pulumi:providers:dialpad::team is an explicit provider/m);
    assert.doesNotMatch(r.stdout, /dialpad:index:Webhook::ops:/, "the movable one is not listed as refused");
    assert.equal(await runCli(stack, ["stack", "export"]), before, "the state is as it was");
    assert.ok(!fs.readdirSync(ws.workDir).some((f) => f.startsWith("pulumi-dialpad-cinnox-move-backup")), "no backup: nothing was changed");
    assert.deepEqual(await adminRequests(emulator.url), []);
    await stack.destroy({ color: "never" });
    assert.deepEqual((await adminState(emulator.url)).dialpad.webhooks, []);
  });
});
