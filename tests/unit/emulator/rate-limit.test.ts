// Rate limits at the vendors' documented figures: 429 with Retry-After in each vendor's error shape, switchable at run time.
import assert from "node:assert/strict";
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
