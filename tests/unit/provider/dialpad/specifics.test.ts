// What only some Dialpad resources do: adoption by id, the legacy hook-id guard, replacement on hookId,
// set semantics of callStates, and the cross-property rules (endpoint, target).
import assert from "node:assert/strict";
import { callSubscriptionController } from "../../../../provider/dialpad/call-subscription";
import { legacySmsEventSubscriptionController } from "../../../../provider/dialpad/legacy-sms-event-subscription";
import { smsSubscriptionController } from "../../../../provider/dialpad/sms-subscription";
import { webhookController } from "../../../../provider/dialpad/webhook";
import { adminState } from "../../../helpers/emulator";
import { checked, dialpadFixture } from "./fixture";

describe("Dialpad resources: adoption, legacy guard, diff and rules", () => {
  const dp = dialpadFixture();

  it("Webhook adoptId takes over an existing webhook with a GET then a PATCH to the declared state", async () => {
    const existing = await dp.webhook("https://legacy.example.com/old");
    await dp.clear();
    const c = webhookController(dp.client);
    const inputs = await checked(c, { hookUrl: "https://ops.example.com/new", secret: "wh-adopt-01", adoptId: existing });
    const { id, outs } = await c.create(inputs);
    assert.equal(id, existing);
    assert.deepEqual(outs, { hookUrl: "https://ops.example.com/new", secret: "wh-adopt-01", adoptId: existing });
    assert.deepEqual(await dp.calls(), [`GET /api/v2/webhooks/${id}`, `PATCH /api/v2/webhooks/${id}`]);
    const state = await adminState(dp.fx.url);
    assert.equal(state.dialpad.webhooks.length, 1);
    // adoptId only steers creation: changing or dropping it later is no change.
    assert.equal((await c.diff(id, outs ?? {}, { hookUrl: "https://ops.example.com/new", secret: "wh-adopt-01" })).changes, false);
  });

  it("adoption of a missing object fails clearly and creates nothing", async () => {
    const c = callSubscriptionController(dp.client);
    const hook = await dp.webhook();
    const inputs = await checked(c, { webhookId: hook, callStates: ["ringing"], adoptId: 424242 });
    await assert.rejects(c.create(inputs), /^Error: dialpad:CallSubscription: adoptId 424242: no such object to adopt/);
    assert.equal((await adminState(dp.fx.url)).dialpad.subscriptions.call.length, 0);
  });

  it("CallSubscription and SmsSubscription adopt by id too", async () => {
    const hook = await dp.webhook();
    const call = await dp.api("POST", "/subscriptions/call", { webhook_id: hook, call_states: ["all"] });
    const sms = await dp.api("POST", "/subscriptions/sms", { webhook_id: hook, direction: "all" });
    const callId = (call.body as { id: string }).id;
    const smsId = (sms.body as { id: string }).id;
    const cc = callSubscriptionController(dp.client);
    const sc = smsSubscriptionController(dp.client);
    const c1 = await cc.create(await checked(cc, { webhookId: hook, callStates: ["hangup"], adoptId: callId }));
    const s1 = await sc.create(await checked(sc, { webhookId: hook, direction: "inbound", adoptId: smsId }));
    assert.equal(c1.id, callId);
    assert.equal(s1.id, smsId);
    const state = await adminState(dp.fx.url);
    assert.deepEqual(state.dialpad.subscriptions.call.map((s) => s.call_states), [["hangup"]]);
    assert.deepEqual(state.dialpad.subscriptions.sms.map((s) => s.direction), ["inbound"]);
  });

  it("LegacySmsEventSubscription refuses to overwrite an existing hook id unless adoptExisting", async () => {
    const someone = { url: "https://someone.example.com/sms", direction: "inbound" };
    assert.equal((await dp.api("PUT", "/event-subscriptions/sms/shared-id", someone)).status, 200);
    await dp.clear();
    const c = legacySmsEventSubscriptionController(dp.client);
    const mine = { hookId: "shared-id", url: "https://ops.example.com/sms", direction: "all" };
    await assert.rejects(
      c.create(await checked(c, mine)),
      /dialpad:LegacySmsEventSubscription: hook id "shared-id" already exists in Dialpad \(\/api\/v2\/event-subscriptions\/sms\/shared-id\); refusing to overwrite it. Set adoptExisting: true/,
    );
    assert.deepEqual(await dp.calls(), ["GET /api/v2/event-subscriptions/sms/shared-id"], "the hook id read, no PUT");
    // An exact twin is someone else's too: the guard refuses it the same way.
    const twin = legacySmsEventSubscriptionController(dp.client);
    await assert.rejects(twin.create(await checked(twin, { ...someone, hookId: "shared-id" })), /already exists in Dialpad/);
    assert.equal((await adminState(dp.fx.url)).dialpad.eventSubscriptions.sms[0]?.url, someone.url);

    const { id, outs } = await c.create(await checked(c, { ...mine, adoptExisting: true }));
    assert.equal(id, "shared-id");
    assert.equal(outs?.url, mine.url);
    assert.equal((await adminState(dp.fx.url)).dialpad.eventSubscriptions.sms[0]?.url, mine.url);
  });

  it("LegacySmsEventSubscription replaces on hookId and updates in place otherwise", async () => {
    const c = legacySmsEventSubscriptionController(dp.client);
    const olds = await checked(c, { hookId: "a", url: "https://ops.example.com/sms", direction: "all" });
    const moved = await c.diff("a", olds, await checked(c, { ...olds, hookId: "b", enabled: false }));
    assert.deepEqual(moved, { changes: true, diffs: ["hookId", "enabled"], replaces: ["hookId"], deleteBeforeReplace: true });
    const edited = await c.diff("a", olds, await checked(c, { ...olds, url: "https://ops.example.com/x" }));
    assert.deepEqual(edited, { changes: true, diffs: ["url"], replaces: [], deleteBeforeReplace: true });
  });

  it("a reordered or repeated callStates list is no change", async () => {
    const c = callSubscriptionController(dp.client);
    const olds = await checked(c, { webhookId: "1", callStates: ["ringing", "hangup", "missed"] });
    const news = await checked(c, { webhookId: 1, callStates: ["missed", "ringing", "hangup", "ringing"] });
    assert.deepEqual(await c.diff("9", olds, news), { changes: false, diffs: [], replaces: [] });
  });

  it("two ways of writing the same URL are no change, and the vendor gets the canonical form", async () => {
    const c = webhookController(dp.client);
    const olds = await checked(c, { hookUrl: "https://ops.example.com/dialpad" });
    const news = await checked(c, { hookUrl: "HTTPS://Ops.Example.COM:443/dialpad" });
    assert.equal(news.hookUrl, "https://ops.example.com/dialpad");
    assert.deepEqual(await c.diff("9", olds, news), { changes: false, diffs: [], replaces: [] });
    const moved = await checked(c, { hookUrl: "https://ops.example.com/dialpad/v2" });
    assert.deepEqual((await c.diff("9", olds, moved)).diffs, ["hookUrl"]);
    const { id } = await c.create(await checked(c, { hookUrl: "HTTPS://OPS.example.com" }));
    const stored = (await adminState(dp.fx.url)).dialpad.webhooks.find((w) => w.id === id);
    assert.equal(stored?.hook_url, "https://ops.example.com/");
  });

  it("a subscription needs exactly one of webhookId and websocketId", async () => {
    const c = smsSubscriptionController(dp.client);
    const none = await c.check({}, { direction: "all" });
    assert.deepEqual(none.failures, [{ property: "webhookId", reason: "is required (or websocketId)" }]);
    const both = await c.check({}, { direction: "all", webhookId: 1, websocketId: 2 });
    assert.deepEqual(both.failures, [{ property: "websocketId", reason: "give webhookId or websocketId, not both" }]);
    assert.deepEqual((await c.check({}, { direction: "all", websocketId: "2" })).failures ?? [], []);
  });

  it("targetType and targetId go together", async () => {
    const c = callSubscriptionController(dp.client);
    const base = { webhookId: 1, callStates: ["all"] };
    assert.deepEqual((await c.check({}, { ...base, targetType: "office" })).failures, [{ property: "targetId", reason: "is required when targetType is set" }]);
    assert.deepEqual((await c.check({}, { ...base, targetId: 3 })).failures, [{ property: "targetType", reason: "is required when targetId is set" }]);
  });

  it("check failures explain without repeating a secret", async () => {
    const c = webhookController(dp.client);
    const res = await c.check({}, { hookUrl: "https://u:pw-0001@ops.example.com/", secret: "sec-0001\nx" });
    assert.deepEqual(res.failures, [
      { property: "", reason: "property hookUrl must not contain user-info (user:password@) (value not shown)" },
      { property: "", reason: "property secret must be a single line without control characters (value not shown)" },
    ]);
    assert.ok(!JSON.stringify(res.failures).includes("0001"));
  });
});
