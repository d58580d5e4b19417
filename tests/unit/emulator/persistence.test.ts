// With a state file the emulator survives a restart: same objects, ids continue, and the file is never left half-written.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { adminState, cinnoxEventPatch, cinnoxPatch, dialpad, outOfBand } from "../../helpers/emulator";
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

  it("keeps Cinnox apps named __proto__, constructor and hasOwnProperty across a restart", async () => {
    const stateFile = join(dir, "state.json");
    running = await startEmulator({ stateFile, rateLimits: false });
    const receiver = await startReceiver(echoChallenge);
    const names = ["__proto__", "constructor", "hasOwnProperty"];
    try {
      for (const app of names) assert.equal((await cinnoxPatch(running.url, app, { enabled: true, url: `${receiver.url}/${app}` })).status, 200);
      assert.equal((await cinnoxEventPatch(running.url, "__proto__", "call", { enabled: true, url: `${receiver.url}/call` })).status, 200);
    } finally {
      await receiver.close();
    }
    await running.close();
    running = await startEmulator({ stateFile, rateLimits: false });
    const { cinnox } = await adminState(running.url);
    assert.deepEqual(Object.keys(cinnox.apps), names);
    for (const app of names) assert.equal(cinnox.apps[app]?.url, `${receiver.url}/${app}`, app);
    assert.deepEqual(Object.keys(cinnox.subscriptions["__proto__"] ?? {}), ["inbound-sms", "call"]);
  });

  it("keeps the out-of-band marks across a restart", async () => {
    const stateFile = join(dir, "state.json");
    running = await startEmulator({ stateFile, rateLimits: false });
    await outOfBand(running.url, { method: "PUT", path: "/api/v2/event-subscriptions/call/ops", body: { url: "https://ops.example.com/c" } });
    const hook = (await outOfBand(running.url, { method: "POST", path: "/api/v2/webhooks", body: { hook_url: "https://ops.example.com/h" } })).body as { id: string };
    await running.close();
    running = await startEmulator({ stateFile, rateLimits: false });
    assert.deepEqual((await adminState(running.url)).outOfBand, [`/api/v2/webhooks/${hook.id}`, "/api/v2/event-subscriptions/call/ops"]);
  });

  it("loads a version 1 state file (inbound SMS keyed by app id), __proto__ included", async () => {
    const stateFile = join(dir, "state.json");
    const app = { enabled: true, url: "https://ops.example.com/c", updatedAt: "2024-01-01T00:00:00.000Z" };
    writeFileSync(stateFile, `{"version":1,"nextId":1005,"webhooks":[],"websockets":[],"subscriptions":[],"eventSubscriptions":[],
      "cinnoxApps":{"__proto__":${JSON.stringify(app)},"app-1":${JSON.stringify(app)}}}`);
    running = await startEmulator({ stateFile, rateLimits: false });
    const { cinnox } = await adminState(running.url);
    assert.deepEqual(Object.keys(cinnox.apps), ["__proto__", "app-1"]);
    assert.deepEqual(cinnox.apps["__proto__"], app);
    assert.equal(((await dialpad(running.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" })).body as { id: string }).id, "1005");
  });

  it("refuses to start on a state file that is not its own format, naming the file", async () => {
    const stateFile = join(dir, "state.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(stateFile, JSON.stringify({ hello: "world" }));
    await assert.rejects(startEmulator({ stateFile }), /state\.json/);
  });
});
