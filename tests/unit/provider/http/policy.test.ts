// The pieces of the retry and rate-limit policy that need no server: Retry-After, backoff, sliding-window limits.
import assert from "node:assert/strict";
import { DEFAULT_RETRY, Scheduler, SlidingWindow, WINDOW_MARGIN, backoffMs, retryAfterMs, sleep } from "../../../../provider/http";

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

  it("starts half a window's requests at once, paces the rest, and never starts more than the limit in a window", () => {
    const window = new SlidingWindow({ requests: 4, perMs: 1000 });
    const spanMs = 1000 * (1 + WINDOW_MARGIN);
    const gapMs = spanMs / 4;
    assert.equal(window.waitMs(0), 0);
    window.record(0);
    assert.equal(window.waitMs(0), 0, "half the window (2) may start together");
    window.record(0);
    assert.equal(window.waitMs(0), gapMs, "then one per window / requests");
    window.record(gapMs);
    window.record(2 * gapMs);
    assert.equal(window.waitMs(2 * gapMs), spanMs - 2 * gapMs, "a fifth waits for the first to leave the window");
    assert.equal(window.waitMs(spanMs), 0);
  });

  it("never starts more requests than the limit in any window, however they arrive", async () => {
    const scheduler = new Scheduler();
    const limit = new SlidingWindow({ requests: 5, perMs: 200 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        await sleep(i % 3 === 0 ? 0 : (i * 7) % 50);
        await scheduler.acquire([limit]);
        starts.push(performance.now());
      }),
    );
    starts.sort((a, b) => a - b);
    for (let i = 0; i + 5 < starts.length; i++) {
      assert.ok(starts[i + 5] - starts[i] >= 199, `requests ${i} and ${i + 5} started ${starts[i + 5] - starts[i]} ms apart`);
    }
  });

  it("lets requests that other limits allow pass one held by its own limit, in arrival order otherwise", async () => {
    const scheduler = new Scheduler();
    const overall = new SlidingWindow({ requests: 10, perMs: 1000 });
    const createWebhook = new SlidingWindow({ requests: 1, perMs: 150 });
    const order: string[] = [];
    const go = (name: string, limits: SlidingWindow[]) => scheduler.acquire(limits).then(() => void order.push(name));
    await Promise.all([
      go("create 1", [overall, createWebhook]),
      go("create 2", [overall, createWebhook]),
      go("get 1", [overall]),
      go("get 2", [overall]),
    ]);
    assert.deepEqual(order, ["create 1", "get 1", "get 2", "create 2"]);
  });
});
