// cinnox.InboundSmsSubscription through Pulumi's real dynamic-provider server over gRPC, with the
// `__provider` the SDK class really serializes: Configure, Check, Diff, Create, Read, Update, Delete.
import assert from "node:assert/strict";
import { failedProperties } from "../helpers/check";
import { DEFAULT_CINNOX_APP_TOKEN } from "../../emulator";
import { RESOURCE_KINDS } from "../../provider";
import { cinnox } from "../../sdk";
import { adminRequests, adminState, withEmulator } from "../helpers/emulator";
import { ensureBuilt, registerWithMocks, startDynamicProvider, urnOf, type DynamicProviderServer } from "../helpers/dynamic-provider";
import { startChallengeReceiver, type ChallengeReceiver } from "../unit/provider/cinnox/challenge-receiver";

const TYPE = "pulumi-nodejs:dynamic/cinnox:InboundSmsSubscription";

/** Each Cinnox class, its type name and its PATCH path. */
const CINNOX_CLASSES: [new (name: string, args: cinnox.EventSubscriptionArgs) => cinnox.EventSubscription, string, string][] = [
  [cinnox.InboundSmsSubscription, "InboundSmsSubscription", "inbound-sms-event-sub"],
  [cinnox.StaffContactSubscription, "StaffContactSubscription", "staff-contact-event-sub"],
  [cinnox.ExternalContactSubscription, "ExternalContactSubscription", "external-contact-event-sub"],
  [cinnox.ContactSubscription, "ContactSubscription", "contact-event-sub"],
  [cinnox.LabelSubscription, "LabelSubscription", "label-event-sub"],
  [cinnox.EnquiryLabelSubscription, "EnquiryLabelSubscription", "inquiry-label-event-sub"],
  [cinnox.EnquirySubscription, "EnquirySubscription", "inquiry-event-sub"],
  [cinnox.CallSubscription, "CallSubscription", "call-event-sub"],
  [cinnox.OutboundSmsSubscription, "OutboundSmsSubscription", "outbound-sms-event-sub"],
];
const URN = urnOf(TYPE, "inbound");

describe("protocol: cinnox.InboundSmsSubscription through the dynamic-provider server", function () {
  this.timeout(60_000);
  const emu = withEmulator();
  let server: DynamicProviderServer;
  let receiver: ChallengeReceiver;
  let other: ChallengeReceiver;
  let provider: string;
  let registeredType: string;

  before(async () => {
    ensureBuilt();
    const [registered] = await registerWithMocks(() => [
      new cinnox.InboundSmsSubscription("inbound", { appId: "app-1", url: "https://ops.example.com/cinnox" }),
    ]);
    registeredType = registered.type;
    provider = String(registered.inputs.__provider);
    // Credentials only through Configure, as the engine passes the stack config.
    const env = { ...process.env };
    delete env.CINNOX_APP_TOKEN;
    delete env.CINNOX_BASE_URL;
    server = await startDynamicProvider(env);
    receiver = await startChallengeReceiver("echo");
    other = await startChallengeReceiver("echo");
  });
  after(async () => {
    await server?.close();
    await receiver?.close();
    await other?.close();
  });

  const cinnoxRequests = async () => (await adminRequests(emu.url)).filter((r) => r.vendor === "cinnox");
  const inputs = (props: Record<string, unknown>) => ({ ...props, __provider: provider });

  it("serializes a thin __provider under 2 KB with no credential, under the type cinnox:InboundSmsSubscription", () => {
    assert.equal(registeredType, TYPE);
    assert.ok(provider.length > 0 && provider.length < 2048, `__provider is ${provider.length} bytes`);
    assert.ok(provider.includes("pulumi-dialpad-cinnox/provider"), "requires the installed package at call time");
    assert.ok(provider.includes("cinnox:InboundSmsSubscription"));
    assert.ok(!provider.includes(DEFAULT_CINNOX_APP_TOKEN));
  });

  it("walks Configure, Check, Create, Read, Diff, Update, Diff (replace), Delete", async () => {
    await server.configure({ "cinnox:baseUrl": emu.url, "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN });

    // Check: normalised inputs with the default filled in; __provider carried along.
    const checked = await server.check(URN, {}, inputs({ appId: " app-1 ", url: receiver.url }));
    assert.deepEqual(checked.failures, []);
    assert.deepEqual(checked.inputs, inputs({ appId: "app-1", url: receiver.url, enabled: true }));

    // Create: one PATCH, the app subscribed, updatedAt recorded.
    const created = await server.create(URN, checked.inputs);
    assert.equal(created.id, "app-1");
    assert.equal(created.properties.enabled, true);
    assert.equal(created.properties.url, receiver.url);
    assert.equal(typeof created.properties.updatedAt, "string");
    assert.equal(created.properties.__provider, provider);
    assert.deepEqual((await adminState(emu.url)).cinnox.apps["app-1"], {
      enabled: true,
      url: receiver.url,
      updatedAt: created.properties.updatedAt,
    });
    assert.ok(!JSON.stringify(created.properties).includes(DEFAULT_CINNOX_APP_TOKEN));

    // Read (refresh): the recorded state back, no request, and a note on stderr that says why.
    const before = (await cinnoxRequests()).length;
    const read = await server.read(URN, created.id, created.properties);
    assert.equal(read.id, "app-1");
    assert.deepEqual(read.properties, created.properties);
    assert.deepEqual(read.inputs, inputs({ appId: "app-1", url: receiver.url, enabled: true }));
    assert.equal((await cinnoxRequests()).length, before, "Cinnox has no read endpoint: nothing is asked");
    assert.match(server.stderr(), /app-1: Cinnox has no endpoint to read .* refresh keeps the recorded state/);

    // Diff: nothing, then a url change in place.
    const same = await server.diff(URN, created.id, created.properties, checked.inputs);
    assert.equal(same.changes, "none");
    const moved = (await server.check(URN, checked.inputs, inputs({ appId: "app-1", url: other.url }))).inputs;
    const urlDiff = await server.diff(URN, created.id, created.properties, moved);
    assert.deepEqual(urlDiff, { changes: "some", replaces: [], deleteBeforeReplace: true });

    // Update: one PATCH with the new url.
    const updated = await server.update(URN, created.id, created.properties, moved);
    assert.equal(updated.url, other.url);
    assert.equal(updated.enabled, true);
    assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.url, other.url);
    assert.deepEqual((await cinnoxRequests()).at(-1)?.body, { enabled: true, url: other.url });

    // Diff on a new appId: replace, deleting first.
    const otherApp = (await server.check(URN, moved, inputs({ appId: "app-2", url: other.url }))).inputs;
    const appDiff = await server.diff(URN, created.id, updated, otherApp);
    assert.deepEqual(appDiff, { changes: "some", replaces: ["appId"], deleteBeforeReplace: true });

    // Delete: the same PATCH with enabled: false; the app ends disabled.
    await server.delete(URN, created.id, updated);
    assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.enabled, false);
    assert.deepEqual((await cinnoxRequests()).at(-1)?.body, { enabled: false, url: other.url });
    assert.ok(!server.stderr().includes(DEFAULT_CINNOX_APP_TOKEN), "the token never reaches the provider's output");
  });

  it("Check returns one failure per bad property and asks Cinnox nothing", async () => {
    await server.configure({ "cinnox:baseUrl": emu.url, "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN });
    const checked = await server.check(URN, {}, inputs({ appId: "", url: "https://u:p@ops.example.com/cinnox" }));
    assert.deepEqual(
      failedProperties(checked.failures),
      ["appId", "url"],
    );
    const scheme = await server.check(URN, {}, inputs({ appId: "app-1", url: "mailto:ops@example.com" }));
    assert.deepEqual(scheme.failures.map((f) => f.property), ["url"]);
    assert.match(scheme.failures[0].reason, /http or https/);
    assert.equal((await cinnoxRequests()).length, 0);
  });

  it("Create fails with what the receiver must answer when the URL challenge fails", async () => {
    await server.configure({ "cinnox:baseUrl": emu.url, "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN });
    const bad = await startChallengeReceiver("wrong");
    try {
      await assert.rejects(server.create(URN, inputs({ appId: "app-1", url: bad.url, enabled: true })), (err: Error) => {
        assert.match(err.message, /webhook url verification failed/);
        assert.ok(err.message.includes('{"code":0,"result":{"challenge":"<the challenge it received>"}}'), err.message);
        assert.match(err.message, /events\.cinnox\.challengeResponse/);
        assert.ok(!err.message.includes(DEFAULT_CINNOX_APP_TOKEN));
        return true;
      });
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"], undefined);
    } finally {
      await bad.close();
    }
  });
});

describe("protocol: every Cinnox event-subscription class through the dynamic-provider server", function () {
  this.timeout(60_000);
  const emu = withEmulator();
  let server: DynamicProviderServer;
  let receiver: ChallengeReceiver;
  let registered: Map<string, string>;

  before(async () => {
    ensureBuilt();
    const made = await registerWithMocks(() => CINNOX_CLASSES.map(([Class, name]) => new Class(name, { appId: "app-1", url: "https://ops.example.com/c" })));
    registered = new Map(made.map((r) => [r.type, String(r.inputs.__provider)]));
    const env = { ...process.env };
    delete env.CINNOX_APP_TOKEN;
    delete env.CINNOX_BASE_URL;
    server = await startDynamicProvider(env);
    receiver = await startChallengeReceiver("echo");
  });
  after(async () => {
    await server?.close();
    await receiver?.close();
  });

  it("has a class for every Cinnox kind of the registry", () => {
    assert.deepEqual(CINNOX_CLASSES.map(([, name]) => `cinnox:${name}`).sort(), RESOURCE_KINDS.filter((k) => k.startsWith("cinnox:")).sort());
  });

  for (const [, name, path] of CINNOX_CLASSES) {
    it(`cinnox.${name}: Check, Create (one PATCH to ${path}), Delete (enabled:false), under its own type token`, async () => {
      await server.configure({ "cinnox:baseUrl": emu.url, "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN });
      const type = `pulumi-nodejs:dynamic/cinnox:${name}`;
      const __provider = registered.get(type);
      assert.ok(__provider && __provider.length < 2048 && !__provider.includes(DEFAULT_CINNOX_APP_TOKEN), `serialized provider of ${type}`);
      const urn = urnOf(type, "it");
      const checked = await server.check(urn, {}, { appId: "app-1", url: receiver.url, __provider });
      assert.deepEqual(checked.failures, []);
      const created = await server.create(urn, checked.inputs);
      assert.equal(created.id, "app-1");
      await server.delete(urn, created.id, created.properties);
      const patches = (await adminRequests(emu.url)).filter((r) => r.vendor === "cinnox");
      assert.deepEqual(patches.map((r) => `${r.method} ${r.path}`), [`PATCH /v1/api/apps/app-1/${path}`, `PATCH /v1/api/apps/app-1/${path}`]);
    });
  }
});
