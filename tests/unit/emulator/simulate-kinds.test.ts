// Simulated delivery of every Dialpad subscription kind (issue 20 item 4): contact, agent-status and change-log events
// reach their subscribers like call and SMS ones, signed with the webhook's secret or as plain JSON, in the shapes
// the events SDK parses; websocket-linked subscriptions are reported as not delivered.
import assert from "node:assert/strict";
import { SUBSCRIPTION_KINDS, type SubscriptionKind } from "../../../emulator/dialpad/schemas";
import * as events from "../../../sdk/events";
import { dialpad, simulate, withEmulator } from "../../helpers/emulator";
import { startReceiver, type Receiver } from "./receiver";

const SECRET = "hook-secret-kinds-1";

/** The body each kind's subscription needs besides its endpoint. */
const SUBSCRIPTION_BODY: Record<SubscriptionKind, Record<string, unknown>> = {
  call: { call_states: ["all"] },
  sms: { direction: "all" },
  contact: { contact_type: "shared" },
  agent_status: { agent_type: "callcenter" },
  changelog: {},
};

describe("emulator: simulate every Dialpad kind", () => {
  const emu = withEmulator();
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => receiver.close());

  const post = async (path: string, body: unknown) => {
    const res = await dialpad(emu.url, "POST", path, body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body as { id: string }).id;
  };
  const webhook = (secret?: string, path = "/dialpad") => post("/webhooks", { hook_url: `${receiver.url}${path}`, ...(secret ? { secret } : {}) });

  for (const kind of SUBSCRIPTION_KINDS) {
    it(`${kind}: a signed delivery the events SDK verifies with the webhook's secret and parses as ${kind}`, async () => {
      const hook = await webhook(SECRET);
      const sub = await post(`/subscriptions/${kind}`, { endpoint_id: hook, ...SUBSCRIPTION_BODY[kind] });
      const result = await simulate(emu.url, `dialpad/${kind}`);
      assert.deepEqual(result.deliveries, [{ subscriptionId: sub, url: `${receiver.url}/dialpad`, status: 200, signed: true }]);
      assert.deepEqual(result.undelivered, []);
      const got = receiver.received.at(-1);
      assert.equal(got?.headers["content-type"], "application/jwt");
      const parsed = await events.dialpad.verify(got?.body ?? "", SECRET);
      assert.equal(parsed.kind, kind);
      await assert.rejects(events.dialpad.verify(got?.body ?? "", "another-secret"), { code: "bad_signature" });
    });

    it(`${kind}: plain JSON without a secret, equal to the event the simulation answers`, async () => {
      const hook = await webhook();
      await post(`/subscriptions/${kind}`, { endpoint_id: hook, ...SUBSCRIPTION_BODY[kind] });
      const result = await simulate(emu.url, `dialpad/${kind}`);
      assert.deepEqual(result.deliveries.map((d) => [d.status, d.signed]), [[200, false]]);
      const got = receiver.received.at(-1);
      assert.equal(got?.headers["content-type"], "application/json");
      assert.deepEqual(JSON.parse(got?.body ?? "{}"), result.event);
      assert.equal((await events.dialpad.verify(got?.body ?? "")).kind, kind);
    });
  }

  it("contact events go to subscriptions of the contact's type; `event` fields are laid over the built event", async () => {
    const hook = await webhook();
    const shared = await post("/subscriptions/contact", { endpoint_id: hook, contact_type: "shared" });
    const local = await post("/subscriptions/contact", { endpoint_id: hook, contact_type: "local" });
    const toLocal = await simulate(emu.url, "dialpad/contact", { contact_type: "local", action: "Deleted" });
    assert.deepEqual(toLocal.deliveries.map((d) => d.subscriptionId), [local]);
    assert.equal(toLocal.event.event, "Deleted");
    const toShared = await simulate(emu.url, "dialpad/contact", { event: { note: "extra" } });
    assert.deepEqual(toShared.deliveries.map((d) => d.subscriptionId), [shared]);
    assert.equal(toShared.event.note, "extra");
    const parsed = await events.dialpad.verify(receiver.received.at(-1)?.body ?? "");
    assert.ok(parsed.kind === "contact");
    assert.equal(parsed.event.event, "Created");
    assert.equal(parsed.event.contact.type, "shared");
  });

  it("delivers only to enabled subscriptions of the kind and of the company asked for", async () => {
    const hook = await webhook();
    const on = await post("/subscriptions/changelog", { endpoint_id: hook });
    await post("/subscriptions/changelog", { endpoint_id: hook, enabled: false });
    await post("/subscriptions/agent_status", { endpoint_id: hook, agent_type: "callcenter" });
    const result = await simulate(emu.url, "dialpad/changelog", { action: "updated_ivr" });
    assert.deepEqual(result.deliveries.map((d) => d.subscriptionId), [on]);
    assert.deepEqual((await simulate(emu.url, "dialpad/changelog", { company_id: "9999" })).deliveries, []);
    const status = await simulate(emu.url, "dialpad/agent_status", { on_duty_status: "unavailable" });
    assert.equal(status.deliveries.length, 1);
    const parsed = await events.dialpad.verify(receiver.received.at(-1)?.body ?? "");
    assert.ok(parsed.kind === "agent_status");
    assert.equal(parsed.event.on_duty_status, "unavailable");
  });

  it("reports websocket-linked subscriptions as undelivered (no HTTP request), for every kind", async () => {
    const socket = await post("/websockets", { secret: SECRET });
    for (const kind of SUBSCRIPTION_KINDS) {
      const sub = await post(`/subscriptions/${kind}`, { websocket_id: socket, ...SUBSCRIPTION_BODY[kind] });
      const result = await simulate(emu.url, `dialpad/${kind}`);
      assert.deepEqual(result.deliveries, [], kind);
      assert.deepEqual(result.undelivered.map((u) => [u.subscriptionId, u.websocketId]), [[sub, socket]], kind);
      assert.match(result.undelivered[0]?.reason ?? "", /serves no websocket/);
    }
    assert.equal(receiver.received.length, 0);
  });

  it("answers 404 for a kind Dialpad has no subscription for, and 400 for a bad body naming the field", async () => {
    const unknown = await fetch(`${emu.url}/_emulator/simulate/dialpad/voicemail`, { method: "POST", body: "{}" });
    assert.equal(unknown.status, 404);
    const bad = await fetch(`${emu.url}/_emulator/simulate/dialpad/contact`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ contact_type: "private" }),
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /contact_type/);
  });
});
