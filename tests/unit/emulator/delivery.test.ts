// Event delivery to subscribers over real HTTP: signed JWS that verifies with the webhook's secret, plain JSON without one, and matching.
import assert from "node:assert/strict";
import { jwtVerify } from "jose";
import { cinnoxPatch, dialpad, simulate, withEmulator } from "../../helpers/emulator";
import { echoChallenge, startReceiver, type Receiver } from "./receiver";

const SECRET = "hook-secret-1";

describe("emulator: event delivery", () => {
  const emu = withEmulator();
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  async function webhook(secret?: string, path = "/dialpad"): Promise<string> {
    const res = await dialpad(emu.url, "POST", "/webhooks", { hook_url: `${receiver.url}${path}`, ...(secret ? { secret } : {}) });
    return (res.body as { id: string }).id;
  }

  it("delivers a call event as an HS256 JWS that verifies with the webhook's secret", async () => {
    const hook = await webhook(SECRET);
    const sub = (await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hook, call_states: ["ringing", "hangup"] })).body as { id: string };
    const result = await simulate(emu.url, "dialpad/call", { state: "ringing" });
    assert.deepEqual(result.deliveries, [{ subscriptionId: sub.id, url: `${receiver.url}/dialpad`, status: 200, signed: true }]);
    const got = receiver.received[0];
    assert.equal(got?.headers["content-type"], "application/jwt");
    const { payload, protectedHeader } = await jwtVerify(got?.body ?? "", new TextEncoder().encode(SECRET), { algorithms: ["HS256"] });
    assert.equal(protectedHeader.alg, "HS256");
    assert.equal(payload.state, "ringing");
    assert.equal(payload.call_id, result.event.call_id);
    assert.equal(typeof payload.iat, "number");
    await assert.rejects(jwtVerify(got?.body ?? "", new TextEncoder().encode("another-secret")));
  });

  it("delivers plain JSON when the webhook has no secret", async () => {
    const hook = await webhook();
    await dialpad(emu.url, "POST", "/subscriptions/sms", { endpoint_id: hook, direction: "inbound" });
    const result = await simulate(emu.url, "dialpad/sms", { direction: "inbound", event: { text: "hi there" } });
    assert.equal(result.deliveries[0]?.signed, false);
    const got = receiver.received[0];
    assert.equal(got?.headers["content-type"], "application/json");
    const event = JSON.parse(got?.body ?? "{}") as Record<string, unknown>;
    assert.equal(event.text, "hi there");
    assert.ok(Array.isArray(event.to_number), "to_number is a list");
    assert.deepEqual(event, result.event);
  });

  it("delivers only to enabled subscriptions whose states, direction and target match", async () => {
    const hook = await webhook();
    const call = async (body: object): Promise<string> =>
      ((await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hook, ...body })).body as { id: string }).id;
    const all = await call({ call_states: ["all"] });
    const ringing = await call({ call_states: ["ringing"] });
    await call({ call_states: ["hangup"] });
    await call({ call_states: ["ringing"], enabled: false });
    const office = await call({ call_states: ["ringing"], target_type: "office", target_id: 123 });
    await call({ call_states: ["ringing"], target_type: "office", target_id: 999 });

    const toOffice = await simulate(emu.url, "dialpad/call", { state: "ringing", target_type: "office", target_id: 123 });
    assert.deepEqual(toOffice.deliveries.map((d) => d.subscriptionId).sort(), [all, ringing, office].sort());
    const toUser = await simulate(emu.url, "dialpad/call", { state: "ringing" });
    assert.deepEqual(toUser.deliveries.map((d) => d.subscriptionId).sort(), [all, ringing].sort());

    await dialpad(emu.url, "POST", "/subscriptions/sms", { endpoint_id: hook, direction: "outbound" });
    assert.deepEqual((await simulate(emu.url, "dialpad/sms", { direction: "inbound" })).deliveries, []);
  });

  it("delivers SMS events to legacy event subscriptions with their own URL and secret", async () => {
    await dialpad(emu.url, "PUT", "/event-subscriptions/sms/ops-sms", { url: `${receiver.url}/legacy`, direction: "all", secret: "legacy-s1" });
    const result = await simulate(emu.url, "dialpad/sms", { direction: "outbound" });
    assert.deepEqual(result.deliveries, [{ subscriptionId: "ops-sms", url: `${receiver.url}/legacy`, status: 200, signed: true }]);
    const { payload } = await jwtVerify(receiver.received[0]?.body ?? "", new TextEncoder().encode("legacy-s1"));
    assert.equal(payload.direction, "outbound");
  });

  it("records the receiver's status and connection errors on each delivery", async () => {
    receiver.answer = (_got, res) => void res.writeHead(500).end();
    const hook = await webhook();
    await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hook, call_states: ["all"] });
    const dead = await dialpad(emu.url, "POST", "/webhooks", { hook_url: "http://127.0.0.1:1/nothing" });
    await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: (dead.body as { id: string }).id, call_states: ["all"] });
    const result = await simulate(emu.url, "dialpad/call", { state: "hangup" });
    const byUrl = Object.fromEntries(result.deliveries.map((d) => [d.url, d]));
    assert.equal(byUrl[`${receiver.url}/dialpad`]?.status, 500);
    assert.equal(byUrl["http://127.0.0.1:1/nothing"]?.status, undefined);
    assert.match(byUrl["http://127.0.0.1:1/nothing"]?.error ?? "", /\S/);
  });

  it("posts a Cinnox inbound SMS notification to the app's enabled URL, and nothing once disabled", async () => {
    receiver.answer = echoChallenge;
    await cinnoxPatch(emu.url, "app-9", { enabled: true, url: `${receiver.url}/cx` });
    receiver.answer = (_got, res) => void res.writeHead(200).end("{}");
    const result = await simulate(emu.url, "cinnox/inbound-sms", { appId: "app-9", event: { content: "hello" } });
    assert.deepEqual(result.deliveries, [{ subscriptionId: "app-9", url: `${receiver.url}/cx`, status: 200, signed: false }]);
    const got = JSON.parse(receiver.received[1]?.body ?? "{}") as Record<string, unknown>;
    assert.equal(got.eventDescription, "Inbound SMS");
    assert.equal(got.content, "hello");
    assert.equal(got.contentType, "Text");
    await cinnoxPatch(emu.url, "app-9", { enabled: false, url: `${receiver.url}/cx` });
    assert.deepEqual((await simulate(emu.url, "cinnox/inbound-sms", { appId: "app-9" })).deliveries, []);
  });

  it("refuses a simulate body with a target_type but no target_id", async () => {
    const res = await fetch(`${emu.url}/_emulator/simulate/dialpad/call`, { method: "POST", body: JSON.stringify({ target_type: "office" }) });
    assert.equal(res.status, 400);
  });
});
