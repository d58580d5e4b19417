// End to end: the example receiver (examples/receiver) subscribed through the emulator's Dialpad and Cinnox
// APIs, then sent an event of every Dialpad subscription kind (signed) and every Cinnox notification by the emulator itself.
import assert from "node:assert/strict";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY } from "../../emulator";
import { CINNOX_PATH, DIALPAD_PATH, type ReceivedEvent, type RunningReceiver, startReceiver } from "../../examples/receiver";
import type { CinnoxEventName } from "../../emulator/cinnox-events";
import { SUBSCRIPTION_KINDS, type SubscriptionKind } from "../../emulator/dialpad/schemas";
import { adminRequests, simulate, withEmulator } from "../helpers/emulator";

const SECRET = "dp-e2e-secret-01";
const APP_ID = "app-e2e-1";

async function vendorCall(url: string, token: string, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

describe("e2e: example receiver fed by the emulator", () => {
  const emulator = withEmulator();
  const received: ReceivedEvent[] = [];
  const logged: string[] = [];
  let receiver: RunningReceiver;

  beforeEach(async () => {
    received.length = 0;
    logged.length = 0;
    receiver = await startReceiver({ secret: SECRET, onEvent: (e) => void received.push(e), log: (line) => logged.push(line) });
  });
  afterEach(async () => receiver?.close());

  it("verifies and parses a signed call event, a signed SMS event and a Cinnox inbound SMS", async () => {
    const dialpad = (method: string, path: string, body: unknown) => vendorCall(emulator.url, DEFAULT_DIALPAD_API_KEY, method, path, body);
    const hook = await dialpad("POST", "/api/v2/webhooks", { hook_url: `${receiver.url}${DIALPAD_PATH}`, secret: SECRET });
    await dialpad("POST", "/api/v2/subscriptions/call", { webhook_id: hook.id, call_states: ["ringing", "hangup"] });
    await dialpad("POST", "/api/v2/subscriptions/sms", { webhook_id: hook.id, direction: "inbound" });
    // Enabling the Cinnox URL makes the emulator send the challenge; a 200 here means the handler echoed it.
    const cinnox = await vendorCall(emulator.url, DEFAULT_CINNOX_APP_TOKEN, "PATCH", `/v1/api/apps/${APP_ID}/inbound-sms-event-sub`, {
      enabled: true,
      url: `${receiver.url}${CINNOX_PATH}`,
    });
    assert.equal(cinnox.code, 0);

    const call = await simulate(emulator.url, "dialpad/call", { state: "ringing" });
    const sms = await simulate(emulator.url, "dialpad/sms", { direction: "inbound", event: { text: "See you at 10" } });
    const inbound = await simulate(emulator.url, "cinnox/inbound-sms", { appId: APP_ID, event: { senderNumber: 85291234567 } });

    // Each vendor got a 200 from the receiver, and Dialpad's deliveries were signed.
    assert.deepEqual(call.deliveries.map((d) => [d.status, d.signed]), [[200, true]]);
    assert.deepEqual(sms.deliveries.map((d) => [d.status, d.signed]), [[200, true]]);
    assert.deepEqual(inbound.deliveries.map((d) => d.status), [200]);

    assert.deepEqual(received.map((r) => `${r.vendor}/${r.kind}`), ["dialpad/call", "dialpad/sms", "cinnox/inbound_sms"]);
    const [callEvent, smsEvent, cinnoxEvent] = received;
    assert.ok(callEvent.kind === "call" && smsEvent.kind === "sms" && cinnoxEvent.kind === "inbound_sms");
    assert.equal(callEvent.event.call_id, String(call.event.call_id));
    assert.equal(callEvent.event.state, "ringing");
    assert.equal(typeof callEvent.event.iat, "number", "the signer's iat claim is kept");
    assert.equal(smsEvent.event.id, String(sms.event.id));
    assert.equal(smsEvent.event.text, "See you at 10");
    assert.deepEqual(smsEvent.event.to_number, sms.event.to_number);
    assert.equal(cinnoxEvent.event.senderNumber, "85291234567", "a numeric sender is normalised to a string");
    assert.equal(cinnoxEvent.event.id, inbound.event.id);

    // One summary line per event, none of which shows the secret.
    assert.equal(logged.length, 3);
    assert.match(logged[0], /^dialpad call \d+ ringing inbound /);
    assert.match(logged[1], /^dialpad sms \d+ inbound .* \(13 chars\)$/);
    assert.match(logged[2], /^cinnox inbound_sms \S+ 85291234567 -> /);
    assert.ok(logged.every((line) => !line.includes(SECRET)));
  });

  it("receives every Cinnox event subscription's notification, each verified by the handshake and typed by its kind", async () => {
    // Kinds by shape, as the receiver (one URL for every Cinnox subscription) classifies them.
    const expected: Partial<Record<CinnoxEventName, string>> = {
      "outbound-sms": "outbound_sms", call: "call", inquiry: "enquiry", "inquiry-label": "label", label: "label",
    };
    for (const [event, kind] of Object.entries(expected) as [CinnoxEventName, string][]) {
      const sub = await vendorCall(emulator.url, DEFAULT_CINNOX_APP_TOKEN, "PATCH", `/v1/api/apps/${APP_ID}/${event}-event-sub`, {
        enabled: true,
        url: `${receiver.url}${CINNOX_PATH}`,
      });
      assert.equal(sub.code, 0, `${event}: the receiver answered the challenge`);
      const sent = await simulate(emulator.url, `cinnox/${event}`, { appId: APP_ID });
      assert.deepEqual(sent.deliveries.map((d) => d.status), [200], `${event} delivered`);
      const last = received.at(-1);
      assert.equal(`${last?.vendor}/${last?.kind}`, `cinnox/${kind}`, `${event} is handed over as ${kind}`);
    }
    const call = received.find((r) => r.vendor === "cinnox" && r.kind === "call");
    assert.ok(call && call.kind === "call" && call.vendor === "cinnox");
    assert.equal(call.event.message.status, "CallStart");
    assert.equal(typeof call.event.message.caller?.number, "string", "a numeric caller number is handed over as a string");
    const outbound = received.find((r) => r.vendor === "cinnox" && r.kind === "outbound_sms");
    assert.ok(outbound && outbound.kind === "outbound_sms" && outbound.vendor === "cinnox");
    assert.equal(outbound.event.Status, "Delivered");
    assert.equal(outbound.event.AppID, APP_ID);
  });

  it("receives an event of every Dialpad subscription kind, signed, each verified and typed by its kind", async () => {
    const dialpad = (method: string, path: string, body: unknown) => vendorCall(emulator.url, DEFAULT_DIALPAD_API_KEY, method, path, body);
    const hook = await dialpad("POST", "/api/v2/webhooks", { hook_url: `${receiver.url}${DIALPAD_PATH}`, secret: SECRET });
    const bodies: Record<SubscriptionKind, Record<string, unknown>> = {
      call: { call_states: ["ringing"] }, sms: { direction: "inbound" }, contact: { contact_type: "shared" },
      agent_status: { agent_type: "callcenter" }, changelog: {},
    };
    for (const kind of SUBSCRIPTION_KINDS) {
      await dialpad("POST", `/api/v2/subscriptions/${kind}`, { webhook_id: hook.id, ...bodies[kind] });
      const sent = await simulate(emulator.url, `dialpad/${kind}`);
      assert.deepEqual(sent.deliveries.map((d) => [d.status, d.signed]), [[200, true]], `${kind} delivered and signed`);
      const last = received.at(-1);
      assert.equal(`${last?.vendor}/${last?.kind}`, `dialpad/${kind}`, `${kind} is handed over as ${kind}`);
    }
    assert.deepEqual(received.map((r) => r.kind), [...SUBSCRIPTION_KINDS]);
    const contact = received.find((r) => r.vendor === "dialpad" && r.kind === "contact");
    assert.ok(contact && contact.vendor === "dialpad" && contact.kind === "contact");
    assert.equal(contact.event.event, "Created");
    assert.equal(contact.event.contact.type, "shared");
    const status = received.find((r) => r.vendor === "dialpad" && r.kind === "agent_status");
    assert.ok(status && status.vendor === "dialpad" && status.kind === "agent_status");
    assert.equal(status.event.on_duty_status, "available");
    const change = received.find((r) => r.vendor === "dialpad" && r.kind === "changelog");
    assert.ok(change && change.vendor === "dialpad" && change.kind === "changelog");
    assert.equal(change.event.action, "updated_ivr");
    assert.equal(logged.length, SUBSCRIPTION_KINDS.length, "one line per event");
    assert.ok(logged.every((line) => !line.includes(SECRET)));
  });

  it("refuses deliveries signed with another secret, and the emulator records the 401", async () => {
    const dialpad = (method: string, path: string, body: unknown) => vendorCall(emulator.url, DEFAULT_DIALPAD_API_KEY, method, path, body);
    const hook = await dialpad("POST", "/api/v2/webhooks", { hook_url: `${receiver.url}${DIALPAD_PATH}`, secret: "rotated-secret-02" });
    await dialpad("POST", "/api/v2/subscriptions/call", { webhook_id: hook.id, call_states: ["all"] });

    const call = await simulate(emulator.url, "dialpad/call", { state: "hangup" });
    assert.deepEqual(call.deliveries.map((d) => [d.status, d.signed]), [[401, true]]);
    assert.equal(received.length, 0);
    assert.equal(logged.length, 0);
    // The emulator's own request log never shows the secret either.
    assert.ok(!JSON.stringify(await adminRequests(emulator.url)).includes("rotated-secret-02"));
  });
});
