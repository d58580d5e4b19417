// A vendor that answers what a hostile or merely messy vendor can: ids that are not Dialpad's (line breaks and
// code, control characters, paths), fields the spec allows to be null, cursors that repeat, bodies that fail
// their schema. One odd object never breaks a kind; no vendor value reaches a path, the state or an error raw.
import assert from "node:assert/strict";
import { definitionOf, RESOURCE_KINDS, type ResourceKind } from "../../../../provider";
import { contextWith } from "../../../helpers/context";
import { webhookController } from "../../../../provider/dialpad/webhook";
import { callSubscriptionController } from "../../../../provider/dialpad/call-subscription";
import { legacySmsEventSubscriptionController } from "../../../../provider/dialpad/legacy-sms-event-subscription";
import { DEFAULT_DIALPAD_API_KEY } from "../../../../emulator";
import { HOSTILE_IDS, addFault, hostileItems } from "../../../helpers/emulator";
import { checked, dialpadFixture } from "./fixture";

/** A provider context of its own for the emulator (as a new provider process would start: nothing listed yet). */
const contextFor = (url: string) => contextWith({ "dialpad:apiKey": DEFAULT_DIALPAD_API_KEY, "dialpad:baseUrl": url });

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

describe("Dialpad: hostile vendor answers", () => {
  const dp = dialpadFixture();

  it("a listing holding objects with hostile ids and null fields: the others are read, those are reported by id and skipped", async () => {
    const c = webhookController(dp.client);
    const mine = await c.create(await checked(c, { hookUrl: "https://ops.example.com/a" }));
    dp.newProcess();
    await addFault(dp.fx.url, {
      method: "GET", path: "/api/v2/webhooks", count: 5,
      addItems: hostileItems({ hook_url: "https://evil.example.com/x" }, ["id", "hook_url"]),
    });
    // A read of the managed id is served (from the listing, whatever else it holds).
    const read = await webhookController(dp.client).read(mine.id, {});
    assert.equal(read.props?.hookUrl, "https://ops.example.com/a");
    // A null hook_url is what the spec allows: read as no URL, not a failure of the kind.
    const inventory = await contextFor(dp.fx.url).run(() => definitionOf("dialpad:Webhook").inventory!());
    const readable = inventory.filter((i) => i.unreadable === undefined);
    const unreadable = inventory.filter((i) => i.unreadable !== undefined);
    assert.deepEqual(readable.map((i) => i.id).sort(), [mine.id, "990002"].sort(), "the real one, and the one with a null hook_url");
    assert.equal(readable.find((i) => i.id === "990002")?.inputs.hookUrl, undefined);
    // Every hostile id, and the object without an id, is reported (ids as the vendor gave them, reasons by field).
    assert.equal(unreadable.length, HOSTILE_IDS.length + 1);
    for (const u of unreadable) {
      assert.match(u.unreadable ?? "", /^id /);
      assert.doesNotMatch(u.unreadable ?? "", RAW_CONTROL);
    }
  });

  it("a create still works while the kind's listing holds hostile objects (they are in the baseline, never candidates)", async () => {
    await addFault(dp.fx.url, { method: "GET", path: "/api/v2/subscriptions/call", count: 3, addItems: hostileItems({ call_states: ["ringing"], enabled: null }) });
    const hook = await dp.webhook();
    const c = callSubscriptionController(dp.client);
    const made = await c.create(await checked(c, { webhookId: hook, callStates: ["ringing"] }));
    assert.match(made.id, /^[1-9][0-9]*$/);
    assert.equal(made.outs?.enabled, true);
  });

  it("a subscription answer with enabled: null reads as the documented default (true): no drift", async () => {
    const hook = await dp.webhook();
    const c = callSubscriptionController(dp.client);
    const made = await c.create(await checked(c, { webhookId: hook, callStates: ["ringing"] }));
    dp.newProcess();
    await addFault(dp.fx.url, { method: "GET", path: "/api/v2/subscriptions/call", count: 1, answer: { body: { items: [{ id: made.id, webhook: { id: hook }, call_states: ["ringing"], enabled: null }] } } });
    const read = await callSubscriptionController(dp.client).read(made.id, made.outs ?? {});
    assert.equal(read.props?.enabled, true);
  });

  it("a cursor that repeats stops the listing at its second request, saying why", async () => {
    await addFault(dp.fx.url, { method: "GET", path: "/api/v2/webhooks", rate: 1, cursor: "again" });
    const c = webhookController(dp.client);
    await assert.rejects(c.read("1000", {}), /repeat a cursor already followed; stopped listing/);
    assert.equal((await dp.calls()).filter((x) => x === "GET /api/v2/webhooks").length, 2);
  });

  it("an answer whose id is not Dialpad's is refused by field, never used, and the error carries no control character", async () => {
    for (const id of HOSTILE_IDS) {
      await addFault(dp.fx.url, { method: "POST", path: "/api/v2/webhooks", answer: { body: { id, hook_url: "https://ops.example.com/x" } } });
      const c = webhookController(dp.client);
      await assert.rejects(c.create(await checked(c, { hookUrl: "https://ops.example.com/x" })), (err: Error) => {
        assert.match(err.message, /answered a body this provider cannot read \(id is not an id Dialpad makes/);
        assert.match(err.message, /the POST may have been applied at Dialpad/);
        assert.doesNotMatch(err.message, RAW_CONTROL);
        if (id.length >= 4) assert.ok(!err.message.includes(id), `the id ${JSON.stringify(id)} is not echoed`);
        return true;
      });
    }
  });

  it("a legacy listing or GET answering a hostile hook id is refused before it reaches a path or the state", async () => {
    await addFault(dp.fx.url, {
      method: "GET", path: "/api/v2/event-subscriptions/sms/ops-sms", answer: { body: { id: "ops-sms\u2028x", url: "https://e.example.com/", enabled: true } },
    });
    const c = legacySmsEventSubscriptionController(dp.client);
    await assert.rejects(c.create(await checked(c, { hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all" })), /id is not a valid hook id/);
    assert.deepEqual((await dp.calls()).filter((x) => x.startsWith("PUT")), [], "nothing written");
  });

  it("every listable kind skips an object it cannot read instead of failing (a row per kind)", async () => {
    const listable = RESOURCE_KINDS.filter((k) => definitionOf(k).inventory !== undefined);
    const paths: Record<string, string> = {};
    for (const kind of listable) paths[kind] = definitionOf(kind as ResourceKind).api.replace(/\/\{[^}]+\}$/, "");
    for (const kind of listable) {
      await addFault(dp.fx.url, { method: "GET", path: paths[kind]!, count: 1, addItems: [{ id: "1\u2028x" }, { nothing: true }] });
      const inventory = await contextFor(dp.fx.url).run(() => definitionOf(kind as ResourceKind).inventory!());
      assert.equal(inventory.filter((i) => i.unreadable !== undefined).length, 2, kind);
    }
  });
});
