// The hostile faults: a status answered after the change was applied, an error message echoing the request body, and
// a request that lands late while the client gets no answer (reset at once, or a connection left hanging).
import assert from "node:assert/strict";
import { request } from "node:http";
import { startEmulator } from "../../../emulator";
import { addFault, adminRequests, adminState, cinnoxPatch, dialpad, withEmulator } from "../../helpers/emulator";
import { echoChallenge, startReceiver } from "./receiver";

const HOOK = { hook_url: "https://ops.example.com/h", secret: "s3cret-value" };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A raw request that reports how the connection ended: an answer, a reset/error, or nothing within `waitMs`. */
function rawPost(base: string, path: string, body: unknown, waitMs: number): Promise<"answered" | "error" | "no answer"> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const req = request(`${base}${path}`, {
      method: "POST", agent: false,
      headers: { Authorization: "Bearer dp-demo-key-0001", "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve("no answer");
    }, waitMs);
    req.on("response", () => {
      clearTimeout(timer);
      resolve("answered");
    });
    req.on("error", () => {
      clearTimeout(timer);
      resolve("error");
    });
    req.end(payload);
  });
}

describe("emulator: hostile faults", () => {
  const emu = withEmulator({ challengeTimeoutMs: 300 });

  for (const status of [500, 502, 503, 504]) {
    it(`status ${status} with apply "after": the change is made, the client gets the vendor's error`, async () => {
      await addFault(emu.url, { method: "POST", path: "/api/v2/webhooks", status, apply: "after" });
      const res = await dialpad(emu.url, "POST", "/webhooks", HOOK);
      assert.equal(res.status, status);
      assert.deepEqual(res.body, { error: { code: status, message: `injected fault: status ${status}` } });
      assert.deepEqual((await adminState(emu.url)).dialpad.webhooks.map((w) => w.hook_url), [HOOK.hook_url]);
      const [entry] = await adminRequests(emu.url);
      assert.deepEqual([entry?.status, entry?.fault], [status, `status:${status}+apply:after`]);
    });
  }

  it("keeps apply \"before\" the default: the status is answered and nothing is applied", async () => {
    await addFault(emu.url, { method: "POST", status: 503, apply: "before" });
    await addFault(emu.url, { method: "POST", status: 503 });
    assert.equal((await dialpad(emu.url, "POST", "/webhooks", HOOK)).status, 503);
    assert.equal((await dialpad(emu.url, "POST", "/webhooks", HOOK)).status, 503);
    assert.deepEqual((await adminState(emu.url)).dialpad.webhooks, []);
  });

  it("applies a Cinnox PATCH before answering 502 in Cinnox's shape", async () => {
    const receiver = await startReceiver(echoChallenge);
    try {
      await addFault(emu.url, { path: "/v1/", status: 502, apply: "after" });
      const res = await cinnoxPatch(emu.url, "app-1", { enabled: true, url: receiver.url });
      assert.deepEqual([res.status, (res.body as { code: number }).code], [502, 6451001]);
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.enabled, true);
    } finally {
      await receiver.close();
    }
  });

  for (const apply of ["before", "after"] as const) {
    it(`echo (apply ${apply}): the error message carries the request body as sent, secret included`, async () => {
      await addFault(emu.url, { method: "POST", status: 400, echo: true, apply });
      const res = await dialpad(emu.url, "POST", "/webhooks", HOOK);
      assert.equal(res.status, 400);
      assert.equal((res.body as { error: { message: string } }).error.message, `invalid request: ${JSON.stringify(HOOK)}`);
      assert.equal((await adminState(emu.url)).dialpad.webhooks.length, apply === "after" ? 1 : 0);
      const [entry] = await adminRequests(emu.url);
      assert.deepEqual(entry?.body, { hook_url: HOOK.hook_url, secret: "[redacted]" }, "the request log still redacts");
    });
  }

  it("echo in Cinnox's shape with a 409", async () => {
    await addFault(emu.url, { path: "/v1/", status: 409, echo: true });
    const body = { enabled: false, url: "https://ops.example.com/c" };
    const res = await cinnoxPatch(emu.url, "app-1", body);
    assert.deepEqual(res.body, { code: 409, message: `invalid request: ${JSON.stringify(body)}` });
  });

  for (const connection of ["reset", "hang"] as const) {
    it(`late (${connection}): no answer ever; the create appears after afterMs, not before, with the id it would have got`, async () => {
      // Long enough that the "not yet" check below cannot race it on a loaded machine.
      const afterMs = 1500;
      await addFault(emu.url, { method: "POST", path: "/api/v2/webhooks", late: { afterMs, connection } });
      const started = Date.now();
      // reset: the client sees an error at once; hang: nothing until it gives up.
      const outcome = await rawPost(emu.url, "/api/v2/webhooks", HOOK, 300);
      assert.equal(outcome, connection === "reset" ? "error" : "no answer");
      if (connection === "reset") assert.ok(Date.now() - started < 250, "the reset is immediate");
      const other = (await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/other" })).body as { id: string };
      assert.equal(other.id, "1001", "the late create took id 1000 when it arrived");
      assert.ok(Date.now() - started < afterMs, "the check below runs before afterMs");
      assert.deepEqual((await adminState(emu.url)).dialpad.webhooks.map((w) => w.id), ["1001"], "not there before afterMs");
      await sleep(afterMs - (Date.now() - started) + 200);
      const hooks = (await dialpad(emu.url, "GET", "/webhooks")).body as { items: { id: string; hook_url: string }[] };
      assert.deepEqual(hooks.items.map((w) => [w.id, w.hook_url]), [["1000", HOOK.hook_url], ["1001", "https://ops.example.com/other"]]);
      const [entry] = await adminRequests(emu.url);
      assert.deepEqual([entry?.status, entry?.fault], [0, `late:${connection}:${afterMs}`]);
    });
  }

  it("late: a reset cancels the pending landing", async () => {
    await addFault(emu.url, { method: "POST", late: { afterMs: 200, connection: "reset" } });
    assert.equal(await rawPost(emu.url, "/api/v2/webhooks", HOOK, 300), "error");
    await fetch(`${emu.url}/_emulator/reset`, { method: "POST" });
    await sleep(300);
    assert.deepEqual((await adminState(emu.url)).dialpad.webhooks, []);
  });

  it("late: closing the emulator cancels pending landings and hanging connections cleanly", async () => {
    const own = await startEmulator({ rateLimits: false });
    await addFault(own.url, { method: "POST", late: { afterMs: 300, connection: "hang" } });
    const pending = rawPost(own.url, "/api/v2/webhooks", HOOK, 5000);
    await sleep(100);
    await own.close();
    assert.equal(await pending, "error", "the hanging connection is closed by close()");
    await sleep(400); // the landing would have fired here; it must not throw or touch the closed emulator
  });

  it("refuses late with status, reset or delay, and apply/echo without status", async () => {
    for (const bad of [
      { late: { afterMs: 100, connection: "reset" }, status: 500 },
      { late: { afterMs: 100, connection: "reset" }, reset: "after" },
      { late: { afterMs: 100, connection: "sideways" } },
      { late: { afterMs: 0, connection: "hang" } },
      { apply: "after", delayMs: 10 },
      { echo: true, reset: "before" },
    ]) {
      const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: JSON.stringify(bad) });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
  });
});
