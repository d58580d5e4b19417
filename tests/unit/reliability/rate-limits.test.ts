// The one reliability scenario with the emulator's rate limits on: a burst of concurrent creates (as a
// `pulumi up` with parallelism makes) runs into Dialpad's 20 requests a second, the 429s are retried after
// their Retry-After, and the vendor ends with exactly the declared objects; then a burst of updates with the
// client's own limiter on as well.
import assert from "node:assert/strict";
import type { PolicyOverrides } from "../../../provider/http";
import { adminRequests, clearRequests, setRateLimits } from "../../helpers/emulator";
import {
  RELAXED_TIMEOUT_MS, type Recorded, assertVendorHolds, declaredObjects, engineCreate, engineUpdate, fastPolicy, newProviderProcess, reliabilityFixture,
} from "./harness";

const BURST = 30;
const MAX_RETRIES = 2;

describe("reliability: the emulator's rate limits on", function () {
  this.timeout(30_000);
  const fx = reliabilityFixture(MAX_RETRIES);

  beforeEach(async () => {
    await setRateLimits(fx.emu.url, true);
  });
  afterEach(async () => {
    await setRateLimits(fx.emu.url, false);
  });

  it(`a burst of ${BURST} creates then ${BURST} updates ends in the declared state, honouring Retry-After`, async () => {
    const url = fx.emu.url;
    // Retry-After (1 s from the emulator) is honoured here, not cut short as in the rest of the suite; and a
    // burst shares one event loop with the in-process emulator, so the suite's short timeout would cut it off.
    const honour = (rateLimits: boolean): PolicyOverrides => {
      const fast = fastPolicy(MAX_RETRIES, RELAXED_TIMEOUT_MS);
      return { ...fast, retry: { ...fast.retry, maxRetryAfterMs: 2_000 }, rateLimits };
    };

    // Without the client's limiter the burst is bound to pass the vendor's 20/s: the 429s must be absorbed.
    newProviderProcess({ policy: honour(false) });
    const hook = await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/burst" });
    await clearRequests(url);
    const subs = await Promise.all(
      Array.from({ length: BURST }, (_v, i) =>
        // A target each: Dialpad allows only 10 subscriptions of a type on the whole company.
        engineCreate("dialpad:CallSubscription", { webhookId: hook.id, callStates: ["ringing"], targetType: "office", targetId: i + 1 }),
      ),
    );
    const limited = (await adminRequests(url)).filter((r) => r.status === 429);
    assert.ok(limited.length > 0, "the burst ran into the vendor's rate limit");
    assert.ok(limited.every((r) => r.fault === undefined), "the 429s came from the rate limiter, not from injected faults");
    await assertVendorHolds(url, declaredObjects([hook, ...subs]), "after the burst of creates");

    // With the client's limiter on too, as in production (the next provider process).
    newProviderProcess({ policy: honour(true) });
    const updated: Recorded[] = await Promise.all(
      subs.map((s) => engineUpdate(s, { ...s.inputs, callStates: ["hangup", "missed"], enabled: false })),
    );
    await assertVendorHolds(url, declaredObjects([hook, ...updated]), "after the burst of updates");
    console.log("reliability rate limits:", JSON.stringify({ limitedCreates: limited.length, limitedTotal: (await adminRequests(url)).filter((r) => r.status === 429).length }));
  });
});
