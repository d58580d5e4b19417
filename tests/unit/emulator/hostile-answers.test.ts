// The hostile successes: a 2xx answer whose body the test chooses (applied or not), raw items added to a list answer,
// and a list cursor replaced (removed, or one that repeats forever). Also legacy hook ids with odd characters, made out
// of band with a percent-encoded path.
import assert from "node:assert/strict";
import { DEFAULT_CINNOX_APP_TOKEN } from "../../../emulator";
import {
  HOSTILE_IDS, addFault, adminRequests, adminState, cinnoxPatch, dialpad, hostileItems, outOfBand, vendorRequest, withEmulator,
} from "../../helpers/emulator";

const HOOK = { hook_url: "https://ops.example.com/h", secret: "s3cret-value" };
type List = { items: { id: string }[]; cursor?: string };
/** A test title never carries a raw control or line-break character to the terminal. */
const visible = (s: string): string => JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

describe("emulator: hostile answers", () => {
  const emu = withEmulator({ challengeTimeoutMs: 300 });

  describe("answer", () => {
    for (const apply of [undefined, "after"] as const) {
      it(`applies the request (apply ${apply ?? "absent: the default"}) and answers exactly the body given, with 200`, async () => {
        const body = { id: "1\u2028x", hook_url: null, extra: [1, { deep: "\u009b" }] };
        await addFault(emu.url, { method: "POST", path: "/api/v2/webhooks", answer: { body }, ...(apply ? { apply } : {}) });
        const res = await dialpad(emu.url, "POST", "/webhooks", HOOK);
        assert.deepEqual([res.status, res.body], [200, body]);
        assert.deepEqual((await adminState(emu.url)).dialpad.webhooks.map((w) => [w.id, w.hook_url]), [["1000", HOOK.hook_url]]);
        const [entry] = await adminRequests(emu.url);
        assert.deepEqual([entry?.status, entry?.fault], [200, "answer:200"]);
        assert.deepEqual(entry?.body, { hook_url: HOOK.hook_url, secret: "[redacted]" }, "the request log still redacts");
      });
    }

    it("with apply \"before\": answers the body (and status) without applying", async () => {
      await addFault(emu.url, { method: "POST", answer: { status: 201, body: { id: "1000" } }, apply: "before" });
      const res = await dialpad(emu.url, "POST", "/webhooks", HOOK);
      assert.deepEqual([res.status, res.body], [201, { id: "1000" }]);
      assert.deepEqual((await adminState(emu.url)).dialpad.webhooks, []);
      assert.equal((await adminRequests(emu.url))[0]?.fault, "answer:201+apply:before");
    });

    it("answers any JSON value: null, a string, a number, an array", async () => {
      for (const body of [null, "ok", 0, [{ id: "x" }]]) {
        await addFault(emu.url, { method: "GET", answer: { body } });
        const res = await dialpad(emu.url, "GET", "/webhooks");
        assert.deepEqual([res.status, res.body], [200, body], JSON.stringify(body));
      }
      assert.deepEqual((await dialpad(emu.url, "GET", "/webhooks")).body, { items: [] }, "the fault was used up");
    });

    it("answers a Cinnox PATCH with the body given, after enabling nothing when apply is \"before\"", async () => {
      await addFault(emu.url, { path: "/v1/", answer: { body: { code: 0, result: { enabled: true, url: "javascript:alert(1)" } } }, apply: "before" });
      const res = await cinnoxPatch(emu.url, "app-1", { enabled: false, url: "https://ops.example.com/c" }, DEFAULT_CINNOX_APP_TOKEN);
      assert.deepEqual(res.body, { code: 0, result: { enabled: true, url: "javascript:alert(1)" } });
      assert.deepEqual((await adminState(emu.url)).cinnox.subscriptions, {});
    });
  });

  describe("addItems", () => {
    it("appends raw items of any shape to the real items of a list answer, keeping its cursor", async () => {
      for (let i = 0; i < 3; i++) await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${i}` });
      const added = hostileItems({ hook_url: "https://other.example.com/h" }, ["hook_url"]);
      await addFault(emu.url, { method: "GET", path: "/api/v2/webhooks", addItems: added });
      const res = await vendorRequest(emu.url, "GET", "/api/v2/webhooks?limit=2");
      const body = res.body as List;
      assert.equal(res.status, 200);
      assert.deepEqual(body.items.slice(0, 2).map((w) => w.id), ["1000", "1001"]);
      assert.deepEqual(body.items.slice(2), added);
      assert.equal(typeof body.cursor, "string", "the real cursor stays");
      // The real cursor still pages on: the next page is the real one.
      const next = (await vendorRequest(emu.url, "GET", `/api/v2/webhooks?limit=2&cursor=${body.cursor ?? ""}`)).body as List;
      assert.deepEqual(next.items.map((w) => w.id), ["1002"]);
      const [entry] = (await adminRequests(emu.url)).filter((r) => r.method === "GET");
      assert.equal(entry?.fault, `addItems:${added.length}`);
    });

    it("carries every hostile id and null field through JSON exactly (U+2028, NUL, C1, quotes, empty)", async () => {
      const added = hostileItems({ id: "0", enabled: true, call_states: ["ringing"] }, ["enabled", "call_states"]);
      assert.equal(added.length, HOSTILE_IDS.length + 2);
      await addFault(emu.url, { method: "GET", path: "/api/v2/subscriptions/call", addItems: added });
      const res = await fetch(`${emu.url}/api/v2/subscriptions/call`, { headers: { Authorization: "Bearer dp-demo-key-0001" } });
      const text = await res.text();
      assert.ok(text.includes("\u2028"), "U+2028 is sent raw, as JSON allows");
      const body = JSON.parse(text) as List;
      assert.deepEqual(body.items.map((i) => i.id), [...HOSTILE_IDS, "990001", "990002"]);
      assert.deepEqual((body.items.at(-2) as { enabled?: unknown }).enabled, null);
    });

    it("adds to a legacy list and leaves a non-list answer (a single object, an error) unchanged", async () => {
      await dialpad(emu.url, "PUT", "/event-subscriptions/sms/ops", { url: "https://ops.example.com/s", direction: "all" });
      await addFault(emu.url, { method: "GET", path: "/api/v2/event-subscriptions/sms", count: 3, addItems: [{ id: "ops\u2028x", url: null }] });
      const listed = (await dialpad(emu.url, "GET", "/event-subscriptions/sms")).body as List;
      assert.deepEqual(listed.items.map((i) => i.id), ["ops", "ops\u2028x"]);
      const one = await dialpad(emu.url, "GET", "/event-subscriptions/sms/ops");
      assert.equal((one.body as { id: string }).id, "ops");
      assert.ok(!("items" in (one.body as object)));
      const missing = await dialpad(emu.url, "GET", "/event-subscriptions/sms/nope");
      assert.deepEqual([missing.status, missing.body], [404, { error: { code: 404, message: "sms event subscription nope not found" } }]);
    });
  });

  describe("cursor", () => {
    it("null removes the cursor: a first page that claims to be the last", async () => {
      for (let i = 0; i < 3; i++) await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${i}` });
      await addFault(emu.url, { method: "GET", cursor: null });
      const body = (await vendorRequest(emu.url, "GET", "/api/v2/webhooks?limit=2")).body as List;
      assert.deepEqual(Object.keys(body), ["items"], "no cursor");
      assert.deepEqual(body.items.map((w) => w.id), ["1000", "1001"]);
      assert.equal((await adminRequests(emu.url)).at(-1)?.fault, "cursor:null");
    });

    it("a string cursor, with rate 1, repeats forever: following it answers the first page again with the same cursor", async () => {
      for (let i = 0; i < 3; i++) await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${i}` });
      await addFault(emu.url, { method: "GET", path: "/api/v2/webhooks", rate: 1, cursor: "c-loop" });
      let query = "limit=2";
      const seen: string[][] = [];
      for (let page = 0; page < 5; page++) {
        const res = await vendorRequest(emu.url, "GET", `/api/v2/webhooks?${query}`);
        const body = res.body as List;
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(body.cursor, "c-loop");
        seen.push(body.items.map((w) => w.id));
        query = `limit=2&cursor=${body.cursor ?? ""}`;
      }
      assert.deepEqual(seen, Array(5).fill(["1000", "1001"]));
      assert.deepEqual((await adminRequests(emu.url)).filter((r) => r.method === "GET").map((r) => r.fault), Array(5).fill("cursor"));
    });

    it("on a last page adds a cursor; combined with addItems, both apply", async () => {
      await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/0" });
      await addFault(emu.url, { method: "GET", cursor: "more", addItems: [{ id: "1\u2028" }] });
      const body = (await dialpad(emu.url, "GET", "/webhooks")).body as List;
      assert.deepEqual(body, { items: [body.items[0], { id: "1\u2028" }], cursor: "more" });
      assert.equal((await adminRequests(emu.url)).at(-1)?.fault, "addItems:1+cursor");
    });

    it("counts down like every fault: count 2 answers two pages, then the real cursor is back", async () => {
      for (let i = 0; i < 3; i++) await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${i}` });
      await addFault(emu.url, { method: "GET", count: 2, cursor: "c-loop" });
      for (let i = 0; i < 2; i++) assert.equal(((await vendorRequest(emu.url, "GET", "/api/v2/webhooks?limit=2&cursor=c-loop")).body as List).cursor, "c-loop");
      const after = await vendorRequest(emu.url, "GET", "/api/v2/webhooks?limit=2&cursor=c-loop");
      assert.equal(after.status, 400, "an unknown cursor, once no fault answers for it");
    });
  });

  it("refuses hostile answers combined with what they cannot go with", async () => {
    for (const bad of [
      { answer: { body: 1 }, status: 500 },
      { answer: { body: 1 }, reset: "after" },
      { answer: { body: 1 }, late: { afterMs: 100, connection: "reset" } },
      { answer: { body: 1 }, addItems: [{}] },
      { answer: { body: 1 }, cursor: "x" },
      { answer: { body: 1 }, echo: true },
      { answer: { status: 400, body: 1 } },
      { answer: { status: 302, body: 1 } },
      { answer: {} },
      { answer: { body: 1, headers: {} } },
      { addItems: [] },
      { addItems: {} },
      { addItems: [{}], status: 503 },
      { cursor: 5 },
      { cursor: "x", reset: "before" },
      { cursor: "x", late: { afterMs: 100, connection: "hang" } },
      { apply: "after" },
    ]) {
      const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(bad) });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    for (const good of [
      { answer: { body: null } },
      { answer: { status: 204, body: "" }, delayMs: 1, method: "GET", path: "/api/", count: 2 },
      { addItems: [null, 1, "x", { id: "\u2028" }], cursor: null, rate: 0.5, seed: 7 },
      { cursor: "x", rate: 1 },
    ]) {
      const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(good) });
      assert.equal(res.status, 200, `${JSON.stringify(good)}: ${await res.text()}`);
    }
  });

  describe("legacy hook ids with odd characters, made out of band", () => {
    const ODD = ["ops\u2028x", "ops\u2029", "\u009b[31m", "a/b", "x'); require(\"child_process\") //", "*/", "%41", "é ü"];

    for (const id of ODD) {
      it(`holds ${visible(id)}: listed, read, marked and deleted by that id`, async () => {
        const path = `/api/v2/event-subscriptions/call/${encodeURIComponent(id)}`;
        const put = await outOfBand(emu.url, { method: "PUT", path, body: { url: "https://other.example.com/c", call_states: ["ringing"] } });
        assert.deepEqual([put.status, (put.body as { id: string }).id], [200, id]);
        const state = await adminState(emu.url);
        assert.deepEqual(state.dialpad.eventSubscriptions.call.map((e) => e.id), [id]);
        assert.deepEqual(state.outOfBand, [path]);
        assert.deepEqual(((await dialpad(emu.url, "GET", "/event-subscriptions/call")).body as List).items.map((i) => i.id), [id]);
        assert.equal(((await vendorRequest(emu.url, "GET", path)).body as { id: string }).id, id);
        assert.equal((await vendorRequest(emu.url, "DELETE", path)).status, 200);
        assert.deepEqual((await adminState(emu.url)).dialpad.eventSubscriptions.call, []);
      });
    }

    it("refuses C0 control characters in a hook id, even out of band", async () => {
      const res = await outOfBand(emu.url, { method: "PUT", path: `/api/v2/event-subscriptions/sms/${encodeURIComponent("a\nb")}`, body: { url: "https://x.example.com", direction: "all" } });
      assert.deepEqual([res.status, res.body], [400, { error: { code: 400, message: "invalid id" } }]);
    });
  });
});
