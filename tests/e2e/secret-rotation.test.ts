// End to end (issue 20 item 3): a webhook's secret rotated with `pulumi up` on the real engine while the emulator
// delivers a steady stream of signed call events to the example receiver. Following the README's order (the receiver
// takes the new secret beside the old one, `pulumi up`, the receiver drops the old one), nothing is refused or lost and
// every event is received and verified exactly once. Rotating again without the first step refuses events: the test
// can fail.
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { dialpad } from "pulumi-dialpad-cinnox";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { DIALPAD_PATH, type ReceivedEvent, type RunningReceiver, startReceiver } from "../../examples/receiver";
import { emulatorConfig, openStack, repoRoot } from "../../scripts/engine";
import { adminState, simulate } from "../helpers/emulator";

const OLD = "e2e-rotation-old-1";
const NEW = "e2e-rotation-new-2";
const THIRD = "e2e-rotation-third-3";
const STREAMS = 2;
const quiet = { color: "never" as const };

/** Simulated call events, a few loops at a time, until stopped; every outcome counted by call id. */
function startStream(emulatorUrl: string) {
  const sent: string[] = [];
  const refused: Array<{ callId: string; status?: number; error?: string }> = [];
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const result = await simulate(emulatorUrl, "dialpad/call", { state: "ringing" });
      const callId = String(result.event.call_id);
      sent.push(callId);
      for (const d of result.deliveries) if (d.status !== 200) refused.push({ callId, status: d.status, error: d.error });
      if (result.deliveries.length !== 1) refused.push({ callId, error: `${result.deliveries.length} deliveries` });
    }
  };
  const loops = Array.from({ length: STREAMS }, loop);
  return {
    sent,
    refused,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Waits until at least `count` more events were sent (the stream is running, not stalled). */
async function waitForMore(sent: string[], count: number): Promise<void> {
  const target = sent.length + count;
  while (sent.length < target) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("e2e: rotating a webhook's secret with pulumi up under a steady stream of events", function () {
  this.timeout(300_000);

  let emulator: RunningEmulator;
  let receiver: RunningReceiver;
  let stateDir: string;
  let stack: Stack;
  const received: string[] = [];
  const record = (e: ReceivedEvent) => {
    if (e.vendor === "dialpad" && e.kind === "call") received.push(e.event.call_id);
  };

  const restartReceiver = async (secret: string | string[]) => {
    const port = receiver.port;
    await receiver.close();
    receiver = await startReceiver({ port, secret, log: () => undefined, onEvent: record });
  };
  const hookSecret = async () => {
    const hooks = (await adminState(emulator.url)).dialpad.webhooks as Array<{ signature?: { secret?: string } }>;
    assert.equal(hooks.length, 1);
    return hooks[0].signature?.secret;
  };

  before(async () => {
    emulator = await startEmulator({ port: 0, rateLimits: false });
    receiver = await startReceiver({ port: 0, secret: OLD, log: () => undefined, onEvent: record });
    stateDir = path.join(repoRoot, ".pulumi-state", `e2e-rotation-${crypto.randomBytes(4).toString("hex")}`);
    const hookUrl = `${receiver.url}${DIALPAD_PATH}`;
    stack = await openStack({
      stackName: "rotation",
      stateDir,
      workDir: path.join(stateDir, "project"),
      projectName: "dialpad-cinnox-rotation",
      program: async () => {
        const cfg = new pulumi.Config();
        const hook = new dialpad.Webhook("ops", { hookUrl, secret: cfg.requireSecret("hookSecret") });
        const calls = new dialpad.CallSubscription("calls", { webhookId: hook.id, callStates: ["ringing"] });
        return { webhookId: hook.id, callSubscriptionId: calls.id };
      },
      config: { ...emulatorConfig(emulator.url), hookSecret: { value: OLD, secret: true } },
    });
    const up = await stack.up(quiet);
    assert.equal(up.summary.result, "succeeded");
    assert.equal(await hookSecret(), OLD);
  });

  after(async () => {
    await receiver?.close();
    await emulator?.close();
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  });

  it("add the new secret to the receiver, pulumi up, remove the old one: 0 refused, 0 lost, each event once", async () => {
    received.length = 0;
    // Step 1: the receiver takes both secrets (a redeploy: the stream pauses while it restarts on the same port).
    await restartReceiver([OLD, NEW]);
    const stream = startStream(emulator.url);
    try {
      await waitForMore(stream.sent, 20); // signed with the old secret
      // Step 2: the webhook's secret changes in place while events keep coming.
      await stack.setConfig("hookSecret", { value: NEW, secret: true });
      const before = stream.sent.length;
      const up = await stack.up(quiet);
      const during = stream.sent.length - before;
      assert.equal(up.summary.result, "succeeded");
      assert.deepEqual(up.summary.resourceChanges, { update: 1, same: 2 }, "the webhook is updated in place, nothing replaced");
      assert.equal(await hookSecret(), NEW);
      assert.ok(during > 0, "events were delivered while pulumi up ran");
      await waitForMore(stream.sent, 20); // signed with the new secret
    } finally {
      await stream.stop();
    }
    // Step 3: the receiver drops the old secret; events keep verifying.
    await restartReceiver(NEW);
    const after = startStream(emulator.url);
    try {
      await waitForMore(after.sent, 20);
    } finally {
      await after.stop();
    }

    const sent = [...stream.sent, ...after.sent];
    assert.deepEqual([...stream.refused, ...after.refused], [], "0 refused");
    const counts = new Map<string, number>();
    for (const id of received) counts.set(id, (counts.get(id) ?? 0) + 1);
    assert.deepEqual(sent.filter((id) => counts.get(id) !== 1), [], "every event simulated was received and verified exactly once (0 lost)");
    assert.equal(received.length, sent.length, "nothing received that was not sent");
    console.log(`      rotation: ${stream.sent.length} events during the change, ${after.sent.length} after; 0 refused, 0 lost`);
  });

  it("the control: rotating again without adding the new secret to the receiver first refuses events (401)", async () => {
    received.length = 0;
    const stream = startStream(emulator.url);
    try {
      await waitForMore(stream.sent, 10);
      await stack.setConfig("hookSecret", { value: THIRD, secret: true });
      const up = await stack.up(quiet);
      assert.equal(up.summary.result, "succeeded");
      await waitForMore(stream.sent, 10);
    } finally {
      await stream.stop();
    }
    assert.ok(stream.refused.length >= 10, `events signed with the unknown secret are refused (${stream.refused.length})`);
    assert.ok(stream.refused.every((r) => r.status === 401));
    assert.equal(received.length + stream.refused.length, stream.sent.length);
  });
});
