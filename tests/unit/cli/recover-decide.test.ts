// recover's decisions for a killed run's pending operations, from a stack view, the vendor's objects and the
// provider's journal: the lost-create rule (matches what was sent, id above the journal's mark, held by nothing),
// certainty from a journalled answer, undecidable cases listed with their ids.
import assert from "node:assert/strict";
import { decide, orphansOf, type DecideInput, type PendingOp } from "../../../cli/recover/decide";
import { collectionKey, fingerprint, secretPrint, type JournalEntry } from "../../../provider/journal";
import type { ResourceKind } from "../../../provider/registry";

const BASE = "http://127.0.0.1:4010";
const HOOK = "dialpad:Webhook" as const;
const hookInputs = (url: string, secret?: string) => ({ hookUrl: url, ...(secret ? { secret } : {}) });
const pendingHook = (name: string, url: string, secret?: string): PendingOp => ({
  type: "creating", urn: `urn:pulumi:s::p::pulumi-nodejs:dynamic/dialpad:Webhook::${name}`, kind: HOOK, inputs: { __provider: "x", ...hookInputs(url, secret) },
});
let n = 0;
const sent = (url: string, highest: string, answeredId?: string, secret?: string): JournalEntry => ({
  op: "send", key: `k${n++}`, at: "2026-01-01T00:00:00.000Z", pid: 1, collection: collectionKey(BASE, "/api/v2/webhooks"),
  fp: fingerprint(hookInputs(url, secret), ["hookUrl", "secret"]), salt: "s", sfp: secretPrint(hookInputs(url, secret), ["hookUrl", "secret"], "s"),
  highest, ...(answeredId ? { answeredId } : {}),
});
const item = (id: string, url: string, secret?: string) => ({ id, inputs: hookInputs(url, secret) });

function input(o: Partial<DecideInput> & { pending: PendingOp[] }): DecideInput {
  return { held: new Map(), urns: new Set(), vendor: new Map(), journal: [], dialpadBaseUrl: BASE, ...o };
}
const hooks = (...items: ReturnType<typeof item>[]) => new Map<ResourceKind, ReturnType<typeof item>[]>([[HOOK, items]]);

describe("recover: deciding what a killed create made", () => {
  it("imports the id the vendor answered before the kill", () => {
    const [d] = decide(input({ pending: [pendingHook("a", "https://x/a")], vendor: hooks(item("1005", "https://x/a")), journal: [sent("https://x/a", "1000", "1005")] }));
    assert.equal(d!.action, "import");
    assert.equal(d!.id, "1005");
  });

  it("takes the one match above the mark; an exact twin made before (below the mark) is never a candidate", () => {
    const [d] = decide(input({
      pending: [pendingHook("a", "https://x/a", "s1")],
      vendor: hooks(item("1000", "https://x/a", "s1"), item("1003", "https://x/a", "s1"), item("1004", "https://x/b")),
      journal: [sent("https://x/a", "1002", undefined, "s1")],
    }));
    assert.deepEqual([d!.action, d!.id], ["import", "1003"]);
  });

  it("a native resource's pending create is left alone (undecided) and says what to do, even with a match the dynamic form would import", () => {
    const native: PendingOp = {
      type: "creating", urn: "urn:pulumi:s::p::dialpad:index:Webhook::a", nativeKind: HOOK, inputs: hookInputs("https://x/a"),
    };
    const foreign: PendingOp = { type: "creating", urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", inputs: {} };
    const [d, f] = decide(input({ pending: [native, foreign], vendor: hooks(item("1005", "https://x/a")), journal: [sent("https://x/a", "1000", "1005")] }));
    assert.deepEqual([d!.action, d!.id], ["undecided", undefined]);
    assert.match(d!.reason, /^a native dialpad:Webhook resource: recover decides for the dynamic form only, for now; resolve it with `pulumi refresh`/);
    assert.equal(f!.action, "undecided");
    assert.match(f!.reason, /^not a resource of this package/);
  });

  it("a match that differs in a secret is not ours", () => {
    const [d] = decide(input({ pending: [pendingHook("a", "https://x/a", "s1")], vendor: hooks(item("1003", "https://x/a", "other")), journal: [sent("https://x/a", "1000", undefined, "s1")] }));
    assert.equal(d!.action, "clear");
  });

  it("two matches above the mark for one create: undecided, both ids listed", () => {
    const [d] = decide(input({ pending: [pendingHook("a", "https://x/a")], vendor: hooks(item("1003", "https://x/a"), item("1004", "https://x/a")), journal: [sent("https://x/a", "1000")] }));
    assert.equal(d!.action, "undecided");
    assert.deepEqual(d!.candidates, ["1003", "1004"]);
  });

  it("two identical pending creates and two matches: one each (interchangeable)", () => {
    const ds = decide(input({
      pending: [pendingHook("a", "https://x/a"), pendingHook("b", "https://x/a")],
      vendor: hooks(item("1003", "https://x/a"), item("1004", "https://x/a")),
      journal: [sent("https://x/a", "1000"), sent("https://x/a", "1000")],
    }));
    assert.deepEqual(ds.map((d) => [d.action, d.id]), [["import", "1003"], ["import", "1004"]]);
  });

  it("never takes an id a resource of the stack holds", () => {
    const [d] = decide(input({
      pending: [pendingHook("a", "https://x/a")], vendor: hooks(item("1003", "https://x/a")), journal: [sent("https://x/a", "1000")],
      held: new Map([[HOOK, new Set(["1003"])]]),
    }));
    assert.equal(d!.action, "clear");
  });

  it("without a journalled request: a match may be someone else's (undecided); no match is cleared", () => {
    const [a] = decide(input({ pending: [pendingHook("a", "https://x/a")], vendor: hooks(item("1003", "https://x/a")) }));
    assert.deepEqual([a!.action, a!.candidates], ["undecided", ["1003"]]);
    const [b] = decide(input({ pending: [pendingHook("a", "https://x/a")], vendor: hooks(item("1003", "https://x/b")) }));
    assert.equal(b!.action, "clear");
  });

  it("an up that ran after the killed one already holds the resource: the killed run's object is named, not imported", () => {
    const p = pendingHook("a", "https://x/a");
    const [d] = decide(input({
      pending: [p], urns: new Set([p.urn]), held: new Map([[HOOK, new Set(["1009"])]]),
      vendor: hooks(item("1003", "https://x/a"), item("1009", "https://x/a")), journal: [sent("https://x/a", "1000")],
    }));
    assert.deepEqual([d!.action, d!.candidates], ["undecided", ["1003"]]);
  });

  it("Cinnox creates are cleared (one per app and event: the next up sets it again); pending deletes and updates are refreshed", () => {
    const ds = decide(input({
      pending: [
        { type: "creating", urn: "u1", kind: "cinnox:CallSubscription", inputs: { appId: "a", url: "https://x/c" } },
        { type: "deleting", urn: "u2", kind: HOOK, id: "1", inputs: {} },
        { type: "updating", urn: "u3", kind: HOOK, id: "2", inputs: {} },
      ],
    }));
    assert.deepEqual(ds.map((d) => d.action), ["clear", "refresh", "refresh"]);
  });

  it("legacy: the hook id holding what was sent is imported when the journal has the PUT; without it, cleared (the next up refuses to overwrite)", () => {
    const kind = "dialpad:LegacySmsEventSubscription" as const;
    const inputs = { hookId: "h1", url: "https://x/s", enabled: true, direction: "all" };
    const op: PendingOp = { type: "creating", urn: "u", kind, inputs };
    const vendor = new Map<ResourceKind, { id: string; inputs: Record<string, unknown> }[]>([[kind, [{ id: "h1", inputs: { hookId: "h1", url: "https://x/s", enabled: true, direction: "all" } }]]]);
    const put: JournalEntry = {
      op: "send", key: "p", at: "", pid: 1, collection: collectionKey(BASE, "/api/v2/event-subscriptions/sms"),
      fp: fingerprint(inputs, ["url", "enabled", "secret", "direction", "targetType", "targetId"]), highest: "0", chosenId: "h1",
    };
    assert.deepEqual(decide(input({ pending: [op], vendor, journal: [put] })).map((d) => [d.action, d.id]), [["import", "h1"]]);
    assert.equal(decide(input({ pending: [op], vendor }))[0]!.action, "clear");
  });

  describe("objects an interrupted run made that no pending operation stands for (SIGINT/SIGTERM)", () => {
    it("deletes only matches above the mark with the same secret, held by nothing; more matches than requests are left alone", () => {
      const vendor = hooks(item("1000", "https://x/a", "s1"), item("1003", "https://x/a", "s1"), item("1004", "https://x/a", "other"), item("1005", "https://x/b"));
      const [o] = orphansOf(input({ pending: [], vendor, journal: [sent("https://x/a", "1001", undefined, "s1")] }), "");
      assert.deepEqual([o!.action, o!.ids], ["delete", ["1003"]]);
      const twins = hooks(item("1003", "https://x/a"), item("1004", "https://x/a"));
      const [u] = orphansOf(input({ pending: [], vendor: twins, journal: [sent("https://x/a", "1001")] }), "");
      assert.deepEqual([u!.action, u!.ids], ["undecided", ["1003", "1004"]]);
      assert.deepEqual(orphansOf(input({ pending: [], vendor: twins, journal: [sent("https://x/a", "1001")], held: new Map([[HOOK, new Set(["1003", "1004"])]]) }), ""), []);
      assert.deepEqual(orphansOf(input({ pending: [], vendor: twins, journal: [sent("https://x/a", "1001")] }), "2027-01-01T00:00:00.000Z"), [], "lines before the run are not its");
    });
  });
});
