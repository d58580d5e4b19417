// The pieces of the retry and rate-limit policy that need no server: Retry-After, backoff, token buckets.
import assert from "node:assert/strict";
import { DEFAULT_RETRY, TokenBucket, backoffMs, retryAfterMs } from "../../../../provider/http";

describe("provider/http policy", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(retryAfterMs("2"), 2000);
    assert.equal(retryAfterMs("0"), 0);
    assert.equal(retryAfterMs(undefined), undefined);
    assert.equal(retryAfterMs("soon"), undefined);
    const now = Date.parse("2026-01-01T00:00:00Z");
    assert.equal(retryAfterMs("Thu, 01 Jan 2026 00:00:03 GMT", now), 3000);
  });

  it("backs off exponentially with jitter, capped", () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(backoffMs(0, policy, () => 0), 50);
    assert.equal(backoffMs(0, policy, () => 1), 100);
    assert.equal(backoffMs(2, policy, () => 1), 400);
    assert.equal(backoffMs(10, policy, () => 1), 1000);
    assert.equal(backoffMs(10, policy, () => 0), 500);
  });

  it("lets a burst through, then spaces requests at the rate", () => {
    let t = 0;
    const bucket = new TokenBucket({ requests: 2, perMs: 1000 }, () => t);
    assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 500);
    assert.equal(bucket.reserve(), 1000, "the next caller queues behind the previous one");
    t = 2000;
    assert.equal(bucket.reserve(), 0);
  });
});
