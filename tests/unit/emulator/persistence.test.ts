// With a state file the emulator survives a restart: same objects, ids continue, and the file is never left half-written.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { adminState, cinnoxPatch, dialpad } from "../../helpers/emulator";
import { echoChallenge, startReceiver } from "./receiver";

describe("emulator: persistence", () => {
  let dir: string;
  let running: RunningEmulator | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("reloads every object after a restart and continues the ids", async () => {
    const stateFile = join(dir, "nested", "state.json");
    running = await startEmulator({ stateFile, rateLimits: false });
    const receiver = await startReceiver(echoChallenge);
    try {
      const hook = (await dialpad(running.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h", secret: "hook-secret-1" })).body as { id: string };
      await dialpad(running.url, "POST", "/subscriptions/call", { endpoint_id: hook.id, call_states: ["ringing"], target_type: "office", target_id: 5 });
      await dialpad(running.url, "POST", "/subscriptions/sms", { endpoint_id: hook.id, direction: "all" });
      await dialpad(running.url, "PUT", "/event-subscriptions/sms/ops-sms", { url: "https://ops.example.com/s", direction: "inbound" });
      await cinnoxPatch(running.url, "app-1", { enabled: true, url: receiver.url });
    } finally {
      await receiver.close();
    }
    const before = await adminState(running.url);
    assert.ok(JSON.parse(readFileSync(stateFile, "utf8")), "the file is valid JSON");
    await running.close();

    running = await startEmulator({ stateFile, rateLimits: false });
    const after = await adminState(running.url);
    assert.deepEqual(after, before);
    const next = (await dialpad(running.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/2" })).body as { id: string };
    const maxBefore = Math.max(...before.dialpad.webhooks.map((w) => Number(w.id)), ...before.dialpad.subscriptions.sms.map((s) => Number(s.id)));
    assert.ok(Number(next.id) > maxBefore, "no id is handed out twice");
    assert.deepEqual(readdirSync(join(dir, "nested")), ["state.json"], "no temporary file is left behind");
  });

  it("persists deletes and resets too", async () => {
    const stateFile = join(dir, "state.json");
    running = await startEmulator({ stateFile, rateLimits: false });
    const hook = (await dialpad(running.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" })).body as { id: string };
    await dialpad(running.url, "DELETE", `/webhooks/${hook.id}`);
    await running.close();
    running = await startEmulator({ stateFile, rateLimits: false });
    assert.deepEqual((await adminState(running.url)).dialpad.webhooks, []);
    await dialpad(running.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" });
    await fetch(`${running.url}/_emulator/reset`, { method: "POST" });
    await running.close();
    running = await startEmulator({ stateFile, rateLimits: false });
    assert.deepEqual((await adminState(running.url)).dialpad.webhooks, []);
  });

  it("refuses to start on a state file that is not its own format, naming the file", async () => {
    const stateFile = join(dir, "state.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(stateFile, JSON.stringify({ hello: "world" }));
    await assert.rejects(startEmulator({ stateFile }), /state\.json/);
  });
});
