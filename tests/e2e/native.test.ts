// End-to-end: the native `dialpad` and `cinnox` providers (issue 19) on the real engine, the plugins found on PATH
// as a user's shell would find them (`bin/`). The program declares the resources with the generated SDK
// (`pulumi-dialpad-cinnox/native`) and two explicit Dialpad providers for two other companies of the emulator. Covered: `pulumi package get-schema`, up, `preview --diff` with a detailed diff (a secret-only change
// marked as a change of that property, no secret in the output), refresh, import by id with only GETs at the vendor
// (the `import` resource option; the CLI's `pulumi import` is in native-cli.test.ts), a Cinnox import
// refused, `stack export` holding no credential or secret in clear, destroy, what a missing plugin prints and
// `pulumi plugin install --file`. The reliability suite's cases (foreign twins, secrets changed out of band,
// dead vendors) run through the plugin in tests/e2e/reliability.test.ts, parametrised over both forms.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, DEFAULT_DIALPAD_COMPANY_ID, startEmulator, type RunningEmulator } from "../../emulator";
import { startReceiver, type RunningReceiver } from "../../examples/receiver";
import { PLUGIN_DIR, emulatorConfig, openStack, pathWithPlugins, provisionEngine, repoRoot, runCli } from "../../scripts/engine";
import { packageVersion } from "../../provider/native/plugin";
// The generated TypeScript SDK (native/nodejs, `npm run sdkgen`), as users import it: from the built package.
import { cinnox, dialpad } from "pulumi-dialpad-cinnox/native";
import { adminRequests, adminState, clearRequests, outOfBand, vendorRequest } from "../helpers/emulator";

const PROJECT = "dialpad-native-e2e";
const SANDBOX_KEY = "dp-sandbox-key-2002";
const PROD_KEY = "dp-prod-key-3003";
const SECRET_V1 = "native-hook-secret-01";
const SECRET_V2 = "native-hook-secret-02";
const LEGACY_SECRET = "native-legacy-secret-03";

function program(): Record<string, pulumi.Output<string>> {
  const cfg = new pulumi.Config();
  const base = cfg.require("emulatorUrl");
  const hook = new dialpad.Webhook("ops", { hookUrl: cfg.require("hookUrl"), secret: cfg.requireSecret("hookSecret") });
  new dialpad.CallSubscription("calls", { webhookId: hook.id, callStates: cfg.requireObject<dialpad.CallState[]>("callStates") });
  new dialpad.LegacySmsEventSubscription("legacy", {
    hookId: cfg.require("legacyHookId"), url: "https://ops.example.com/sms", direction: "all", secret: cfg.requireSecret("legacySecret"),
  });
  new cinnox.InboundSmsSubscription("inbound", { appId: "app-native", url: `${cfg.require("receiverUrl")}/cinnox` });
  const sandbox = new dialpad.Provider("sandbox", { apiKey: cfg.requireSecret("sandboxKey"), baseUrl: base });
  const prod = new dialpad.Provider("prod", { apiKey: cfg.requireSecret("prodKey"), baseUrl: base });
  const sandboxHook = new dialpad.Webhook("sandbox-hook", { hookUrl: "https://sandbox.example.com/dialpad" }, { provider: sandbox });
  const prodHook = new dialpad.Webhook("prod-hook", { hookUrl: "https://prod.example.com/dialpad" }, { provider: prod });
  new dialpad.SmsSubscription("prod-sms", { webhookId: prodHook.id, direction: "inbound" }, { provider: prod });
  // Adoption by id, as `pulumi import` does it (the engine's Read with an id and nothing else, then Check and Diff).
  const importCall = cfg.get("importCallId");
  if (importCall) {
    new dialpad.CallSubscription("imported-calls", { webhookId: hook.id, callStates: ["voicemail"] }, { import: importCall });
  }
  const importHook = cfg.get("importHookId");
  if (importHook) new dialpad.Webhook("imported-hook", { hookUrl: "https://other.example.com/h" }, { import: importHook });
  const importInbound = cfg.get("importInboundApp");
  if (importInbound) {
    new cinnox.InboundSmsSubscription("imported-inbound", { appId: importInbound, url: "https://other.example.com/c" }, { import: importInbound });
  }
  return { hookId: hook.id, sandboxHookId: sandboxHook.id, prodHookId: prodHook.id };
}

/** The lines `preview --diff` prints for the resource `name` of type `token`, up to the next resource. */
function blockOf(text: string, token: string, name: string): string {
  const lines = text.split("\n");
  const header = /^\s*[~+-]*\s*[a-z-]+:[a-z]+:[A-Za-z]+: \(/;
  const start = lines.findIndex((l, i) => header.test(l) && l.includes(`${token}: (`) && (lines[i + 1] ?? "").concat(lines[i + 2] ?? "").includes(`::${name}]`));
  assert.ok(start >= 0, `a block for ${token} ${name} in:\n${text}`);
  const end = lines.findIndex((l, i) => i > start && header.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

const listHooks = async (url: string, key: string): Promise<string[]> => {
  const res = await vendorRequest(url, "GET", "/api/v2/webhooks", { token: key });
  assert.equal(res.status, 200);
  return ((res.body as { items?: { hook_url: string }[] }).items ?? []).map((h) => h.hook_url).sort();
};

/** The PATH entries that hold neither plugin executable. */
function withoutPlugins(pathVar: string | undefined): string[] {
  return (pathVar ?? "").split(path.delimiter).filter(
    (dir) => dir !== "" && !["pulumi-resource-dialpad", "pulumi-resource-cinnox"].some((exe) => fs.existsSync(path.join(dir, exe))),
  );
}

describe("e2e: native dialpad and cinnox providers (plugins on PATH)", function () {
  this.timeout(600_000);
  let root: string;
  let emulator: RunningEmulator;
  let receiver: RunningReceiver;
  let stack: Stack;
  let binDir: string;

  const setConfig = (values: Record<string, string>, secret = false) =>
    stack.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value, secret }])));
  const previewText = async (): Promise<{ text: string; changes: Record<string, number> }> => {
    let text = "";
    const result = await stack.preview({ diff: true, color: "never", onOutput: (out) => (text += out) });
    return { text, changes: Object.fromEntries(Object.entries(result.changeSummary).filter(([op]) => op !== "same")) };
  };
  const exported = async () => JSON.parse(await runCli(stack, ["stack", "export"])) as {
    deployment: { resources: { type: string; urn: string; id?: string; outputs?: Record<string, unknown>; inputs?: Record<string, unknown> }[] };
  };
  const resourceOf = async (type: string, name: string) => {
    const r = (await exported()).deployment.resources.find((x) => x.type === type && x.urn.endsWith(`::${name}`));
    assert.ok(r, `${type} ${name} in the state`);
    return r;
  };
  const writes = async (since?: number) => (await adminRequests(emulator.url, since)).filter((r) => r.method !== "GET");

  /** The CLI in a stack's project with its environment, for commands that take no --stack. */
  const pulumiIn = async (on: Stack, args: string[]): Promise<string> => {
    const { command } = await provisionEngine();
    const ws = on.workspace as LocalWorkspace;
    const { stdout } = await promisify(execFile)(command.command, args, {
      cwd: ws.workDir, env: { ...process.env, ...ws.envVars }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  };

  before(async () => {
    fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
    root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", "e2e-native-"));
    assert.ok(fs.existsSync(path.join(repoRoot, "dist", "provider", "native", "plugin.js")), "npm run build first: the plugins run dist/");
    emulator = await startEmulator({
      port: 0, rateLimits: false,
      dialpadApiKeys: { [DEFAULT_DIALPAD_API_KEY]: { companyId: DEFAULT_DIALPAD_COMPANY_ID }, [SANDBOX_KEY]: { companyId: "2002" }, [PROD_KEY]: { companyId: "3003" } },
    });
    receiver = await startReceiver({ port: 0, log: () => undefined });
    binDir = (await provisionEngine()).binDir;
    stack = await openStack({
      stackName: "native", stateDir: root, workDir: path.join(root, "project"), projectName: PROJECT, program: async () => program(),
      env: { PATH: pathWithPlugins(binDir) },
      config: config(),
    });
  });
  const config = () => ({
        ...emulatorConfig(emulator.url, { receiverUrl: receiver.url, emulatorUrl: emulator.url }),
        hookUrl: { value: "https://ops.example.com/dialpad" },
        callStates: { value: JSON.stringify(["ringing", "hangup"]) },
        legacyHookId: { value: "ops-sms" },
        hookSecret: { value: SECRET_V1, secret: true },
        legacySecret: { value: LEGACY_SECRET, secret: true },
        sandboxKey: { value: SANDBOX_KEY, secret: true },
        prodKey: { value: PROD_KEY, secret: true },
  });

  after(async () => {
    await receiver?.close();
    await emulator?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });

  it("pulumi package get-schema runs the plugin and answers its schema: every kind of the vendor, credentials secret", async () => {
    for (const vendor of ["dialpad", "cinnox"] as const) {
      const stdout = await pulumiIn(stack, ["package", "get-schema", path.join(PLUGIN_DIR, `pulumi-resource-${vendor}`)]);
      const schema = JSON.parse(stdout) as { name: string; version: string; resources: Record<string, unknown>; config: { variables: Record<string, { secret?: boolean }> } };
      assert.equal(schema.name, vendor);
      assert.equal(schema.version, (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version);
      assert.ok(Object.keys(schema.resources).length >= 8);
      assert.equal(schema.config.variables[vendor === "dialpad" ? "apiKey" : "appToken"]?.secret, true);
    }
  });

  it("up creates every object, each explicit provider's at its own company", async () => {
    const res = await stack.up({ color: "never" });
    assert.equal(res.summary.result, "succeeded");
    assert.deepEqual(await listHooks(emulator.url, DEFAULT_DIALPAD_API_KEY), ["https://ops.example.com/dialpad"]);
    assert.deepEqual(await listHooks(emulator.url, SANDBOX_KEY), ["https://sandbox.example.com/dialpad"]);
    assert.deepEqual(await listHooks(emulator.url, PROD_KEY), ["https://prod.example.com/dialpad"]);
    const prodSms = await vendorRequest(emulator.url, "GET", "/api/v2/subscriptions/sms", { token: PROD_KEY });
    assert.equal((prodSms.body as { items: unknown[] }).items.length, 1, "the prod provider's SMS subscription is at company 3003");
    const defaultSms = await vendorRequest(emulator.url, "GET", "/api/v2/subscriptions/sms", { token: DEFAULT_DIALPAD_API_KEY });
    assert.equal((defaultSms.body as { items: unknown[] }).items.length, 0);
    const state = await adminState(emulator.url);
    assert.equal(state.cinnox.subscriptions["app-native"]?.["inbound-sms"]?.enabled, true);
    const hook = await resourceOf("dialpad:index:Webhook", "ops");
    assert.equal(hook.outputs?.hookUrl, "https://ops.example.com/dialpad");
    assert.deepEqual(Object.keys(hook.outputs?.secret as object), ["4dabf18193072939515e22adb298388d", "ciphertext"], "the secret output is encrypted");
  });

  it("preview --diff names each changed property, a secret-only change as a change of that property, and shows no secret", async () => {
    const seq = (await adminRequests(emulator.url)).length;
    await setConfig({ hookSecret: SECRET_V2 }, true);
    await setConfig({ callStates: JSON.stringify(["ringing", "hangup", "missed"]), legacyHookId: "ops-sms-2" });
    const { text, changes } = await previewText();
    assert.deepEqual(changes, { update: 2, replace: 1 });
    const hook = blockOf(text, "dialpad:index:Webhook", "ops");
    assert.match(hook, /~ dialpad:index:Webhook: \(update\)/);
    assert.match(hook, /^\s*~ secret\s*: \[secret\] => \[secret\]$/m, "the secret is the property that changes");
    assert.doesNotMatch(hook, /hookUrl/, "an unchanged property is not listed");
    const calls = blockOf(text, "dialpad:index:CallSubscription", "calls");
    assert.match(calls, /^\s*~ callStates\s*: \[/m);
    assert.match(calls, /"missed"/);
    assert.doesNotMatch(calls, /^\s*[~+-] (enabled|groupCallsOnly|webhookId)\b/m);
    const legacy = blockOf(text, "dialpad:index:LegacySmsEventSubscription", "legacy");
    assert.match(legacy, /\+-dialpad:index:LegacySmsEventSubscription: \(replace\)/);
    assert.match(legacy, /^\s*~ hookId\s*: "ops-sms" => "ops-sms-2"$/m);
    for (const s of [SECRET_V1, SECRET_V2, LEGACY_SECRET, SANDBOX_KEY, PROD_KEY, DEFAULT_DIALPAD_API_KEY]) assert.ok(!text.includes(s), "no secret in the preview");
    assert.equal((await adminRequests(emulator.url)).length, seq, "a preview sends nothing to the vendor");

    await stack.up({ color: "never" });
    const webhooks = (await adminState(emulator.url)).dialpad.webhooks;
    assert.equal(webhooks.find((w) => w.hook_url === "https://ops.example.com/dialpad")?.signature?.secret, SECRET_V2, "up sent the new secret");
    assert.deepEqual((await previewText()).changes, {}, "once applied, no change");
  });

  it("refresh reads the vendor: a change made out of band shows in the state", async () => {
    const hookId = (await stack.outputs()).hookId!.value as string;
    const oob = await outOfBand(emulator.url, { method: "PATCH", path: `/api/v2/webhooks/${hookId}`, body: { hook_url: "https://changed.example.com/x" } });
    assert.equal(oob.status, 200);
    const since = (await adminRequests(emulator.url)).length;
    await stack.refresh({ color: "never" });
    assert.equal((await resourceOf("dialpad:index:Webhook", "ops")).outputs?.hookUrl, "https://changed.example.com/x");
    assert.deepEqual(await writes(since), [], "refresh only reads");
    await stack.up({ color: "never" });
    assert.deepEqual(await listHooks(emulator.url, DEFAULT_DIALPAD_API_KEY), ["https://ops.example.com/dialpad"], "up puts the declared URL back");
  });

  // `pulumi import TYPE NAME ID` and `pulumi import --file` run the same ImportStep (Read with only an id, Check, Diff),
  // but the CLI first asks the project's language host for its plugins, and this offline engine has no
  // pulumi-language-nodejs (scripts/setup-engine.sh): here the import goes through the `import` resource option.
  it("import by id adopts existing objects with only GETs at the vendor, and the program then shows no change", async () => {
    const hookId = (await stack.outputs()).hookId!.value as string;
    const sub = await outOfBand(emulator.url, { method: "POST", path: "/api/v2/subscriptions/call", body: { webhook_id: hookId, call_states: ["voicemail"] } });
    const other = await outOfBand(emulator.url, { method: "POST", path: "/api/v2/webhooks", body: { hook_url: "https://other.example.com/h" } });
    const subId = (sub.body as { id: string }).id;
    const otherId = (other.body as { id: string }).id;
    await clearRequests(emulator.url);

    await setConfig({ importCallId: subId, importHookId: otherId });
    let text = "";
    await stack.up({ color: "never", onOutput: (o) => (text += o) });
    assert.match(text, /= 2 imported/);
    const imported = await resourceOf("dialpad:index:CallSubscription", "imported-calls");
    assert.equal(imported.id, subId);
    assert.deepEqual(imported.outputs?.callStates, ["voicemail"]);
    assert.equal(imported.outputs?.webhookId, hookId);
    assert.equal((await resourceOf("dialpad:index:Webhook", "imported-hook")).outputs?.hookUrl, "https://other.example.com/h");
    assert.deepEqual(await writes(), [], "import sends no write to the vendor");
    assert.ok((await adminRequests(emulator.url)).length > 0, "import read the vendor");
    assert.deepEqual((await previewText()).changes, {}, "the adopted objects match the program");
  });

  it("import of a Cinnox kind fails saying Cinnox cannot read it, and sends nothing", async () => {
    await clearRequests(emulator.url);
    await setConfig({ importInboundApp: "app-other" });
    const err = await stack.up({ color: "never" }).then(
      () => assert.fail("the import should fail"),
      (e: Error) => e.message,
    );
    await stack.removeConfig("importInboundApp");
    assert.match(err, /cinnox:InboundSmsSubscription app-other cannot be imported: Cinnox has no endpoint to read event subscriptions/);
    assert.deepEqual(await adminRequests(emulator.url), []);
    assert.ok(!(await exported()).deployment.resources.some((r) => r.urn.endsWith("::imported-inbound")));
  });

  it("stack export holds no credential and no secret in clear; provider credentials are encrypted", async () => {
    const text = await runCli(stack, ["stack", "export"]);
    for (const s of [SECRET_V1, SECRET_V2, LEGACY_SECRET, SANDBOX_KEY, PROD_KEY, DEFAULT_DIALPAD_API_KEY, DEFAULT_CINNOX_APP_TOKEN, "other-team-secret"]) {
      assert.ok(!text.includes(s), `${s.slice(0, 8)}… is not in the export`);
    }
    const state = JSON.parse(text) as { deployment: { resources: { type: string; urn: string; inputs?: Record<string, unknown> }[] } };
    const providers = state.deployment.resources.filter((r) => r.type === "pulumi:providers:dialpad");
    assert.ok(providers.length >= 3, "the default provider and the two explicit ones");
    for (const p of providers) assert.deepEqual(Object.keys(p.inputs?.apiKey as object), ["4dabf18193072939515e22adb298388d", "ciphertext"], p.urn);
  });

  it("destroy deletes every object at every company, the imported ones included", async () => {
    await stack.destroy({ color: "never" });
    for (const key of [DEFAULT_DIALPAD_API_KEY, SANDBOX_KEY, PROD_KEY]) assert.deepEqual(await listHooks(emulator.url, key), []);
    const state = await adminState(emulator.url);
    assert.deepEqual(Object.values(state.dialpad.subscriptions).flat(), []);
    assert.deepEqual(Object.values(state.dialpad.eventSubscriptions).flat(), []);
    assert.equal(state.cinnox.subscriptions["app-native"]?.["inbound-sms"]?.enabled, false);
  });

  it("without the plugin the engine says which plugin it cannot find; `pulumi plugin install … --file` makes it found", async () => {
    fs.mkdirSync(path.join(root, "home-no-plugin"), { recursive: true });
    const bare = await openStack({
      stackName: "no-plugin", stateDir: root, workDir: path.join(root, "project"), projectName: PROJECT, program: async () => program(),
      // PATH without any directory holding the plugins: `npm test` puts node_modules/.bin on PATH, and this
      // package's own bins are there in a fresh clone (the self-dependency installs them).
      env: { PATH: [binDir, ...withoutPlugins(process.env.PATH)].join(path.delimiter), PULUMI_HOME: path.join(root, "home-no-plugin") },
      config: config(),
    });
    const message = await bare.preview({ color: "never" }).then(
      () => assert.fail("the preview should fail"),
      (e: Error) => e.message,
    );
    // The generated SDK asks for the plugin at the package's version.
    assert.match(message, new RegExp(`no resource plugin 'pulumi-resource-(dialpad|cinnox)' found in the workspace at version v${packageVersion().replace(/\./g, "\\.")} or on your \\$PATH`));

    const version = packageVersion();
    for (const vendor of ["dialpad", "cinnox"]) {
      await pulumiIn(bare, ["plugin", "install", "resource", vendor, version, "--file", path.join(PLUGIN_DIR, `pulumi-resource-${vendor}`)]);
    }
    const listed = await pulumiIn(bare, ["plugin", "ls"]);
    assert.match(listed, new RegExp(`dialpad\\s+resource\\s+${version.replace(/\./g, "\\.")}`));
    let text = "";
    const result = await bare.preview({ color: "never", onOutput: (o) => (text += o) });
    assert.ok((result.changeSummary.create ?? 0) >= 7, `every resource of the program previews as a create:\n${text}`);
    assert.doesNotMatch(text, /from \$PATH/, "the installed plugins ran, not ambient ones");
  });
});
