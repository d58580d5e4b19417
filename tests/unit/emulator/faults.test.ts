// Fault injection as a client meets it: error statuses in the vendor's shape, delays, and connections reset before or after the change.
import assert from "node:assert/strict";
import { addFault, adminRequests, adminState, cinnoxPatch, clearFaults, dialpad, withEmulator } from "../../helpers/emulator";

const HOOK = { hook_url: "https://ops.example.com/h" };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("emulator: faults", () => {
  const emu = withEmulator();

  it("answers the next N matching requests with the injected status in Dialpad's shape, then recovers", async () => {
    await addFault(emu.url, { method: "POST", path: "/api/v2/webhooks", status: 503, count: 2 });
    assert.equal((await dialpad(emu.url, "GET", "/webhooks")).status, 200, "other methods are not matched");
    const first = await dialpad(emu.url, "POST", "/webhooks", HOOK);
    assert.equal(first.status, 503);
    assert.equal((first.body as { error: { code: number } }).error.code, 503);
    assert.equal((await dialpad(emu.url, "POST", "/webhooks", HOOK)).status, 503);
    assert.equal((await dialpad(emu.url, "POST", "/webhooks", HOOK)).status, 200);
    assert.equal((await adminState(emu.url)).dialpad.webhooks.length, 1, "faulted requests applied nothing");
    const log = await adminRequests(emu.url);
    assert.deepEqual(log.map((r) => [r.method, r.status, r.fault]), [
      ["GET", 200, undefined], ["POST", 503, "status:503"], ["POST", 503, "status:503"], ["POST", 200, undefined],
    ]);
  });

  it("sends Retry-After (1 s by default, as asked, or none) with an injected 429", async () => {
    await addFault(emu.url, { status: 429 });
    assert.equal((await dialpad(emu.url, "GET", "/webhooks")).headers.get("retry-after"), "1");
    await addFault(emu.url, { status: 429, retryAfter: 7 });
    assert.equal((await dialpad(emu.url, "GET", "/webhooks")).headers.get("retry-after"), "7");
    await addFault(emu.url, { status: 429, retryAfter: null });
    const none = await dialpad(emu.url, "GET", "/webhooks");
    assert.equal(none.status, 429);
    assert.equal(none.headers.get("retry-after"), null);
  });

  it("answers Cinnox requests with Cinnox's error shape", async () => {
    await addFault(emu.url, { path: "/v1/", status: 500 });
    const res = await cinnoxPatch(emu.url, "app-1", { enabled: false, url: "https://ops.example.com/c" });
    assert.equal(res.status, 500);
    assert.equal((res.body as { code: number }).code, 6451001);
  });

  it("faults every matching request at rate 1 until cleared, and lists active faults", async () => {
    const id = await addFault(emu.url, { path: "/api/v2/subscriptions", rate: 1, status: 502 });
    const listed = (await (await fetch(`${emu.url}/_emulator/faults`)).json()) as { faults: { id: string }[] };
    assert.deepEqual(listed.faults.map((f) => f.id), [id]);
    for (let i = 0; i < 3; i++) assert.equal((await dialpad(emu.url, "GET", "/subscriptions/call")).status, 502);
    await clearFaults(emu.url);
    assert.equal((await dialpad(emu.url, "GET", "/subscriptions/call")).status, 200);
  });

  it("delays a request, then processes it normally", async () => {
    await addFault(emu.url, { method: "POST", delayMs: 1000 });
    // The client gives up long before the delay ends, which shows the answer was held back ...
    const gaveUp = dialpad(emu.url, "POST", "/webhooks", HOOK, undefined, AbortSignal.timeout(100));
    await assert.rejects(gaveUp, /abort|timeout/i);
    // ... and the request is still processed once the delay is over.
    let hooks = (await adminState(emu.url)).dialpad.webhooks;
    for (let i = 0; i < 50 && hooks.length === 0; i++) {
      await sleep(100);
      hooks = (await adminState(emu.url)).dialpad.webhooks;
    }
    assert.equal(hooks.length, 1);
    const [entry] = await adminRequests(emu.url);
    assert.deepEqual([entry?.status, entry?.fault], [200, "delay:1000"]);
  });

  it("resets the connection before applying the change: the client gets an error and nothing changed", async () => {
    await addFault(emu.url, { method: "POST", path: "/api/v2/webhooks", reset: "before" });
    await assert.rejects(dialpad(emu.url, "POST", "/webhooks", HOOK));
    assert.deepEqual((await adminState(emu.url)).dialpad.webhooks, []);
    const [entry] = await adminRequests(emu.url);
    assert.equal(entry?.fault, "reset:before");
  });

  it("resets the connection after applying the change: the client gets an error but the object exists", async () => {
    await addFault(emu.url, { method: "POST", path: "/api/v2/webhooks", reset: "after" });
    await assert.rejects(dialpad(emu.url, "POST", "/webhooks", HOOK));
    const hooks = (await adminState(emu.url)).dialpad.webhooks;
    assert.equal(hooks.length, 1);
    assert.equal(hooks[0]?.hook_url, HOOK.hook_url);
    assert.equal((await dialpad(emu.url, "POST", "/webhooks", HOOK)).status, 200, "the fault was used up");
  });

  it("refuses a fault description it cannot apply", async () => {
    for (const bad of [{}, { status: 503, reset: "before" }, { count: 1, rate: 0.5, status: 500 }, { status: 200 }, { reset: "sideways" }]) {
      const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(bad) });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
  });
});
