// Rate limits at the vendors' documented figures: 429 with Retry-After in each vendor's error shape, switchable at run time.
import assert from "node:assert/strict";
import { dialpadLimits, RateLimiter } from "../../../emulator/rate-limit";
import { cinnoxPatch, dialpad, setRateLimits, withEmulator } from "../../helpers/emulator";

describe("emulator: rate limits", () => {
  const emu = withEmulator({ rateLimits: true });

  it("answers 429 with Retry-After once a company passes 20 requests in a second", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => dialpad(emu.url, "GET", "/webhooks")));
    const limited = results.filter((r) => r.status === 429);
    assert.ok(limited.length > 0, "a burst of 30 is refused in part");
    for (const r of limited) {
      assert.ok(Number(r.headers.get("retry-after")) >= 1, "Retry-After is a positive number of seconds");
      assert.deepEqual(Object.keys((r.body as { error: object }).error).sort(), ["code", "message"]);
      assert.equal((r.body as { error: { code: number } }).error.code, 429);
    }
  });

  it("limits Cinnox to 500 requests a minute per token with code 6451010", async () => {
    const body = { enabled: false, url: "https://ops.example.com/c" };
    const results = await Promise.all(Array.from({ length: 510 }, (_v, i) => cinnoxPatch(emu.url, `app-${i}`, body)));
    const limited = results.filter((r) => r.status === 429);
    assert.equal(results.filter((r) => r.status === 200).length, 500);
    assert.equal(limited.length, 10);
    assert.deepEqual(limited[0]?.body, { code: 6451010, message: "too many requests" });
    assert.ok(Number(limited[0]?.headers.get("retry-after")) >= 1);
  });

  it("lets a burst through once rate limits are switched off through the admin API, and limits again when on", async () => {
    await setRateLimits(emu.url, false);
    const off = await Promise.all(Array.from({ length: 40 }, () => dialpad(emu.url, "GET", "/webhooks")));
    assert.ok(off.every((r) => r.status === 200));
    await setRateLimits(emu.url, true);
    const on = await Promise.all(Array.from({ length: 40 }, () => dialpad(emu.url, "GET", "/webhooks")));
    assert.ok(on.some((r) => r.status === 429));
  });
});

describe("emulator: rate limits per company", () => {
  const emu = withEmulator({ rateLimits: true, dialpadApiKeys: { "dp-demo-key-0001": { companyId: "1001" }, "dp-other-key-01": { companyId: "2002" } } });

  it("does not charge one company's burst to another", async () => {
    const burst = await Promise.all(Array.from({ length: 30 }, () => dialpad(emu.url, "GET", "/webhooks")));
    assert.ok(burst.some((r) => r.status === 429));
    assert.equal((await dialpad(emu.url, "GET", "/webhooks", undefined, "dp-other-key-01")).status, 200);
  });
});

describe("emulator: per-operation limits (counter arithmetic, with a scripted clock)", () => {
  // Passing 100/min at 20/s takes over 5 s of real time; a scripted clock shows the same refusals in no time.
  const run = (operation: string, count: number, stepMs: number): (number | undefined)[] => {
    const limiter = new RateLimiter(true);
    return Array.from({ length: count }, (_v, i) => limiter.take(dialpadLimits("1001", operation), 1_000_000 + i * stepMs));
  };

  it("allows 100 webhook creations a minute, then asks to retry when the minute ends", () => {
    const results = run("POST /api/v2/webhooks", 101, 100);
    assert.ok(results.slice(0, 100).every((r) => r === undefined));
    assert.equal(results[100], 50, "the window opened 10 s earlier: 50 s to go");
  });

  it("allows 250 websocket creations and 1,200 of any other operation a minute", () => {
    const ws = run("POST /api/v2/websockets", 251, 60);
    assert.equal(ws.filter((r) => r !== undefined).length, 1);
    // 1,200/min equals 20/s held for a minute, so the per-company limit binds first; check the figure itself.
    assert.deepEqual(dialpadLimits("1001", "GET /api/v2/subscriptions/call").map((l) => [l.limit, l.windowMs]), [[20, 1000], [1200, 60_000]]);
  });

  it("refuses the 21st request within one second and counts nothing for a refused one", () => {
    const limiter = new RateLimiter(true);
    const limits = dialpadLimits("1001", "GET /api/v2/webhooks");
    for (let i = 0; i < 20; i++) assert.equal(limiter.take(limits, 5_000 + i), undefined);
    assert.equal(limiter.take(limits, 5_100), 1);
    assert.equal(limiter.take(limits, 6_000), undefined, "a new second, a new budget");
  });
});
