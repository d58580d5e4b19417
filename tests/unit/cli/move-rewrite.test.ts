// move's state rewrite (cli/move/rewrite.ts) on deployments shaped as `pulumi stack export` prints them: types and
// URNs of the moved kinds (names kept, a child's URN following its parent's type), provider references, `__provider`
// dropped and written back, ids, inputs, outputs and ciphertexts untouched, default providers added and dropped,
// and the refusals (the whole stack or nothing). Also the default provider's entry from the stack config.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { nodejsProviderEntry, providerEntry, render, serializedProvider } from "../../../cli/move/command";
import { rewriteForMove, type Deployment, type MoveInput, type StateResource } from "../../../cli/move/rewrite";

const P = "urn:pulumi:dev::ops::";
const SIG = "4dabf18193072939515e22adb298388d";
const secret = (ciphertext: string) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", ciphertext });
const NODE_PROV = `${P}pulumi:providers:pulumi-nodejs::default`;
const NODE_REF = `${NODE_PROV}::11111111-aaaa-bbbb-cccc-000000000001`;
const SER = { "dialpad:Webhook": "exports.handler = hook;", "dialpad:CallSubscription": "exports.handler = calls;", "cinnox:InboundSmsSubscription": "exports.handler = inbound;", "dialpad:LegacySmsEventSubscription": "exports.handler = legacy;" };

function dynamicState(extra: StateResource[] = []): Deployment {
  const hookUrn = `${P}pulumi-nodejs:dynamic/dialpad:Webhook::ops`;
  const team = `${P}ops:index:Team::team`;
  return {
    manifest: { time: "2026-01-01T00:00:00Z", magic: "m", version: "v3.248.0" },
    secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
    resources: [
      { urn: `${P}pulumi:pulumi:Stack::ops-dev`, custom: false, type: "pulumi:pulumi:Stack", outputs: { hookId: "1001" } },
      { urn: NODE_PROV, custom: true, id: NODE_REF.split("::").pop(), type: "pulumi:providers:pulumi-nodejs" },
      {
        urn: hookUrn, custom: true, id: "1001", type: "pulumi-nodejs:dynamic/dialpad:Webhook", provider: NODE_REF,
        parent: `${P}pulumi:pulumi:Stack::ops-dev`,
        inputs: { __provider: SER["dialpad:Webhook"], hookUrl: "https://ops.example.com/h", secret: secret("v1:c1") },
        outputs: { __provider: SER["dialpad:Webhook"], hookUrl: "https://ops.example.com/h", secret: secret("v1:c2") },
        additionalSecretOutputs: ["secret"], created: "2026-01-01T00:00:00Z",
      },
      {
        urn: `${P}pulumi-nodejs:dynamic/dialpad:Webhook$pulumi-nodejs:dynamic/dialpad:CallSubscription::calls`, custom: true, id: "2001",
        type: "pulumi-nodejs:dynamic/dialpad:CallSubscription", provider: NODE_REF, parent: hookUrn,
        inputs: { __provider: SER["dialpad:CallSubscription"], webhookId: "1001", callStates: ["ringing"] },
        outputs: { __provider: SER["dialpad:CallSubscription"], webhookId: "1001", callStates: ["ringing"], enabled: true },
        dependencies: [hookUrn], propertyDependencies: { __provider: [], webhookId: [hookUrn], callStates: [] },
      },
      { urn: team, custom: false, type: "ops:index:Team", parent: `${P}pulumi:pulumi:Stack::ops-dev` },
      {
        urn: `${P}ops:index:Team$pulumi-nodejs:dynamic/dialpad:LegacySmsEventSubscription::legacy`, custom: true, id: "3001",
        type: "pulumi-nodejs:dynamic/dialpad:LegacySmsEventSubscription", provider: NODE_REF, parent: team,
        inputs: { __provider: SER["dialpad:LegacySmsEventSubscription"], hookId: "h1", secret: secret("v1:c3") },
        outputs: { __provider: SER["dialpad:LegacySmsEventSubscription"], hookId: "h1", secret: secret("v1:c4") },
        deletedWith: hookUrn,
      },
      {
        urn: `${P}pulumi-nodejs:dynamic/cinnox:InboundSmsSubscription::inbound`, custom: true, id: "app-1",
        type: "pulumi-nodejs:dynamic/cinnox:InboundSmsSubscription", provider: NODE_REF,
        inputs: { __provider: SER["cinnox:InboundSmsSubscription"], appId: "app-1", url: "https://r/c" },
        outputs: { __provider: SER["cinnox:InboundSmsSubscription"], appId: "app-1", url: "https://r/c", enabled: true },
        dependencies: [hookUrn],
      },
      ...extra,
    ],
  };
}

const nativeProviders = {
  dialpad: { inputs: { apiKey: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"k"' }, baseUrl: "http://e", version: "0.1.0" }, outputs: { baseUrl: "http://e", version: "0.1.0" } },
  cinnox: { inputs: { baseUrl: "http://e", version: "0.1.0" }, outputs: { baseUrl: "http://e", version: "0.1.0" } },
};
let ids = 0;
const toNative = (d: Deployment, more: Partial<MoveInput> = {}) =>
  rewriteForMove({ deployment: d, to: "native", nativeVersion: "0.1.0", nativeProviders, newProviderId: () => `new-${++ids}`, ...more });
const toDynamic = (d: Deployment, more: Partial<MoveInput> = {}) =>
  rewriteForMove({ deployment: d, to: "dynamic", nativeVersion: "0.1.0", serializedProviders: SER, nodejsProvider, newProviderId: () => `new-${++ids}`, ...more });
const nodejsProvider = { inputs: { "dialpad:baseUrl": "http://e", "ops:region": "eu" }, outputs: { "dialpad:baseUrl": "http://e", "ops:region": "eu" } };
const byName = (d: Deployment, name: string) => {
  const r = (d.resources ?? []).find((x) => x.urn.endsWith(`::${name}`));
  assert.ok(r, name);
  return r;
};

describe("cli move: the state rewrite", () => {
  it("to native: types and URNs of every kind, a child's URN after its parent's type, references mapped, __provider dropped, ids and ciphertexts kept", () => {
    const before = dynamicState();
    const copy = structuredClone(before);
    const { deployment: d, refused, steps } = toNative(before);
    assert.deepEqual(refused, []);
    assert.deepEqual(before, copy, "the input is not changed");
    const hook = byName(d, "ops");
    assert.equal(hook.urn, `${P}dialpad:index:Webhook::ops`);
    assert.equal(hook.type, "dialpad:index:Webhook");
    assert.equal(hook.id, "1001");
    assert.deepEqual(hook.inputs, { hookUrl: "https://ops.example.com/h", secret: secret("v1:c1") });
    assert.deepEqual(hook.outputs, { hookUrl: "https://ops.example.com/h", secret: secret("v1:c2") });
    assert.deepEqual(hook.additionalSecretOutputs, ["secret"]);
    assert.equal(hook.created, "2026-01-01T00:00:00Z");
    const calls = byName(d, "calls");
    assert.equal(calls.urn, `${P}dialpad:index:Webhook$dialpad:index:CallSubscription::calls`);
    assert.equal(calls.parent, hook.urn);
    assert.deepEqual(calls.dependencies, [hook.urn]);
    assert.deepEqual(calls.propertyDependencies, { webhookId: [hook.urn], callStates: [] }, "no __provider any more");
    const legacy = byName(d, "legacy");
    assert.equal(legacy.urn, `${P}ops:index:Team$dialpad:index:LegacySmsEventSubscription::legacy`);
    assert.equal(legacy.parent, `${P}ops:index:Team::team`, "a component parent is not ours: unchanged");
    assert.equal(legacy.deletedWith, hook.urn);
    assert.deepEqual(legacy.inputs?.secret, secret("v1:c3"));
    const inbound = byName(d, "inbound");
    assert.equal(inbound.type, "cinnox:index:InboundSmsSubscription");
    assert.deepEqual(inbound.dependencies, [hook.urn]);
    for (const r of d.resources ?? []) assert.ok(!JSON.stringify(r).includes("__provider"), r.urn);

    // The default providers: one per vendor, named after the SDK's version, placed before their first user.
    const urns = (d.resources ?? []).map((r) => r.urn);
    const dialpadProv = `${P}pulumi:providers:dialpad::default_0_1_0`;
    const cinnoxProv = `${P}pulumi:providers:cinnox::default_0_1_0`;
    assert.ok(urns.indexOf(dialpadProv) >= 0 && urns.indexOf(dialpadProv) < urns.indexOf(hook.urn));
    assert.ok(urns.indexOf(cinnoxProv) >= 0 && urns.indexOf(cinnoxProv) < urns.indexOf(inbound.urn));
    const dp = byName(d, "default_0_1_0");
    assert.equal(dp.type, "pulumi:providers:dialpad");
    assert.deepEqual(dp.inputs, nativeProviders.dialpad.inputs);
    assert.equal(hook.provider, `${dialpadProv}::${dp.id}`);
    assert.equal(legacy.provider, hook.provider);
    assert.match(inbound.provider ?? "", new RegExp(`^${cinnoxProv.replace(/[$.]/g, "\\$&")}::new-\\d+$`));
    assert.ok(!urns.includes(NODE_PROV), "the pulumi-nodejs provider nothing uses any more is dropped");
    assert.deepEqual(steps.filter((s) => s.action === "move").map((s) => s.id), ["1001", "2001", "3001", "app-1"]);
    assert.deepEqual(steps.filter((s) => s.action !== "move").map((s) => s.action).sort(), ["add-provider", "add-provider", "drop-provider"]);
  });

  it("and back: the dynamic state is the one it came from, with the serialized providers written into inputs and outputs", () => {
    const foreign: StateResource = {
      urn: `${P}pulumi-nodejs:dynamic:Counter::n`, custom: true, id: "c1", type: "pulumi-nodejs:dynamic:Counter", provider: NODE_REF,
      inputs: { __provider: "theirs" }, outputs: { __provider: "theirs", n: 1 },
    };
    const original = dynamicState([foreign]);
    const native = toNative(original);
    assert.deepEqual(byName(native.deployment, "n"), foreign, "another dynamic provider's resource is not ours: untouched");
    assert.ok(native.deployment.resources?.some((r) => r.urn === NODE_PROV), "its provider stays");
    const back = toDynamic(native.deployment);
    assert.deepEqual(back.refused, []);
    assert.deepEqual(back.deployment, original);
    assert.deepEqual(back.steps.filter((s) => s.action === "drop-provider").map((s) => s.from).sort(), [`${P}pulumi:providers:cinnox::default_0_1_0`, `${P}pulumi:providers:dialpad::default_0_1_0`]);
  });

  it("to dynamic without a pulumi-nodejs provider in the state: the engine's default one is added (the stack config)", () => {
    const native = toNative(dynamicState()).deployment;
    const back = toDynamic(native).deployment;
    const prov = (back.resources ?? []).find((r) => r.type === "pulumi:providers:pulumi-nodejs");
    assert.equal(prov?.urn, NODE_PROV);
    assert.deepEqual([prov?.inputs, prov?.outputs], [nodejsProvider.inputs, nodejsProvider.outputs]);
    assert.equal(byName(back, "ops").provider, `${NODE_PROV}::${prov?.id}`);
    assert.deepEqual(byName(back, "ops").inputs, dynamicState().resources?.[2]?.inputs);
  });

  it("a resource of another package parented to a moved one follows it: its URN and its children's parent renamed, its references mapped", () => {
    const hookUrn = `${P}pulumi-nodejs:dynamic/dialpad:Webhook::ops`;
    const group = `${P}pulumi-nodejs:dynamic/dialpad:Webhook$ops:index:Group::g`;
    const d = dynamicState([
      { urn: group, custom: false, type: "ops:index:Group", parent: hookUrn, outputs: { hook: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: hookUrn } } },
      { urn: `${P}pulumi-nodejs:dynamic/dialpad:Webhook$ops:index:Group$ops:index:Leaf::leaf`, custom: false, type: "ops:index:Leaf", parent: group, aliases: [group] },
    ]);
    const { deployment, steps } = toNative(d);
    const g = byName(deployment, "g");
    assert.equal(g.urn, `${P}dialpad:index:Webhook$ops:index:Group::g`);
    assert.equal(g.parent, `${P}dialpad:index:Webhook::ops`);
    assert.deepEqual(g.outputs, { hook: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: `${P}dialpad:index:Webhook::ops` } }, "a resource reference follows");
    const leaf = byName(deployment, "leaf");
    assert.equal(leaf.urn, `${P}dialpad:index:Webhook$ops:index:Group$ops:index:Leaf::leaf`);
    assert.equal(leaf.parent, g.urn);
    assert.deepEqual(leaf.aliases, [g.urn]);
    assert.deepEqual(steps.filter((x) => x.action === "rename").map((x) => x.to), [g.urn, leaf.urn]);
    assert.match(render({ stack: "dev", to: "native", applied: false, status: "planned", steps, refused: [] }), /^ {2}rename {4}pulumi-nodejs:dynamic\/dialpad:Webhook\$ops:index:Group::g -> dialpad:index:Webhook\$ops:index:Group::g \(its parent moved\)$/m);
  });

  it("reuses a default native provider the state already holds", () => {
    const existing: StateResource = { urn: `${P}pulumi:providers:dialpad::default_0_1_0`, custom: true, id: "kept", type: "pulumi:providers:dialpad", inputs: { version: "0.1.0" } };
    const d = dynamicState();
    d.resources!.splice(1, 0, existing);
    const { deployment, steps } = toNative(d);
    assert.equal(byName(deployment, "ops").provider, `${existing.urn}::kept`);
    assert.equal((deployment.resources ?? []).filter((r) => r.type === "pulumi:providers:dialpad").length, 1);
    assert.deepEqual(steps.filter((s) => s.action === "add-provider").map((s) => s.from), [`${P}pulumi:providers:cinnox::default_0_1_0`]);
  });

  it("refuses, naming each resource and changing nothing: pending operations, a replacement's old copy, a URN taken", () => {
    const d = dynamicState([{ urn: `${P}dialpad:index:Webhook::ops`, custom: true, id: "9", type: "dialpad:index:Webhook", provider: `${P}pulumi:providers:dialpad::default_0_1_0::x` }]);
    d.resources![3]!.delete = true;
    d.pending_operations = [{ type: "creating", resource: { urn: `${P}pulumi-nodejs:dynamic/dialpad:Webhook::new`, type: "pulumi-nodejs:dynamic/dialpad:Webhook" } }];
    const r = toNative(d);
    assert.equal(r.deployment, d, "the deployment is handed back as it was");
    assert.deepEqual(r.steps, []);
    const reasons = r.refused.map((x) => `${x.urn.split("::").pop()}: ${x.reason}`);
    assert.ok(reasons.some((x) => /^new: a pending creating operation .*recover/.test(x)), reasons.join("\n"));
    assert.ok(reasons.some((x) => /^calls: an old copy waiting to be deleted/.test(x)), reasons.join("\n"));
    assert.ok(reasons.some((x) => /^ops: the state already holds urn:pulumi:dev::ops::dialpad:index:Webhook::ops$/.test(x)), reasons.join("\n"));
  });

  it("to dynamic refuses a resource of an explicit provider (the dynamic form has one account per vendor), naming it", () => {
    const native = toNative(dynamicState()).deployment;
    const explicit = `${P}pulumi:providers:dialpad::sandbox`;
    native.resources!.splice(1, 0, { urn: explicit, custom: true, id: "sb", type: "pulumi:providers:dialpad", inputs: {} });
    native.resources!.push({ urn: `${P}dialpad:index:Webhook::sandbox-hook`, custom: true, id: "77", type: "dialpad:index:Webhook", provider: `${explicit}::sb`, inputs: {}, outputs: {} });
    const r = toDynamic(native);
    assert.equal(r.deployment, native);
    assert.deepEqual(r.refused.map((x) => x.urn), [`${P}dialpad:index:Webhook::sandbox-hook`]);
    assert.match(r.refused[0]!.reason, /explicit provider/);
    assert.match(render({ stack: "dev", to: "dynamic", applied: false, status: "refused", steps: [], refused: r.refused }), /refused, nothing changed[\s\S]*dialpad:index:Webhook::sandbox-hook: its provider .*sandbox is an explicit provider/);
  });

  it("a stack with nothing of ours in the other form: nothing to move", () => {
    const r = toDynamic(dynamicState());
    assert.deepEqual([r.steps, r.refused], [[], []]);
  });

  it("the default providers' entries: the vendor's config keys, credentials always secret (plaintext for stack import to encrypt), the version in the inputs", () => {
    const e = providerEntry("dialpad", {
      "dialpad:apiKey": { value: "key-1", secret: true }, "dialpad:baseUrl": { value: "http://e" }, "dialpad:companyId": { value: "7", secret: true },
      "cinnox:appToken": { value: "t", secret: true }, "ops:hookSecret": { value: "s", secret: true },
    }, "0.1.0");
    assert.deepEqual(e.inputs, { apiKey: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"key-1"' }, baseUrl: "http://e", companyId: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"7"' }, version: "0.1.0" });
    const { version: _v, ...withoutVersion } = e.inputs;
    assert.deepEqual(e.outputs, withoutVersion, "the engine's provider outputs: the inputs without its own keys");
    const all = nodejsProviderEntry({ "dialpad:apiKey": { value: "key-1", secret: true }, "dialpad:baseUrl": { value: "http://e" }, "ops:hookSecret": { value: "s", secret: true } });
    assert.deepEqual(all.inputs, {
      "dialpad:apiKey": { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"key-1"' }, "dialpad:baseUrl": "http://e",
      "ops:hookSecret": { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"s"' },
    }, "a dynamic provider gets the whole stack config, namespaced");
    assert.deepEqual(all.outputs, all.inputs);
    const c = providerEntry("cinnox", { "cinnox:appToken": { value: "t" } }, "0.1.0");
    assert.deepEqual(c.inputs.appToken, { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"t"' }, "a credential set without --secret is a secret still");
  });

  it("the serialized __provider names its kind and requires the installed package at call time, capturing nothing else", async () => {
    const text = await serializedProvider("dialpad:LegacySmsEventSubscription");
    assert.match(text, /^exports\.handler = __f0;/);
    assert.match(text, /with\(\{ k: "dialpad:LegacySmsEventSubscription"/);
    assert.match(text, /require\("pulumi-dialpad-cinnox\/provider"\)\.invoke\(k,\s*m,\s*a\)/);
    assert.match(text, /with\(\{ provider: __provider, this: undefined, arguments: undefined \}\) \{\n\nreturn \(\) => provider;\n/, "the closure Pulumi's dynamic.Resource serializes");
    assert.ok(text.length < 4000);
  });
});

describe("cli move: the command line", function () {
  this.timeout(60_000);
  const CLI = path.resolve(__dirname, "../../../cli/index.ts");
  const cli = (args: string[], cwd = process.cwd()): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, ["--require", require.resolve("tsx/cjs"), CLI, ...args], { cwd, encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") return reject(err);
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      });
    });

  it("move --help documents the command; a missing or unknown --to and other commands' flags are usage errors (exit 1)", async () => {
    const help = await cli(["move", "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /move --to native\|dynamic \[--yes\] \[--backup FILE\]/);
    assert.match(help.stdout, /nothing is sent to Dialpad or Cinnox/);
    for (const [args, message] of [
      [["move"], /move needs --to native or --to dynamic/],
      [["move", "--to", "yaml"], /--to: Invalid (enum value|option)/],
      [["move", "--to", "native", "--out", "x.ts"], /move does not take --out/],
      [["drift", "--to", "native"], /--to only applies to move/],
      [["import", "--out", "x.ts", "--yes"], /--yes only applies to recover and move/],
    ] as const) {
      const r = await cli([...args]);
      assert.equal(r.code, 1, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(" "));
    }
  });

  it("outside a Pulumi project: an error naming the directory (exit 1), nothing written", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-move-"));
    try {
      const r = await cli(["move", "--to", "native", "--yes", "--cwd", dir]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^move: to the native form: no Pulumi\.yaml in /);
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the plan names resources, ids and providers only: no input or output value", () => {
    const { steps } = toNative(dynamicState());
    const text = render({ stack: "dev", to: "native", applied: false, status: "planned", steps, refused: [] });
    assert.match(text, /^move: stack dev, to the native form: plan \(nothing changed; run again with --yes to apply\)$/m);
    assert.match(text, /^ {2}move {6}pulumi-nodejs:dynamic\/dialpad:Webhook::ops \(id 1001\) -> dialpad:index:Webhook::ops$/m);
    assert.match(text, /^ {2}add {7}pulumi:providers:dialpad::default_0_1_0 \(the default provider, from the stack config\)$/m);
    assert.match(text, /^ {2}drop {6}pulumi:providers:pulumi-nodejs::default \(no resource uses it any more\)$/m);
    for (const v of ["https://ops.example.com/h", "v1:c1", "exports.handler", "http://e"]) assert.ok(!text.includes(v), v);
  });
});
