// End-to-end: what a reviewer reads in `pulumi preview --diff` (Automation API `preview({ diff: true })`)
// on the real engine: every changed property named, update told from replace, no secret shown, and nothing
// at all when nothing changed, including after reordering a set and with an unusual URL spelling.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { PreviewResult, Stack } from "@pulumi/pulumi/automation";
import { dialpad } from "pulumi-dialpad-cinnox";
import { adminRequests } from "../helpers/emulator";
import { deploy, type Deployment } from "./drift-fixture";

const SECRET_V1 = "review-secret-01";
const SECRET_V2 = "review-secret-02";

/** The lines `preview --diff` prints for the one resource of `type` (e.g. "dialpad:Webhook"). */
function blockOf(text: string, type: string): string {
  const blocks = text.split(/\n(?=\s*(?:[~+-]{1,2}|\s)\s*pulumi(?:-nodejs)?:|Resources:)/);
  const found = blocks.filter((b) => b.includes(`pulumi-nodejs:dynamic/${type}:`));
  assert.equal(found.length, 1, `one block for ${type} in:\n${text}`);
  return found[0]!;
}

/** Webhook + call subscription + legacy SMS subscription, shaped by config so a test can change one thing. */
function reviewProgram(): void {
  const cfg = new pulumi.Config();
  const secret = cfg.requireSecret("hookSecret");
  const hook = new dialpad.Webhook("ops", { hookUrl: cfg.require("hookUrl"), secret });
  new dialpad.CallSubscription("calls", { webhookId: hook.id, callStates: cfg.requireObject<dialpad.CallState[]>("callStates") });
  new dialpad.LegacySmsEventSubscription("legacy", { hookId: cfg.require("legacyHookId"), url: cfg.require("hookUrl"), direction: "all", secret });
}

describe("e2e: previews a reviewer can read (pulumi preview --diff)", function () {
  this.timeout(300_000);
  let d: Deployment;
  let stack: Stack;

  const configure = (values: { callStates?: string[]; hookSecret?: string; legacyHookId?: string }) =>
    stack.setAllConfig({
      ...(values.callStates ? { callStates: { value: JSON.stringify(values.callStates) } } : {}),
      ...(values.hookSecret ? { hookSecret: { value: values.hookSecret, secret: true } } : {}),
      ...(values.legacyHookId ? { legacyHookId: { value: values.legacyHookId } } : {}),
    });

  const preview = async (): Promise<{ text: string; result: PreviewResult }> => {
    let text = "";
    const result = await stack.preview({ diff: true, color: "never", onOutput: (out) => (text += out) });
    return { text, result };
  };

  /** The engine's count of resources per operation, without the unchanged ones. */
  const changes = (result: PreviewResult) => Object.fromEntries(Object.entries(result.changeSummary).filter(([op]) => op !== "same"));

  before(async () => {
    d = await deploy({
      projectName: "dialpad-cinnox-review",
      stackNames: ["review"],
      program: async () => reviewProgram(),
      config: () => ({
        // An upper-case host and a trailing slash: kept as written, so they never show as a change.
        hookUrl: { value: "https://Ops.Example.com/Dialpad/" },
        hookSecret: { value: SECRET_V1, secret: true },
        callStates: { value: JSON.stringify(["hangup", "ringing"]) },
        legacyHookId: { value: "ops-sms" },
      }),
    });
    stack = d.stacks.review!;
  });

  after(async () => {
    await d?.close();
  });

  it("shows no changes right after up, after reordering a set, and sends no request to the vendors", async () => {
    const seq = (await adminRequests(d.emulatorUrl)).length;
    await configure({ callStates: ["ringing", "hangup", "ringing"] });
    const { text, result } = await preview();
    assert.deepEqual(changes(result), {});
    assert.match(text, /4 unchanged/);
    assert.doesNotMatch(text, /^\s*[~+-]{1,2}\s+pulumi-nodejs:dynamic/m, "no resource line with a change marker");
    assert.equal((await adminRequests(d.emulatorUrl)).length, seq, "a preview makes no vendor request");
  });

  it("names each changed property, tells update from replace, and never shows a secret", async () => {
    await configure({ callStates: ["ringing", "hangup", "missed"], hookSecret: SECRET_V2, legacyHookId: "ops-sms-2" });
    const { text, result } = await preview();

    assert.deepEqual(changes(result), { update: 2, replace: 1 });
    const call = blockOf(text, "dialpad:CallSubscription");
    assert.match(call, /: \(update\)/);
    assert.match(call, /^\s*~ callStates\s*: \[/m, "the changed property is marked");
    assert.match(call, /"missed"/);
    assert.doesNotMatch(call, /^\s*[~+-] (enabled|groupCallsOnly|webhookId)\b/m, "unchanged properties are not marked");
    const legacy = blockOf(text, "dialpad:LegacySmsEventSubscription");
    assert.match(legacy, /^\s*\+-pulumi-nodejs:dynamic\/dialpad:LegacySmsEventSubscription: \(replace\)/m, "hookId replaces");
    assert.match(legacy, /^\s*~ hookId\s*: "ops-sms" => "ops-sms-2"$/m);
    // A change of a secret alone: an update whose value stays masked. The engine cannot mark which
    // property changed, because a dynamic provider cannot return a detailed diff (pulumi/pulumi#16687).
    const hook = blockOf(text, "dialpad:Webhook");
    assert.match(hook, /: \(update\)/);
    assert.match(hook, /^\s*secret\s*: \[secret\]$/m);
    assert.ok(!text.includes(SECRET_V1) && !text.includes(SECRET_V2), "neither the old nor the new secret appears");

    await stack.up({ color: "never" });
    const again = await preview();
    assert.deepEqual(changes(again.result), {}, "once applied, the same program previews no change");
    assert.ok(!again.text.includes(SECRET_V2));
  });
});
