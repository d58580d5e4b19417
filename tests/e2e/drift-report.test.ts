// The drift report without the engine: engine refresh steps (in the shape Pulumi 3.248 emits them for
// `refresh --preview-only`) turned into the report, its rendering, and `drift --json-schema` as a subprocess.
import assert from "node:assert/strict";
import { stackDrift } from "../../cli/drift/detect";
import { render } from "../../cli/drift/render";
import { ReportSchema, type DriftReport } from "../../cli/drift/schema";
import { runCli } from "./drift-fixture";

const URN = "urn:pulumi:dev::proj::";
// How the engine's events mask a secret (the value itself is never in them).
const MASKED = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
const state = (id: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = inputs) => ({
  id, inputs: { __provider: "exports.handler = ...", ...inputs }, outputs: { __provider: "exports.handler = ...", ...outputs },
});

describe("drift report: from refresh steps to what a person reads", () => {
  it("lists changed properties with both values, deletes, secrets masked, and Cinnox as not checkable", () => {
    const hook = state("1000", { hookUrl: "https://a.example/x", secret: MASKED });
    const report = stackDrift("dev", [
      { op: "same", urn: `${URN}pulumi:pulumi:Stack::proj-dev`, type: "pulumi:pulumi:Stack" },
      { op: "same", urn: `${URN}pulumi:providers:pulumi-nodejs::default`, type: "pulumi:providers:pulumi-nodejs" },
      // Only a secret differs: every visible value is equal, the engine still says update.
      { op: "update", urn: `${URN}pulumi-nodejs:dynamic/dialpad:Webhook::ops`, type: "pulumi-nodejs:dynamic/dialpad:Webhook", old: hook, new: hook },
      {
        op: "update", urn: `${URN}pulumi-nodejs:dynamic/dialpad:SmsSubscription::sms`, type: "pulumi-nodejs:dynamic/dialpad:SmsSubscription",
        old: state("1001", { direction: "inbound", enabled: true, targetType: "office", targetId: "7" }),
        new: state("1001", { direction: "all", enabled: true }),
      },
      {
        op: "delete", urn: `${URN}pulumi-nodejs:dynamic/dialpad:CallSubscription::calls`, type: "pulumi-nodejs:dynamic/dialpad:CallSubscription",
        old: state("1002", { callStates: ["ringing"] }), new: null,
      },
      {
        op: "same", urn: `${URN}pulumi-nodejs:dynamic/cinnox:InboundSmsSubscription::inbound`, type: "pulumi-nodejs:dynamic/cinnox:InboundSmsSubscription",
        old: state("app-1", { appId: "app-1" }), new: state("app-1", { appId: "app-1" }),
      },
    ]);
    assert.equal(report.status, "drifted");
    assert.equal(report.checked, 3);
    // Ordered by URN: by type, then name.
    assert.deepEqual(report.resources.map((r) => [r.name, r.drift, r.properties]), [
      ["calls", "deleted", []],
      ["sms", "changed", [
        { name: "direction", declared: "inbound", live: "all", secret: false },
        { name: "targetId", declared: "7", secret: false },
        { name: "targetType", declared: "office", secret: false },
      ]],
      ["ops", "changed", [{ name: "secret", declared: "[secret]", live: "[secret]", secret: true }]],
    ]);
    assert.deepEqual(report.unchecked.map((u) => u.name), ["inbound"]);

    const full: DriftReport = { version: 1, command: "drift", status: "drifted", stacks: [report] };
    ReportSchema.parse(JSON.parse(render(full, "json")));
    const text = render(full, "text");
    assert.match(text, /targetId: declared "7", live \(not set\)/);
    assert.match(text, /secret: declared \[secret\], live \[secret\] \(a secret value differs\)/);
    assert.doesNotMatch(text, /ciphertext|__provider/);
  });

  it("escapes table separators in Markdown cells", () => {
    const report: DriftReport = {
      version: 1, command: "drift", status: "drifted",
      stacks: [{
        stack: "dev", status: "drifted", checked: 1, unchecked: [],
        resources: [{
          urn: `${URN}t::a`, type: "dialpad:Webhook", name: "a", id: "1", drift: "changed",
          properties: [{ name: "hookUrl", declared: "https://x.example/a|b", live: "https://x.example/c", secret: false }],
        }],
      }],
    };
    assert.match(render(report, "markdown"), /\| `"https:\/\/x\.example\/a\\\|b"` \| `"https:\/\/x\.example\/c"` \|$/m);
  });

  it("`drift --json-schema` prints the JSON Schema of the --json output", async () => {
    const run = await runCli(["drift", "--json-schema"], {});
    assert.equal(run.code, 0, run.stderr);
    const schema = JSON.parse(run.stdout) as { $schema: string; oneOf: { properties: { command: { const: string } } }[] };
    assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
    assert.deepEqual(schema.oneOf.map((s) => s.properties.command.const), ["drift", "compare"]);
  });
});
