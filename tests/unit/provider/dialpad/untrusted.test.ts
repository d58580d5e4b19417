// What the vendor holds is decided from the vendor at the moment it matters, never from an earlier listing:
// the legacy guard and adoption's "already as declared" read the hook id right before the PUT; a replacement
// never deletes what the new resource holds; the inputs that could mean two things are refused by name.
import assert from "node:assert/strict";
import { legacySmsEventSubscriptionController } from "../../../../provider/dialpad/legacy-sms-event-subscription";
import { legacyCallEventSubscriptionController } from "../../../../provider/dialpad/legacy-call-event-subscription";
import { callSubscriptionController } from "../../../../provider/dialpad/call-subscription";
import { webhookController } from "../../../../provider/dialpad/webhook";
import { definitionOf, RESOURCE_KINDS } from "../../../../provider";
import { notices } from "../../../../provider/notices";
import { addFault, adminState } from "../../../helpers/emulator";
import { checked, dialpadFixture, refused } from "./fixture";

describe("Dialpad: the vendor read at the moment of deciding", () => {
  const dp = dialpadFixture();
  const notes: string[] = [];
  const write = notices.write;
  beforeEach(() => {
    notes.length = 0;
    notices.write = (line) => void notes.push(line);
  });
  afterEach(() => {
    notices.write = write;
  });

  const legacy = () => legacySmsEventSubscriptionController(dp.client);
  const mine = { hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", secret: "mine-secret-1" };
  const theirs = { url: "https://someone.example.com/sms", direction: "inbound", secret: "their-secret-1" };

  it("the legacy guard refuses a hook id someone created after this process listed the kind", async () => {
    const c = legacy();
    // This process lists the kind first (a refresh, another create): the hook id is free then.
    await c.create(await checked(c, { ...mine, hookId: "other-id" }));
    assert.equal((await dp.api("PUT", "/event-subscriptions/sms/ops-sms", theirs)).status, 200);
    await dp.clear();
    await assert.rejects(c.create(await checked(c, mine)), /hook id "ops-sms" already exists in Dialpad .*refusing to overwrite it/);
    assert.deepEqual(await dp.calls(), ["GET /api/v2/event-subscriptions/sms/ops-sms"], "read right before deciding, and no PUT");
    const held = (await adminState(dp.fx.url)).dialpad.eventSubscriptions.sms.find((e) => e.id === "ops-sms");
    assert.equal(held?.url, theirs.url, "their URL is untouched");
    assert.equal((held?.signature as { secret?: string } | undefined)?.secret, theirs.secret, "their secret is untouched");
  });

  it("adoption's \"already as declared, send nothing\" decides from a fresh read, not the listing", async () => {
    assert.equal((await dp.api("PUT", "/event-subscriptions/sms/ops-sms", { url: mine.url, direction: "all", secret: mine.secret })).status, 200);
    const c = legacy();
    // Listed as declared...
    await c.read("ops-sms", {});
    // ...then changed out of band before the adoption.
    assert.equal((await dp.api("PUT", "/event-subscriptions/sms/ops-sms", theirs)).status, 200);
    await dp.clear();
    const { outs } = await c.create(await checked(c, { ...mine, adoptExisting: true }));
    assert.deepEqual(await dp.calls(), ["GET /api/v2/event-subscriptions/sms/ops-sms", "PUT /api/v2/event-subscriptions/sms/ops-sms"]);
    assert.equal(outs?.url, mine.url, "the state records what the vendor now holds");
    const held = (await adminState(dp.fx.url)).dialpad.eventSubscriptions.sms.find((e) => e.id === "ops-sms");
    assert.equal(held?.url, mine.url);
  });

  it("a legacy replacement that keeps its hook id (--replace) deletes first, then creates the object again", async () => {
    // The old resource's object exists when the (new) provider process starts: it is in the listing's baseline.
    const c = legacy();
    await c.create(await checked(c, mine));
    dp.newProcess();
    const next = legacy();
    await next.read("ops-sms", {});
    const diff = await next.diff("ops-sms", await checked(next, mine), await checked(next, mine));
    assert.equal(diff.deleteBeforeReplace, true, "every diff asks for delete-before-replace (the engine uses it for --replace)");
    await dp.clear();
    // The engine's order for a delete-before-replace: delete the old, create the new.
    await next.delete("ops-sms", {});
    const { id } = await next.create(await checked(next, mine));
    assert.equal(id, "ops-sms");
    assert.deepEqual(await dp.calls(), [
      "DELETE /api/v2/event-subscriptions/sms/ops-sms", "GET /api/v2/event-subscriptions/sms/ops-sms", "PUT /api/v2/event-subscriptions/sms/ops-sms",
    ]);
    assert.equal((await adminState(dp.fx.url)).dialpad.eventSubscriptions.sms.length, 1);
  });

  it("every kind whose identity the program chooses (hook id, app id) replaces delete-first; the others create first", () => {
    for (const kind of RESOURCE_KINDS) {
      const def = definitionOf(kind);
      const chosen = "hookId" in def.inputs.shape || "appId" in def.inputs.shape;
      assert.equal(def.deleteBeforeReplace === true, chosen, kind);
    }
  });

  it("--replace of an adopted webhook (adoptId): the old resource's delete sends nothing, the object stays", async () => {
    const adopted = await dp.webhook("https://ops.example.com/adopted");
    const c = webhookController(dp.client);
    const inputs = await checked(c, { hookUrl: "https://ops.example.com/adopted", adoptId: adopted });
    // create-before-delete: the new resource adopts the same object, then the engine deletes the old resource.
    const { id } = await c.create(inputs);
    assert.equal(id, adopted);
    await dp.clear();
    await c.delete(adopted, inputs);
    assert.deepEqual(await dp.calls(), [], "no DELETE of what the new resource holds");
    assert.ok((await adminState(dp.fx.url)).dialpad.webhooks.some((w) => w.id === adopted));
    assert.match(notes.join("\n"), new RegExp(`/api/v2/webhooks/${adopted} was taken over by another resource in this run`));
    // In a later process (a destroy), the resource that holds it deletes it as usual.
    dp.newProcess();
    await webhookController(dp.client).delete(adopted, inputs);
    assert.deepEqual((await adminState(dp.fx.url)).dialpad.webhooks.filter((w) => w.id === adopted), []);
  });

  it('callStates: "all" beside other states is refused by name, alone it passes', async () => {
    const cases = [
      { c: callSubscriptionController(dp.client), base: { webhookId: "1" } },
      { c: legacyCallEventSubscriptionController(dp.client), base: { hookId: "h", url: "https://ops.example.com/c" } },
    ];
    for (const { c, base } of cases) {
      assert.deepEqual(await refused(c, { ...base, callStates: ["all", "ringing"] }), ["callStates"]);
      const res = await c.check({}, { ...base, callStates: ["all", "ringing"] });
      assert.match(res.failures?.[0]?.reason ?? "", /"all" already covers every call state/);
      assert.deepEqual(await refused(c, { ...base, callStates: ["all"] }), []);
    }
    assert.deepEqual(await dp.calls(), []);
  });
});

describe("Cinnox: an app id is refused, not trimmed, when it holds a line break", () => {
  it("a trailing U+2028 (or any control character) in appId fails check naming appId; surrounding spaces are trimmed", async () => {
    const c = definitionOf("cinnox:CallSubscription").controller;
    for (const appId of ["app-1\u2028", "\u2029app-1", "app-1\u0085", "app-1\n"]) {
      const res = await c.check({}, { appId, url: "https://ops.example.com/cinnox" });
      assert.deepEqual(res.failures?.map((f) => f.property), ["appId"], JSON.stringify(appId));
    }
    const ok = await c.check({}, { appId: "  app-1 ", url: "https://ops.example.com/cinnox" });
    assert.deepEqual(ok.failures ?? [], []);
    assert.equal(ok.inputs?.appId, "app-1");
  });
});

describe("Dialpad: this process's own twins after lost answers", () => {
  const dp = dialpadFixture();
  const url = "https://ops.example.com/twins";
  const webhooks = async () => (await adminState(dp.fx.url)).dialpad.webhooks.filter((w) => w.hook_url === url);

  it("two identical creates whose answers are both lost each take one of the two objects they made", async () => {
    const c = webhookController(dp.client);
    const inputs = await checked(c, { hookUrl: url });
    await addFault(dp.fx.url, { method: "POST", path: "/api/v2/webhooks", reset: "after", count: 2 });
    const [a, b] = await Promise.all([c.create(inputs), c.create(inputs)]);
    assert.notEqual(a.id, b.id);
    assert.deepEqual((await webhooks()).map((w) => w.id).sort(), [a.id, b.id].sort(), "both objects held, nothing else made");
    assert.equal((await dp.calls()).filter((x) => x.startsWith("POST")).length, 2, "never sent again");
  });

  it("one more identical object made in the window could be someone else's: both refuse, naming every id", async () => {
    const c = webhookController(dp.client);
    const inputs = await checked(c, { hookUrl: url });
    await c.read((await c.create(await checked(c, { hookUrl: "https://ops.example.com/first" }))).id, {});
    await addFault(dp.fx.url, { method: "POST", path: "/api/v2/webhooks", reset: "after", delayMs: 300, count: 2 });
    const both = Promise.allSettled([c.create(inputs), c.create(inputs)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const foreign = await dp.webhook(url);
    const results = await both;
    const ids = (await webhooks()).map((w) => w.id);
    assert.equal(ids.length, 3);
    for (const r of results) {
      assert.equal(r.status, "rejected");
      const message = (r as PromiseRejectedResult).reason instanceof Error ? ((r as PromiseRejectedResult).reason as Error).message : "";
      assert.match(message, /cannot be sure which: 3 object\(s\)/);
      for (const id of ids) assert.match(message, new RegExp(`\\b${id}\\b`));
    }
    assert.ok(ids.includes(foreign), "the foreign twin is untouched");
  });

  it("a lost create that finds only an identical object that existed before names it instead of saying none was found", async () => {
    const foreign = await dp.webhook(url);
    const c = webhookController(dp.client);
    await addFault(dp.fx.url, { method: "POST", path: "/api/v2/webhooks", reset: "before" });
    await assert.rejects(c.create(await checked(c, { hookUrl: url })), (err: Error) => {
      assert.match(err.message, new RegExp(`match what was sent are ids ${foreign} \\(existed before this run\\)`));
      assert.doesNotMatch(err.message, /no object it made was found/);
      return true;
    });
    assert.deepEqual((await webhooks()).map((w) => w.id), [foreign]);
  });
});
