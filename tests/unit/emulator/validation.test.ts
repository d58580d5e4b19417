// Every Dialpad validation rule answers 400 in Dialpad's error shape, names the field, and changes nothing.
import assert from "node:assert/strict";
import { adminState, dialpad, vendorRequest, withEmulator } from "../../helpers/emulator";

interface Case { name: string; method: string; path: string; body: unknown; field: RegExp }

describe("emulator: Dialpad validation", () => {
  const emu = withEmulator({ dialpadApiKeys: { "dp-demo-key-0001": { companyId: "1001" }, "dp-other-key-01": { companyId: "2002" } } });
  let hookId = "";
  let callId = "";
  let contactId = "";

  beforeEach(async () => {
    hookId = ((await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" })).body as { id: string }).id;
    callId = ((await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hookId, call_states: ["ringing"] })).body as { id: string }).id;
    contactId = ((await dialpad(emu.url, "POST", "/subscriptions/contact", { endpoint_id: hookId, contact_type: "local" })).body as { id: string }).id;
  });

  const cases = (): Case[] => [
    { name: "webhook without hook_url", method: "POST", path: "/webhooks", body: { secret: "s" }, field: /hook_url/ },
    { name: "webhook URL with a non-http scheme", method: "POST", path: "/webhooks", body: { hook_url: "ftp://ops.example.com/h" }, field: /hook_url/ },
    { name: "webhook URL that is not a URL", method: "POST", path: "/webhooks", body: { hook_url: "ops.example.com/h" }, field: /hook_url/ },
    { name: "webhook URL with user-info", method: "POST", path: "/webhooks", body: { hook_url: "https://u:p@ops.example.com/h" }, field: /hook_url/ },
    { name: "multi-line webhook secret", method: "POST", path: "/webhooks", body: { hook_url: "https://ops.example.com/h", secret: "a\nb" }, field: /secret/ },
    { name: "webhook update to a user-info URL", method: "PATCH", path: `/webhooks/${hookId}`, body: { hook_url: "https://u@ops.example.com/" }, field: /hook_url/ },
    { name: "multi-line websocket secret", method: "POST", path: "/websockets", body: { secret: "a\r\nb" }, field: /secret/ },
    { name: "call state outside the enum", method: "POST", path: "/subscriptions/call", body: { endpoint_id: hookId, call_states: ["ringing", "dancing"] }, field: /call_states/ },
    { name: "call_states that is not a list", method: "POST", path: "/subscriptions/call", body: { endpoint_id: hookId, call_states: "ringing" }, field: /call_states/ },
    { name: "target_type outside the enum", method: "POST", path: "/subscriptions/call", body: { endpoint_id: hookId, target_type: "planet", target_id: 1 }, field: /target_type/ },
    { name: "target_type without target_id", method: "POST", path: "/subscriptions/call", body: { endpoint_id: hookId, target_type: "office" }, field: /target_type and target_id/ },
    { name: "target_id without target_type", method: "POST", path: "/subscriptions/sms", body: { endpoint_id: hookId, direction: "all", target_id: 5 }, field: /target_type and target_id/ },
    { name: "target_id that is not an integer", method: "POST", path: "/subscriptions/sms", body: { endpoint_id: hookId, direction: "all", target_type: "office", target_id: "12x" }, field: /target_id/ },
    { name: "update with only target_type", method: "PATCH", path: `/subscriptions/call/${callId}`, body: { target_type: "office" }, field: /target_type and target_id/ },
    { name: "SMS subscription without direction", method: "POST", path: "/subscriptions/sms", body: { endpoint_id: hookId }, field: /direction/ },
    { name: "SMS direction outside the enum", method: "POST", path: "/subscriptions/sms", body: { endpoint_id: hookId, direction: "sideways" }, field: /direction/ },
    { name: "contact subscription without contact_type", method: "POST", path: "/subscriptions/contact", body: { endpoint_id: hookId }, field: /contact_type/ },
    { name: "contact update without contact_type", method: "PATCH", path: `/subscriptions/contact/${contactId}`, body: { enabled: false }, field: /contact_type/ },
    { name: "agent status subscription without agent_type", method: "POST", path: "/subscriptions/agent_status", body: { endpoint_id: hookId }, field: /agent_type/ },
    { name: "agent_type outside the enum", method: "POST", path: "/subscriptions/agent_status", body: { endpoint_id: hookId, agent_type: "sales" }, field: /agent_type/ },
    { name: "enabled that is not a boolean", method: "POST", path: "/subscriptions/changelog", body: { endpoint_id: hookId, enabled: "yes" }, field: /enabled/ },
    { name: "unknown endpoint id", method: "POST", path: "/subscriptions/call", body: { endpoint_id: 999999, call_states: ["all"] }, field: /endpoint_id/ },
    { name: "unknown webhook_id on update", method: "PATCH", path: `/subscriptions/call/${callId}`, body: { webhook_id: "999999" }, field: /endpoint_id/ },
    { name: "endpoint_id and webhook_id that disagree", method: "POST", path: "/subscriptions/changelog", body: { endpoint_id: hookId, webhook_id: 999999 }, field: /disagree/ },
    { name: "endpoint id that is not an integer", method: "POST", path: "/subscriptions/changelog", body: { endpoint_id: "abc" }, field: /endpoint_id/ },
    { name: "body that is not JSON", method: "POST", path: "/webhooks", body: "{not json", field: /JSON/ },
    { name: "body that is a JSON array", method: "POST", path: "/webhooks", body: [1], field: /object/ },
    { name: "path id that is not an integer", method: "GET", path: "/webhooks/abc", body: undefined, field: /id/ },
    { name: "legacy SMS without url", method: "PUT", path: "/event-subscriptions/sms/ops-sms", body: { direction: "all" }, field: /url/ },
    { name: "legacy SMS without direction", method: "PUT", path: "/event-subscriptions/sms/ops-sms", body: { url: "https://ops.example.com/s" }, field: /direction/ },
    { name: "legacy SMS URL with user-info", method: "PUT", path: "/event-subscriptions/sms/ops-sms", body: { url: "https://user:pass@ops.example.com/s", direction: "all" }, field: /url/ },
    { name: "legacy SMS URL with a non-http scheme", method: "PUT", path: "/event-subscriptions/sms/ops-sms", body: { url: "mailto:ops@example.com", direction: "all" }, field: /url/ },
    { name: "legacy SMS multi-line secret", method: "PUT", path: "/event-subscriptions/sms/ops-sms", body: { url: "https://ops.example.com/s", direction: "all", secret: "a\nb" }, field: /secret/ },
    { name: "legacy SMS target_type alone", method: "PUT", path: "/event-subscriptions/sms/ops-sms", body: { url: "https://ops.example.com/s", direction: "all", target_type: "user" }, field: /target_type and target_id/ },
    { name: "legacy call state outside the enum", method: "PUT", path: "/event-subscriptions/call/ops-call", body: { url: "https://ops.example.com/c", call_states: ["nope"] }, field: /call_states/ },
    { name: "list limit that is not a number", method: "GET", path: "/subscriptions/call?limit=many", body: undefined, field: /limit/ },
    { name: "list cursor that was not issued", method: "GET", path: "/webhooks?cursor=bm9wZQ", body: undefined, field: /cursor/ },
    { name: "list target_type filter outside the enum", method: "GET", path: "/subscriptions/sms?target_type=planet", body: undefined, field: /target_type/ },
  ];

  for (const [i, c] of cases().entries()) {
    it(`refuses ${c.name} with 400`, async () => {
      const current = cases()[i] as Case; // ids of this test's objects are known only now
      const before = await adminState(emu.url);
      const res = await vendorRequest(emu.url, current.method, `/api/v2${current.path}`, { body: current.body });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      const err = (res.body as { error: { code: number; message: string } }).error;
      assert.equal(err.code, 400);
      assert.match(err.message, current.field);
      assert.deepEqual(await adminState(emu.url), before, "a refused request changes nothing");
    });
  }

  it("accepts every one of the 32 call states and the 11 target types", async () => {
    const states = [
      "admin", "admin_recording", "ai_playbook", "all", "barge", "blocked", "call_transcription", "calling", "connected", "csat",
      "dispositions", "eavesdrop", "hangup", "hold", "merged", "missed", "monitor", "parked", "pcsat", "postcall", "preanswer",
      "queued", "recap_action_items", "recap_outcome", "recap_purposes", "recap_summary", "recording", "ringing", "takeover",
      "transcription", "voicemail", "voicemail_uploaded",
    ];
    const res = await dialpad(emu.url, "PATCH", `/subscriptions/call/${callId}`, { call_states: states });
    assert.equal(res.status, 200);
    assert.deepEqual((res.body as { call_states: string[] }).call_states, states);
    const types = ["callcenter", "callrouter", "channel", "coachinggroup", "coachingteam", "department", "office", "room", "staffgroup", "unknown", "user"];
    for (const [n, t] of types.entries()) {
      const r = await dialpad(emu.url, "PATCH", `/subscriptions/call/${callId}`, { target_type: t, target_id: n + 1 });
      assert.equal(r.status, 200, t);
    }
  });

  it("answers 404 for an id that names nothing and 405 for a method the path does not have", async () => {
    assert.equal((await dialpad(emu.url, "GET", "/subscriptions/sms/999999")).status, 404);
    assert.equal((await dialpad(emu.url, "PATCH", `/subscriptions/sms/${callId}`, { enabled: false })).status, 404, "a call id is not an SMS id");
    assert.equal((await dialpad(emu.url, "PUT", `/webhooks/${hookId}`, { hook_url: "https://ops.example.com/x" })).status, 405);
    assert.equal((await dialpad(emu.url, "GET", "/subscriptions/voicemail")).status, 404);
  });
});
