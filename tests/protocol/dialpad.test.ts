// The four Dialpad resources through Pulumi's real dynamic-provider server, driven over gRPC as the engine
// drives it, with the `__provider` each SDK class really serializes: Configure, Check, Diff, Create, Read,
// Update, Delete. Needs dist/ (built by `npm test`; ensureBuilt() builds it when stale).
import assert from "node:assert/strict";
import { DEFAULT_DIALPAD_API_KEY } from "../../emulator";
import { RESOURCE_KINDS, definitionOf, type ResourceKind } from "../../provider";
import { dialpad } from "../../sdk";
import { DynamicProviderServer, Registered, ensureBuilt, registerWithMocks, startDynamicProvider, urnOf } from "../helpers/dynamic-provider";
import { adminRequests, adminState, withEmulator } from "../helpers/emulator";

type Props = Record<string, unknown>;

describe("Dialpad resources over the dynamic-provider gRPC protocol", function () {
  this.timeout(60_000);
  const fx = withEmulator();
  let server: DynamicProviderServer;
  let providers: Map<string, string>;

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    const registered: Registered[] = await registerWithMocks(() => [
      new dialpad.Webhook("w", { hookUrl: "https://x.example.com" }),
      new dialpad.Websocket("ws", {}),
      new dialpad.ContactSubscription("ct", { webhookId: "1", contactType: "local" }),
      new dialpad.AgentStatusSubscription("as", { webhookId: "1", agentType: "callcenter" }),
      new dialpad.ChangelogSubscription("cl", { webhookId: "1" }),
      new dialpad.LegacyCallEventSubscription("lc", { hookId: "h", url: "https://x.example.com", callStates: ["all"] }),
      new dialpad.CallSubscription("c", { webhookId: "1", callStates: ["all"] }),
      new dialpad.SmsSubscription("s", { webhookId: "1", direction: "all" }),
      new dialpad.LegacySmsEventSubscription("l", { hookId: "h", url: "https://x.example.com", direction: "all" }),
    ]);
    providers = new Map(registered.map((r) => [r.type.replace("pulumi-nodejs:dynamic/", ""), r.inputs.__provider as string]));
    // No credential in the environment: the provider must take them from Configure.
    env = { ...process.env };
    for (const k of Object.keys(env)) if (/^(DIALPAD|CINNOX)_/.test(k)) delete env[k];
  });

  // One provider process per test, as one per `pulumi` operation: the emulator is reset between tests, and
  // a process keeps what it listed of each kind.
  let env: NodeJS.ProcessEnv = {};
  beforeEach(async function () {
    this.timeout(60_000);
    server = await startDynamicProvider(env);
    await server.configure({ "dialpad:apiKey": DEFAULT_DIALPAD_API_KEY, "dialpad:baseUrl": fx.url });
  });

  afterEach(async () => {
    await server?.close();
  });

  /** The kind's secret properties arrive marked secret (the engine keeps them secret in state); the rest plain. */
  const SIG = "4dabf18193072939515e22adb298388d";
  function unwrapSecrets(props: Props, secrets: readonly string[]): Props {
    const out: Props = { ...props };
    for (const [k, v] of Object.entries(props)) {
      const wrapped = typeof v === "object" && v !== null && SIG in v;
      assert.equal(wrapped, secrets.includes(k), `${k} is ${secrets.includes(k) ? "" : "not "}marked secret`);
      if (wrapped) out[k] = (v as unknown as { value: unknown }).value;
    }
    return out;
  }


  /** Check → Create → Read → Diff → Update → Read → Delete → Read for one resource. */
  async function walk(kind: string, declared: Props, change: Props, opts: { replaces?: string[] } = {}): Promise<void> {
    const __provider = providers.get(kind);
    assert.ok(__provider, `serialized provider of ${kind}`);
    assert.ok(__provider.length < 2048);
    assert.ok(!__provider.includes(DEFAULT_DIALPAD_API_KEY));
    const urn = urnOf(`pulumi-nodejs:dynamic/${kind}`, "it");

    const checked = await server.check(urn, {}, { ...declared, __provider });
    assert.deepEqual(checked.failures, []);
    assert.equal(checked.inputs.__provider, __provider);

    const secrets = definitionOf(kind as ResourceKind).secrets.filter((k) => k !== "secret" || "secret" in declared || "secret" in change);
    const made = await server.create(urn, checked.inputs);
    assert.ok(made.id);
    const created = { ...made, properties: unwrapSecrets(made.properties, secrets) };
    assert.equal(created.properties.__provider, __provider);

    const rawRead = await server.read(urn, created.id, created.properties);
    const read = { ...rawRead, properties: unwrapSecrets(rawRead.properties, secrets), inputs: unwrapSecrets(rawRead.inputs, secrets) };
    assert.equal(read.id, created.id);
    assert.deepEqual(read.properties, created.properties);
    assert.deepEqual(read.inputs, checked.inputs);

    // The kinds whose identity the program chooses (a hook id) replace delete-first, in every diff.
    const deleteBeforeReplace = definitionOf(kind as ResourceKind).deleteBeforeReplace === true;
    assert.deepEqual(await server.diff(urn, created.id, read.properties, checked.inputs), { changes: "none", replaces: [], deleteBeforeReplace });
    const next = await server.check(urn, checked.inputs, { ...declared, ...change, __provider });
    assert.deepEqual(next.failures, []);
    const diff = await server.diff(urn, created.id, read.properties, next.inputs);
    assert.deepEqual(diff, { changes: "some", replaces: opts.replaces ?? [], deleteBeforeReplace });

    if (!opts.replaces) {
      const before = (await adminRequests(fx.url)).length;
      const updated = unwrapSecrets(await server.update(urn, created.id, read.properties, next.inputs), secrets);
      for (const [k, v] of Object.entries(change)) assert.deepEqual(updated[k], next.inputs[k], `updated ${k} to ${JSON.stringify(v)}`);
      assert.equal((await adminRequests(fx.url)).length, before + 1, "one request per update");
    }

    await server.delete(urn, created.id, created.properties);
    const gone = await server.read(urn, created.id, created.properties);
    assert.equal(gone.id, "", "a deleted object reads as an empty id");
    await server.delete(urn, created.id, created.properties);
  }

  it("serializes a provider for every Dialpad kind of the registry", () => {
    assert.deepEqual([...providers.keys()].sort(), RESOURCE_KINDS.filter((k) => k.startsWith("dialpad:")).sort());
  });

  it("dialpad:Webhook", async () => {
    await walk("dialpad:Webhook", { hookUrl: "https://ops.example.com/dialpad", secret: "wh-proto-01" }, { hookUrl: "https://ops.example.com/v2" });
  });

  it("dialpad:Websocket", async () => {
    await walk("dialpad:Websocket", { secret: "ws-proto-01" }, { secret: "ws-proto-02" });
  });

  it("dialpad:ContactSubscription (to a websocket)", async () => {
    const ws = (await server.create(urnOf("pulumi-nodejs:dynamic/dialpad:Websocket", "w"), { __provider: providers.get("dialpad:Websocket") })).id;
    await walk("dialpad:ContactSubscription", { websocketId: ws, contactType: "local" }, { contactType: "shared", enabled: false });
  });

  it("dialpad:AgentStatusSubscription", async () => {
    const hook = (await server.create(urnOf("pulumi-nodejs:dynamic/dialpad:Webhook", "h"), {
      hookUrl: "https://ops.example.com/dialpad", __provider: providers.get("dialpad:Webhook"),
    })).id;
    await walk("dialpad:AgentStatusSubscription", { webhookId: hook, agentType: "callcenter" }, { enabled: false });
  });

  it("dialpad:ChangelogSubscription", async () => {
    const hook = (await server.create(urnOf("pulumi-nodejs:dynamic/dialpad:Webhook", "h"), {
      hookUrl: "https://ops.example.com/dialpad", __provider: providers.get("dialpad:Webhook"),
    })).id;
    await walk("dialpad:ChangelogSubscription", { webhookId: hook }, { enabled: false });
  });

  it("dialpad:CallSubscription", async () => {
    const hook = (await server.create(urnOf("pulumi-nodejs:dynamic/dialpad:Webhook", "h"), {
      hookUrl: "https://ops.example.com/dialpad", __provider: providers.get("dialpad:Webhook"),
    })).id;
    await walk("dialpad:CallSubscription", { webhookId: hook, callStates: ["ringing", "hangup"] }, { callStates: ["hangup", "missed"], enabled: false });
  });

  it("dialpad:SmsSubscription", async () => {
    const hook = (await server.create(urnOf("pulumi-nodejs:dynamic/dialpad:Webhook", "h"), {
      hookUrl: "https://ops.example.com/dialpad", __provider: providers.get("dialpad:Webhook"),
    })).id;
    await walk("dialpad:SmsSubscription", { webhookId: hook, direction: "inbound" }, { direction: "all", status: true });
  });

  it("dialpad:LegacySmsEventSubscription (in place, then a hookId change that replaces)", async () => {
    const declared = { hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", secret: "lg-proto-01" };
    await walk("dialpad:LegacySmsEventSubscription", declared, { url: "https://ops.example.com/sms2" });
    await walk("dialpad:LegacySmsEventSubscription", declared, { hookId: "ops-sms-2" }, { replaces: ["hookId"] });
  });

  it("dialpad:LegacyCallEventSubscription", async () => {
    const declared = { hookId: "ops-calls", url: "https://ops.example.com/calls", callStates: ["ringing"], secret: "lc-proto-01" };
    await walk("dialpad:LegacyCallEventSubscription", declared, { callStates: ["hangup", "ringing"], groupCallsOnly: true });
  });

  it("Check reports one failure per bad property over gRPC, and no request reaches Dialpad", async () => {
    const __provider = providers.get("dialpad:CallSubscription");
    const res = await server.check(urnOf("pulumi-nodejs:dynamic/dialpad:CallSubscription", "bad"), {}, {
      webhookId: "0", callStates: ["sleeping"], targetType: "office", __provider,
    });
    assert.deepEqual(res.failures.map((f) => f.property).sort(), ["callStates", "targetId", "webhookId"]);
    assert.deepEqual(await adminRequests(fx.url), []);
  });

  it("errors name the resource and the request and keep secrets out", async () => {
    const __provider = providers.get("dialpad:Webhook") as string;
    const urn = urnOf("pulumi-nodejs:dynamic/dialpad:Webhook", "bad");
    // The server configures each deserialized provider once per process, as under the engine: a new process.
    const other = await startDynamicProvider(process.env);
    try {
      await other.configure({ "dialpad:apiKey": "dp-wrong-key-01", "dialpad:baseUrl": fx.url });
      const err = await other.create(urn, { hookUrl: "https://ops.example.com/dialpad", secret: "wh-proto-02", __provider }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      assert.ok(err);
      // A create first lists the kind (once per process), so the bad key is found before anything is sent.
      assert.match(err.message, /dialpad:Webhook: Dialpad GET \/api\/v2\/webhooks failed 401: invalid API key/);
      for (const s of ["dp-wrong-key-01", "wh-proto-02"]) {
        assert.ok(!err.message.includes(s));
        assert.ok(!other.stderr().includes(s));
      }
    } finally {
      await other.close();
    }
    assert.equal((await adminState(fx.url)).dialpad.webhooks.length, 0);
  });
});
