// A program declaring all four Dialpad resources, run under pulumi.runtime.setMocks: the type tokens and
// inputs Pulumi registers, secret handling, and the size and content of the serialized `__provider`.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { dialpad } from "../../sdk";
import { registerWithMocks } from "../helpers/dynamic-provider";

/** How a secret input reaches the engine: wrapped, so the state stores it encrypted. */
const secretValue = (value: string) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });

describe("dialpad resources under pulumi.runtime.setMocks", () => {
  it("register with their types, inputs and a small credential-free __provider", async () => {
    const hookSecret = "wh-mock-secret1";
    const secretOutputs: pulumi.Output<string | undefined>[] = [];
    const registered = await registerWithMocks(() => {
      const hook = new dialpad.Webhook("ops", { hookUrl: "https://ops.example.com/dialpad", secret: hookSecret });
      const calls = new dialpad.CallSubscription("calls", { webhookId: hook.id, callStates: ["ringing", "hangup"], targetType: "office", targetId: 123 });
      const sms = new dialpad.SmsSubscription("sms", { webhookId: hook.id, direction: "inbound" });
      const legacy = new dialpad.LegacySmsEventSubscription("legacy", {
        hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", secret: pulumi.secret("lg-mock-secret1"),
      });
      secretOutputs.push(hook.secret, legacy.secret);
      return [hook, calls, sms, legacy];
    });

    const byType = Object.fromEntries(registered.map((r) => [r.type, r]));
    assert.deepEqual(Object.keys(byType).sort(), [
      "pulumi-nodejs:dynamic/dialpad:CallSubscription",
      "pulumi-nodejs:dynamic/dialpad:LegacySmsEventSubscription",
      "pulumi-nodejs:dynamic/dialpad:SmsSubscription",
      "pulumi-nodejs:dynamic/dialpad:Webhook",
    ]);
    const inputs = (type: string) => {
      const { __provider: _p, ...rest } = byType[`pulumi-nodejs:dynamic/dialpad:${type}`]?.inputs ?? {};
      return rest;
    };
    // The Webhook secret was a plain string: the class wrapped it as a secret.
    assert.deepEqual(inputs("Webhook"), { hookUrl: "https://ops.example.com/dialpad", secret: secretValue(hookSecret) });
    assert.deepEqual(inputs("CallSubscription"), { webhookId: "ops-id", callStates: ["ringing", "hangup"], targetType: "office", targetId: 123 });
    assert.deepEqual(inputs("SmsSubscription"), { webhookId: "ops-id", direction: "inbound" });
    assert.deepEqual(inputs("LegacySmsEventSubscription"), {
      hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", secret: secretValue("lg-mock-secret1"),
    });
    assert.deepEqual(await Promise.all(secretOutputs.map((o) => pulumi.isSecret(o))), [true, true], "secret outputs of Webhook and LegacySmsEventSubscription are secret");

    for (const r of registered) {
      const provider = r.inputs.__provider;
      assert.equal(typeof provider, "string");
      const text = provider as string;
      assert.ok(text.length < 2048, `${r.type}: __provider is ${text.length} bytes`);
      assert.match(text, /require\("pulumi-dialpad-cinnox\/provider"\)/);
      assert.ok(text.includes(r.type.split("/")[1] as string), "captures its kind");
      for (const secret of ["dp-demo-key", "wh-mock-secret1", "lg-mock-secret1", "apiKey", "Bearer"]) {
        assert.ok(!text.includes(secret), `${r.type}: __provider contains ${secret}`);
      }
    }
  });
});
