// End-to-end at scale: 200 subscriptions and the webhook they use, through the real Pulumi engine against the
// emulator with Dialpad's real rate limits (20 requests/s). Every operation must succeed and send one request.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { SUBSCRIPTIONS_PER_TYPE, openScaleStack, operationOf, type PhaseResult, type ScaleStack } from "../../bench/engine-stack";

/** 100 call + 100 SMS subscriptions: one company's quota of each (200 call subscriptions cannot exist in one company). */
const N = 2 * SUBSCRIPTIONS_PER_TYPE;
const quiet = { color: "never" as const };

/** Requests of a phase per operation and status, for assertion messages and the printed summary. */
const summary = (p: PhaseResult<unknown>) =>
  Object.entries(p.byOperation).map(([op, n]) => `${op}: ${n}`).join(", ");

/** The successful requests, as "METHOD route" (429s are left out: the client waited and sent the request again). */
const answered = (p: PhaseResult<unknown>) => p.requests.filter((r) => r.status !== 429).map(operationOf);

const countOf = (items: string[]) => items.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

describe("e2e: 200 subscriptions through the real engine at Dialpad's rate limits", function () {
  this.timeout(300_000);

  let scale: ScaleStack;

  before(async () => {
    scale = await openScaleStack(N, { rateLimits: true });
  });

  after(async () => {
    const dir = scale?.stateDir;
    await scale?.close();
    if (dir) assert.equal(fs.existsSync(dir), false, "the stack's state directory is removed");
  });

  it("pulumi up creates all 201 resources with no failed operation, one request each", async () => {
    const up = await scale.phase((stack) => stack.up(quiet));
    console.log(`      up: ${(up.wallMs / 1000).toFixed(1)} s, ${up.requests.length} requests, ${up.rateLimited} answered 429 (${summary(up)})`);

    assert.equal(up.result.summary.result, "succeeded");
    assert.equal(up.result.summary.resourceChanges?.create, N + 2, "the stack, the webhook and 200 subscriptions");
    assert.deepEqual(
      up.requests.filter((r) => r.status !== 200 && r.status !== 429).map((r) => `${r.method} ${r.path} ${r.status}`),
      [],
      "every request the vendor answered with anything but 200 or 429",
    );
    // One request per create, plus one listing of each kind per provider process (the baseline a lost
    // create's recovery compares with).
    assert.deepEqual(countOf(answered(up)), {
      "GET /api/v2/webhooks": 1,
      "GET /api/v2/subscriptions/call": 1,
      "GET /api/v2/subscriptions/sms": 1,
      "POST /api/v2/webhooks": 1,
      "POST /api/v2/subscriptions/call": 100,
      "POST /api/v2/subscriptions/sms": 100,
    });

    const vendor = await scale.vendorState();
    assert.equal(vendor.webhooks.length, 1);
    assert.equal(vendor.call.length, 100);
    assert.equal(vendor.sms.length, 100);
    const hookId = (vendor.webhooks[0] as { id: string }).id;
    for (const s of [...vendor.call, ...vendor.sms] as { webhook?: { id: string } }[]) assert.equal(s.webhook?.id, hookId);
  });

  it("pulumi destroy deletes everything with no failed operation and leaves the vendor empty", async () => {
    const destroy = await scale.phase((stack) => stack.destroy(quiet));
    console.log(
      `      destroy: ${(destroy.wallMs / 1000).toFixed(1)} s, ${destroy.requests.length} requests, ${destroy.rateLimited} answered 429 (${summary(destroy)})`,
    );

    assert.equal(destroy.result.summary.result, "succeeded");
    assert.equal(destroy.result.summary.resourceChanges?.delete, N + 2);
    assert.deepEqual(
      destroy.requests.filter((r) => r.status !== 200 && r.status !== 429).map((r) => `${r.method} ${r.path} ${r.status}`),
      [],
    );
    assert.deepEqual(countOf(answered(destroy)), {
      "DELETE /api/v2/webhooks/{id}": 1,
      "DELETE /api/v2/subscriptions/call/{id}": 100,
      "DELETE /api/v2/subscriptions/sms/{id}": 100,
    });
    assert.deepEqual(await scale.vendorState(), { webhooks: [], call: [], sms: [], legacy: [] });
    assert.deepEqual((await scale.stack.exportStack()).deployment.resources ?? [], []);
  });
});
