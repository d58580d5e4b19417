// The admin API: request log (secrets and keys redacted, `since`), reset, and the command-line entry point.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import type { IncomingMessage } from "node:http";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { isLoopback } from "../../../emulator/admin";
import { addFault, adminRequests, adminState, clearRequests, dialpad, vendorRequest, withEmulator } from "../../helpers/emulator";

describe("emulator: admin API", () => {
  const emu = withEmulator();

  it("logs vendor requests with every secret and the apikey redacted, and never logs admin calls", async () => {
    await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h", secret: "hook-secret-1" });
    await vendorRequest(emu.url, "GET", "/api/v2/webhooks?apikey=dp-demo-key-0001&limit=5", { token: null });
    await dialpad(emu.url, "PUT", "/event-subscriptions/sms/x", { url: "https://ops.example.com/s", direction: "all", secret: "legacy-s1", nested: [{ secret: "n-1" }] });
    await adminState(emu.url);
    const log = await adminRequests(emu.url);
    assert.deepEqual(log.map((r) => [r.vendor, r.method, r.path, r.status]), [
      ["dialpad", "POST", "/api/v2/webhooks", 200],
      ["dialpad", "GET", "/api/v2/webhooks", 200],
      ["dialpad", "PUT", "/api/v2/event-subscriptions/sms/x", 200],
    ]);
    assert.deepEqual(log[0]?.body, { hook_url: "https://ops.example.com/h", secret: "[redacted]" });
    assert.deepEqual(log[1]?.query, { apikey: "[redacted]", limit: "5" });
    const text = JSON.stringify(log);
    for (const secret of ["hook-secret-1", "legacy-s1", "n-1", "dp-demo-key-0001"]) assert.ok(!text.includes(secret), "no secret in the log");
    assert.ok(log.every((r, i) => i === 0 || r.seq > (log[i - 1]?.seq ?? 0)), "sequence numbers grow");
    assert.ok(log.every((r) => !Number.isNaN(Date.parse(r.time))));
  });

  it("returns only newer entries with since, and clears the log", async () => {
    await dialpad(emu.url, "GET", "/webhooks");
    const [first] = await adminRequests(emu.url);
    await dialpad(emu.url, "GET", "/websockets");
    const newer = await adminRequests(emu.url, first?.seq);
    assert.deepEqual(newer.map((r) => r.path), ["/api/v2/websockets"]);
    await clearRequests(emu.url);
    assert.deepEqual(await adminRequests(emu.url), []);
  });

  it("reset empties objects, log and faults", async () => {
    await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" });
    await addFault(emu.url, { status: 500, count: 5 });
    await fetch(`${emu.url}/_emulator/reset`, { method: "POST" });
    assert.deepEqual(await adminRequests(emu.url), []);
    assert.equal((await dialpad(emu.url, "GET", "/webhooks")).status, 200, "the fault is gone");
    assert.deepEqual((await adminState(emu.url)).dialpad.webhooks, []);
    const created = (await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" })).body as { id: string };
    assert.equal(created.id, "1000", "ids start again at 1000");
  });

  it("serves loopback clients only", () => {
    const from = (remoteAddress: string): IncomingMessage => ({ socket: { remoteAddress } }) as unknown as IncomingMessage;
    for (const a of ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopback(from(a)), true, a);
    for (const a of ["10.0.0.5", "192.168.1.2", "::ffff:10.0.0.5", "fe80::1"]) assert.equal(isLoopback(from(a)), false, a);
  });

  it("answers 404 for an unknown admin path", async () => {
    assert.equal((await fetch(`${emu.url}/_emulator/nothing`)).status, 404);
  });
});

describe("emulator: command line", () => {
  it("starts on the asked port, prints its URL, serves, and stops on SIGTERM", async () => {
    const cli = resolve(__dirname, "../../../emulator/cli.ts");
    const child = spawn(process.execPath, ["--import", "tsx", cli, "--port", "0", "--no-rate-limits"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const lines = createInterface({ input: child.stdout });
      const url = await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error("the CLI printed no URL")), 15_000);
        lines.on("line", (line) => {
          const m = /listening on (http:\/\/\S+)/.exec(line);
          if (m?.[1]) {
            clearTimeout(timer);
            ok(m[1]);
          }
        });
      });
      assert.equal((await dialpad(url, "GET", "/webhooks")).status, 200);
      const exited = new Promise<number | null>((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
