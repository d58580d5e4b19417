// The small form of bench/receiver-load.ts (issue 20 item 5): the example receiver, in its own process on loopback,
// gets valid, forged, replayed, oversized and malformed deliveries; counts and statuses are asserted, never times.
import assert from "node:assert/strict";
import { CATEGORIES, runReceiverLoad } from "../../../bench/receiver-load";

/** Every answer the mix may get: category, status and code (or `redelivery`). */
const ALLOWED = new Set([
  "valid 200",
  "replayed 200 redelivery",
  "forged 401 bad_signature",
  "forged 401 wrong_algorithm",
  "forged 401 unsigned",
  "oversized 413 body_too_large",
  "malformed 400 malformed",
  "malformed 400 not_an_event",
  "malformed 401 wrong_algorithm",
]);

describe("bench/receiver-load (small count): the example receiver under load and bad input", function () {
  this.timeout(60_000);

  it("handles every valid delivery exactly once, recognises every replay and refuses every bad one with its status", async () => {
    const r = await runReceiverLoad({ count: 800, concurrency: 8, seed: 11, maxSeconds: 50 });
    assert.equal(r.incomplete, 0, "every delivery was sent within the time limit");
    for (const category of CATEGORIES) assert.ok(r.sent[category] > 0, `the mix holds ${category} deliveries`);
    assert.equal(Object.values(r.sent).reduce((a, b) => a + b, 0), 800);
    assert.deepEqual(r.unexpected, [], "every answer is the one its category is owed");
    assert.equal(r.mismatches, 0);
    assert.deepEqual(Object.keys(r.outcomes).filter((k) => !ALLOWED.has(k)), []);
    assert.equal(r.outcomes["replayed 200 redelivery"], r.sent.replayed, "every replay recognised as a redelivery");
    assert.equal(r.outcomes["oversized 413 body_too_large"], r.sent.oversized);
    assert.equal(r.validHandledOnce, r.sent.valid, "every valid delivery handled exactly once");
    assert.equal(r.handledWrongly, 0, "no bad delivery handled, no valid one handled twice");
    assert.ok(r.memory.length >= 2 && r.memory.every((m) => m.heapUsedMB > 0), "memory sampled in the receiver's process");
  });
});
