// Every Cinnox event subscription: the same PATCH and challenge handshake, one independent singleton per app and event,
// and a simulated notification of each delivered to the URL subscribed for that event.
import assert from "node:assert/strict";
import { CINNOX_EVENTS, CINNOX_EVENT_NAMES, type CinnoxEventName } from "../../../emulator";
import { adminState, cinnoxEventPatch, simulate, withEmulator } from "../../helpers/emulator";
import { echoChallenge, startReceiver, type Receiver } from "./receiver";

describe("emulator: Cinnox event subscriptions", () => {
  const emu = withEmulator({ challengeTimeoutMs: 300 });
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver(echoChallenge);
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("serves the documented events at their documented paths", () => {
    assert.deepEqual(CINNOX_EVENT_NAMES.map((n) => CINNOX_EVENTS[n].path), [
      "inbound-sms-event-sub", "outbound-sms-event-sub", "call-event-sub", "inquiry-event-sub", "inquiry-label-event-sub",
      "label-event-sub", "contact-event-sub", "external-contact-event-sub", "staff-contact-event-sub",
    ]);
  });

  for (const event of CINNOX_EVENT_NAMES) {
    it(`${event}: enables a URL that echoes the challenge and refuses one that does not`, async () => {
      const ok = await cinnoxEventPatch(emu.url, "app-1", event, { enabled: true, url: `${receiver.url}/${event}` });
      assert.equal(ok.status, 200);
      const result = (ok.body as { code: number; result: { enabled: boolean; url: string } }).result;
      assert.deepEqual([result.enabled, result.url], [true, `${receiver.url}/${event}`]);
      assert.match((JSON.parse(receiver.received[0]?.body ?? "{}") as { challenge: string }).challenge, /^\S{8,}$/);
      assert.equal((await adminState(emu.url)).cinnox.subscriptions["app-1"]?.[event]?.url, `${receiver.url}/${event}`);

      receiver.answer = (_got, res) => void res.writeHead(200).end(JSON.stringify({ code: 0, result: { challenge: "wrong" } }));
      const refused = await cinnoxEventPatch(emu.url, "app-2", event, { enabled: true, url: receiver.url });
      assert.equal(refused.status, 400);
      assert.deepEqual(refused.body, { code: 6451000, message: "webhook url verification failed" });
      assert.equal((await adminState(emu.url)).cinnox.subscriptions["app-2"], undefined, "a refused PATCH stores nothing");
    });

    it(`${event}: simulate POSTs a notification to the URL subscribed for that event, with the body's fields laid over it`, async () => {
      await cinnoxEventPatch(emu.url, "app-1", event, { enabled: true, url: `${receiver.url}/${event}` });
      receiver.received.length = 0;
      const result = await simulate(emu.url, `cinnox/${event}`, { appId: "app-1", event: { extra: "kept" } });
      assert.deepEqual(result.deliveries.map((d) => [d.url, d.status, d.signed]), [[`${receiver.url}/${event}`, 200, false]]);
      const got = receiver.received[0];
      assert.equal(got?.path, `/${event}`);
      assert.equal(got?.headers["content-type"], "application/json");
      assert.deepEqual(JSON.parse(got?.body ?? "null"), result.event);
      assert.equal(result.event.extra, "kept");
    });
  }

  it("keeps the events of one app independent: enabling, re-pointing or disabling one leaves the others", async () => {
    await cinnoxEventPatch(emu.url, "app-1", "call", { enabled: true, url: `${receiver.url}/call` });
    await cinnoxEventPatch(emu.url, "app-1", "inquiry", { enabled: true, url: `${receiver.url}/inquiry` });
    await cinnoxEventPatch(emu.url, "app-1", "call", { enabled: false, url: `${receiver.url}/call` });
    const subs = (await adminState(emu.url)).cinnox.subscriptions["app-1"];
    assert.deepEqual([subs?.call?.enabled, subs?.inquiry?.enabled, subs?.inquiry?.url], [false, true, `${receiver.url}/inquiry`]);
    assert.deepEqual((await adminState(emu.url)).cinnox.apps, {}, "apps shows the inbound-SMS subscription only");
    assert.deepEqual((await simulate(emu.url, "cinnox/call", { appId: "app-1" })).deliveries, [], "the disabled event gets nothing");
    assert.equal((await simulate(emu.url, "cinnox/inquiry", { appId: "app-1" })).deliveries.length, 1);
    assert.deepEqual((await simulate(emu.url, "cinnox/label", { appId: "app-1" })).deliveries, [], "an event never subscribed gets nothing");
  });

  it("shows inbound SMS both in apps (as before) and in subscriptions", async () => {
    const res = await cinnoxEventPatch(emu.url, "app-9", "inbound-sms", { enabled: true, url: receiver.url });
    const { result } = res.body as { result: object };
    const state = await adminState(emu.url);
    assert.deepEqual(state.cinnox.apps, { "app-9": result });
    assert.deepEqual(state.cinnox.subscriptions, { "app-9": { "inbound-sms": result } });
  });

  it("sends the documented notification shapes", async () => {
    const shapes: [CinnoxEventName, string[]][] = [
      ["outbound-sms", ["Type", "AppID", "ServiceID", "TransactionID", "RecipientNumber", "RecipientCountry", "ResponseCode", "Status", "Exception"]],
      ["call", ["message"]],
      ["inquiry", ["status", "serviceId", "displayCaseNumber", "eid", "type", "channel", "channelOri"]],
      ["staff-contact", ["type", "message"]],
    ];
    for (const [event, keys] of shapes) {
      const { event: body } = await simulate(emu.url, `cinnox/${event}`, { appId: "app-1" });
      for (const k of keys) assert.ok(k in body, `${event} has ${k}`);
    }
    const call = (await simulate(emu.url, "cinnox/call", { appId: "app-1" })).event as { message: Record<string, unknown> };
    assert.deepEqual(Object.keys(call.message).sort(), ["callees", "caller", "id", "serviceId", "status"]);
    const tdr = (await simulate(emu.url, "cinnox/outbound-sms", { appId: "app-7" })).event;
    assert.deepEqual([tdr.Type, tdr.AppID], ["tdr", "app-7"]);
  });

  it("answers 404 code 6450001 for an event path Cinnox does not have, and 404 for an unknown simulate", async () => {
    const res = await fetch(`${emu.url}/v1/api/apps/app-1/nothing-event-sub`, {
      method: "PATCH", headers: { Authorization: "Bearer cx-demo-token-0001", "Content-Type": "application/json" },
      body: JSON.stringify({ enabled: false, url: receiver.url }),
    });
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: number }).code, 6450001);
    assert.equal((await fetch(`${emu.url}/_emulator/simulate/cinnox/nothing`, { method: "POST", body: "{}" })).status, 404);
  });
});
