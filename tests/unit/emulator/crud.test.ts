// Create, read, update, delete of every Dialpad object as a client sees them, and the state dump that mirrors them.
import assert from "node:assert/strict";
import { decodeJwt } from "jose";
import { adminState, dialpad, withEmulator } from "../../helpers/emulator";

interface Obj { id: string; [k: string]: unknown }
const body = (r: { body: unknown }): Obj => r.body as Obj;

describe("emulator: Dialpad objects", () => {
  const emu = withEmulator();

  it("creates, reads, updates and deletes a webhook; delete answers the deleted object", async () => {
    const created = await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h", secret: "hook-secret-1" });
    assert.equal(created.status, 200);
    const hook = body(created);
    assert.match(hook.id, /^\d+$/, "ids are strings of digits");
    assert.deepEqual(hook, { id: hook.id, hook_url: "https://ops.example.com/h", signature: { algo: "HS256", secret: "hook-secret-1", type: "jwt" } });
    assert.deepEqual(body(await dialpad(emu.url, "GET", `/webhooks/${hook.id}`)), hook);

    const patched = body(await dialpad(emu.url, "PATCH", `/webhooks/${hook.id}`, { hook_url: "https://ops.example.com/v2" }));
    assert.equal(patched.hook_url, "https://ops.example.com/v2");
    assert.deepEqual(patched.signature, hook.signature, "a PATCH without secret keeps it");
    const cleared = body(await dialpad(emu.url, "PATCH", `/webhooks/${hook.id}`, { secret: null }));
    assert.equal(cleared.signature, undefined, "no secret, no signature");

    const deleted = await dialpad(emu.url, "DELETE", `/webhooks/${hook.id}`);
    assert.equal(deleted.status, 200);
    assert.deepEqual(body(deleted), cleared);
    assert.equal((await dialpad(emu.url, "GET", `/webhooks/${hook.id}`)).status, 404);
    assert.equal((await dialpad(emu.url, "DELETE", `/webhooks/${hook.id}`)).status, 404);
  });

  it("gives increasing ids and omits signature for a webhook created without a secret", async () => {
    const a = body(await dialpad(emu.url, "POST", "/webhooks", { hook_url: "http://ops.example.com/a" }));
    const b = body(await dialpad(emu.url, "POST", "/webhooks", { hook_url: "http://ops.example.com/b", secret: null }));
    assert.ok(Number(b.id) > Number(a.id));
    assert.deepEqual(a, { id: a.id, hook_url: "http://ops.example.com/a" });
    assert.equal(b.signature, undefined);
  });

  it("hands out a fresh websocket URL with a one-hour JWT on every read", async () => {
    const ws = body(await dialpad(emu.url, "POST", "/websockets", { secret: "ws-secret-1" }));
    const again = body(await dialpad(emu.url, "GET", `/websockets/${ws.id}`));
    assert.match(String(ws.websocket_url), /^wss:\/\/127\.0\.0\.1:\d+\/events\/[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.notEqual(again.websocket_url, ws.websocket_url);
    const claims = decodeJwt(String(again.websocket_url).split("/events/")[1] as string);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3600);
    assert.deepEqual(ws.signature, { algo: "HS256", secret: "ws-secret-1", type: "jwt" });
    const patched = body(await dialpad(emu.url, "PATCH", `/websockets/${ws.id}`, { secret: "ws-secret-2" }));
    assert.equal((patched.signature as { secret: string }).secret, "ws-secret-2");
    assert.equal((await dialpad(emu.url, "DELETE", `/websockets/${ws.id}`)).status, 200);
    assert.equal((await dialpad(emu.url, "GET", `/websockets/${ws.id}`)).status, 404);
  });

  it("links subscriptions by endpoint_id or webhook_id, number or string, and embeds the webhook instead of echoing the id", async () => {
    const hook = body(await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" }));
    for (const link of [{ endpoint_id: Number(hook.id) }, { endpoint_id: hook.id }, { webhook_id: Number(hook.id) }, { webhook_id: hook.id }]) {
      const sub = body(await dialpad(emu.url, "POST", "/subscriptions/sms", { ...link, direction: "inbound" }));
      assert.deepEqual(sub.webhook, hook);
      assert.equal(sub.endpoint_id, undefined);
      assert.equal(sub.webhook_id, undefined);
    }
    const ws = body(await dialpad(emu.url, "POST", "/websockets", {}));
    const viaWs = body(await dialpad(emu.url, "POST", "/subscriptions/changelog", { endpoint_id: ws.id }));
    assert.equal((viaWs.websocket as Obj).id, ws.id);
    assert.equal(viaWs.webhook, undefined);
  });

  it("fills defaults on create and updates every field of a call subscription", async () => {
    const h1 = body(await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/1" }));
    const h2 = body(await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/2" }));
    const sub = body(await dialpad(emu.url, "POST", "/subscriptions/call", { webhook_id: h1.id, call_states: ["ringing", "hangup"] }));
    assert.deepEqual(sub, { id: sub.id, enabled: true, call_states: ["ringing", "hangup"], group_calls_only: false, webhook: h1 });
    const patched = body(await dialpad(emu.url, "PATCH", `/subscriptions/call/${sub.id}`, {
      webhook_id: h2.id, enabled: false, call_states: ["missed"], group_calls_only: true, target_type: "office", target_id: "123",
    }));
    assert.deepEqual(patched, {
      id: sub.id, enabled: false, call_states: ["missed"], group_calls_only: true, target_type: "office", target_id: 123, webhook: h2,
    });
    const untargeted = body(await dialpad(emu.url, "PATCH", `/subscriptions/call/${sub.id}`, { target_type: null, target_id: null }));
    assert.equal(untargeted.target_type, undefined);
    assert.equal(untargeted.target_id, undefined);
    assert.deepEqual(body(await dialpad(emu.url, "DELETE", `/subscriptions/call/${sub.id}`)), untargeted);
    assert.equal((await dialpad(emu.url, "GET", `/subscriptions/call/${sub.id}`)).status, 404);
  });

  it("creates and updates SMS, contact, agent status and changelog subscriptions with their defaults", async () => {
    const hook = body(await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" }));
    const sms = body(await dialpad(emu.url, "POST", "/subscriptions/sms", { endpoint_id: hook.id, direction: "all" }));
    assert.deepEqual(sms, { id: sms.id, enabled: true, direction: "all", include_internal: false, status: false, webhook: hook });
    const sms2 = body(await dialpad(emu.url, "PATCH", `/subscriptions/sms/${sms.id}`, { direction: "outbound", include_internal: true, status: true }));
    assert.deepEqual([sms2.direction, sms2.include_internal, sms2.status], ["outbound", true, true]);

    const contact = body(await dialpad(emu.url, "POST", "/subscriptions/contact", { endpoint_id: hook.id, contact_type: "shared" }));
    assert.deepEqual(contact, { id: contact.id, enabled: true, contact_type: "shared", webhook: hook });
    const agent = body(await dialpad(emu.url, "POST", "/subscriptions/agent_status", { endpoint_id: hook.id, agent_type: "callcenter" }));
    assert.deepEqual(agent, { id: agent.id, enabled: true, agent_type: "callcenter", webhook: hook });
    const changelog = body(await dialpad(emu.url, "POST", "/subscriptions/changelog", { endpoint_id: hook.id, enabled: false }));
    assert.deepEqual(changelog, { id: changelog.id, enabled: false, webhook: hook });
    assert.equal(body(await dialpad(emu.url, "PATCH", `/subscriptions/changelog/${changelog.id}`, { enabled: true })).enabled, true);

    const state = await adminState(emu.url);
    assert.deepEqual(state.dialpad.subscriptions.sms, [sms2]);
    assert.deepEqual(state.dialpad.subscriptions.contact, [contact]);
    assert.deepEqual(state.dialpad.subscriptions.agent_status, [agent]);
    assert.equal(state.dialpad.subscriptions.changelog.length, 1);
    assert.deepEqual(state.dialpad.webhooks, [hook]);
  });

  it("keeps a subscription whose webhook was deleted, without the embed", async () => {
    const hook = body(await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" }));
    const sub = body(await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hook.id, call_states: ["all"] }));
    await dialpad(emu.url, "DELETE", `/webhooks/${hook.id}`);
    const after = body(await dialpad(emu.url, "GET", `/subscriptions/call/${sub.id}`));
    assert.equal(after.webhook, undefined);
  });

  it("creates, overwrites, reads, lists and deletes legacy SMS and call event subscriptions by caller-chosen id", async () => {
    const put = await dialpad(emu.url, "PUT", "/event-subscriptions/sms/ops-sms", { url: "https://ops.example.com/s", direction: "inbound", secret: "legacy-s1" });
    assert.equal(put.status, 200);
    assert.deepEqual(body(put), {
      id: "ops-sms", url: "https://ops.example.com/s", direction: "inbound", enabled: true, signature: { algo: "HS256", secret: "legacy-s1", type: "jwt" },
    });
    const over = body(await dialpad(emu.url, "PUT", "/event-subscriptions/sms/ops-sms", {
      url: "https://ops.example.com/s2", direction: "all", enabled: false, target_type: "user", target_id: 42,
    }));
    assert.deepEqual(over, { id: "ops-sms", url: "https://ops.example.com/s2", direction: "all", enabled: false, target_type: "user", target_id: 42 });
    assert.deepEqual(body(await dialpad(emu.url, "GET", "/event-subscriptions/sms/ops-sms")), over);
    assert.deepEqual((await dialpad(emu.url, "GET", "/event-subscriptions/sms")).body, { items: [over] });
    assert.equal((await dialpad(emu.url, "GET", "/event-subscriptions/call/ops-sms")).status, 404, "SMS and call ids are separate");

    const call = body(await dialpad(emu.url, "PUT", "/event-subscriptions/call/ops-call", { url: "https://ops.example.com/c", call_states: ["hangup"] }));
    assert.deepEqual(call, { id: "ops-call", url: "https://ops.example.com/c", enabled: true, call_states: ["hangup"], group_calls_only: false });

    assert.deepEqual(body(await dialpad(emu.url, "DELETE", "/event-subscriptions/sms/ops-sms")), over);
    assert.equal((await dialpad(emu.url, "GET", "/event-subscriptions/sms/ops-sms")).status, 404);
    const state = await adminState(emu.url);
    assert.deepEqual(state.dialpad.eventSubscriptions, { sms: [], call: [call] });
  });
});
