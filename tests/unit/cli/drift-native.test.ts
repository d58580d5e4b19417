// The drift command reads stacks of both forms of resource: dynamic (`pulumi-nodejs:dynamic/dialpad:Webhook`) and
// native (`dialpad:index:Webhook`, plugins `pulumi-resource-dialpad`/`-cinnox`). A report must not depend on the
// form: the same short type, the same order, Cinnox unchecked in both; --compare of a dynamic and a native stack
// of one program finds no difference.
import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import { compareStacks } from "../../../cli/drift/compare";
import { stackDrift } from "../../../cli/drift/detect";
import { shortType } from "../../../cli/drift/values";
import { RESOURCE_KINDS, kindOfAnyType, kindOfType, typeToken } from "../../../provider/registry";

const MASKED = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
const dynamicType = (kind: string) => `pulumi-nodejs:dynamic/${kind}`;
const nativeType = (kind: string) => `${kind.split(":")[0]}:index:${kind.split(":")[1]}`;
type Form = (kind: string) => string;

/** The refresh steps of one program (a changed webhook, a deleted SMS subscription, a Cinnox one) in a form. */
function steps(form: Form, extra: Record<string, unknown> = {}) {
  const urn = (kind: string, name: string) => `urn:pulumi:dev::proj::${form(kind)}::${name}`;
  const st = (id: string, inputs: Record<string, unknown>) => ({ id, inputs: { ...extra, ...inputs }, outputs: { ...extra, ...inputs } });
  return [
    { op: "same", urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", type: "pulumi:pulumi:Stack" },
    { op: "same", urn: "urn:pulumi:dev::proj::pulumi:providers:dialpad::default_0_1_0", type: "pulumi:providers:dialpad" },
    { op: "same", urn: "urn:pulumi:dev::proj::pulumi:providers:pulumi-nodejs::default", type: "pulumi:providers:pulumi-nodejs" },
    { op: "update", urn: urn("dialpad:Webhook", "ops"), type: form("dialpad:Webhook"),
      old: st("1000", { hookUrl: "https://a.example/x", secret: MASKED }), new: st("1000", { hookUrl: "https://b.example/x", secret: MASKED }) },
    { op: "delete", urn: urn("dialpad:SmsSubscription", "sms"), type: form("dialpad:SmsSubscription"), old: st("1001", { direction: "inbound" }), new: null },
    { op: "same", urn: urn("dialpad:CallSubscription", "calls"), type: form("dialpad:CallSubscription"), old: st("1002", { callStates: ["ringing"] }), new: st("1002", { callStates: ["ringing"] }) },
    { op: "same", urn: urn("cinnox:InboundSmsSubscription", "inbound"), type: form("cinnox:InboundSmsSubscription"), old: st("app-1", { appId: "app-1" }), new: st("app-1", { appId: "app-1" }) },
  ];
}

const withoutUrns = <T extends { resources: { urn: string }[]; unchecked: { urn: string }[] }>(r: T) => ({
  ...r, resources: r.resources.map(({ urn: _u, ...rest }) => rest), unchecked: r.unchecked.map(({ urn: _u, ...rest }) => rest),
});

describe("drift: native and dynamic type tokens give the same report", () => {
  it("every kind's native token and dynamic token map to the kind and print as it; other types keep their text", () => {
    for (const kind of RESOURCE_KINDS) {
      assert.equal(kindOfAnyType(typeToken(kind)), kind);
      assert.equal(kindOfAnyType(dynamicType(kind)), kind);
      assert.equal(shortType(typeToken(kind)), kind);
      assert.equal(shortType(dynamicType(kind)), kind);
    }
    assert.equal(kindOfType(typeToken("dialpad:Webhook")), undefined, "kindOfType (recover) reads the dynamic form only");
    assert.equal(shortType("my:index:Component$dialpad:index:Webhook"), "my:index:Component$dialpad:Webhook", "each part of a parent chain");
    assert.equal(shortType("pulumi-nodejs:dynamic/other:Thing"), "other:Thing");
    assert.equal(kindOfAnyType("dialpad:index:Nothing"), undefined);
    assert.equal(kindOfAnyType("pulumi:providers:dialpad"), undefined);
  });

  it("a native stack's refresh steps: the same drift, the same unchecked Cinnox resource, the same order as the dynamic form", () => {
    const native = stackDrift("dev", steps(nativeType));
    const dynamic = stackDrift("dev", steps(dynamicType, { __provider: "exports.handler = ..." }));
    assert.deepEqual(withoutUrns(native), withoutUrns(dynamic));
    assert.equal(native.checked, 3, "the webhook, the SMS and the call subscription; not the providers nor the stack");
    assert.deepEqual(native.resources.map((r) => `${r.type} ${r.name} ${r.drift}`), ["dialpad:SmsSubscription sms deleted", "dialpad:Webhook ops changed"]);
    assert.deepEqual(native.resources[1]!.properties, [{ name: "hookUrl", declared: "https://a.example/x", live: "https://b.example/x", secret: false }]);
    assert.deepEqual(native.unchecked.map((u) => u.type), ["cinnox:InboundSmsSubscription"]);
    assert.match(native.unchecked[0]!.reason, /Cinnox has no endpoint to read/);
  });

  it("--compare of a dynamic and a native stack of one program: same, references compared by the resource they name", async () => {
    const exported = (name: string, form: Form, hookId: string, extra: Record<string, unknown>, providers: Record<string, unknown>[]) => ({
      name,
      exportStack: async () => ({
        version: 3,
        deployment: {
          resources: [
            { urn: `urn:pulumi:${name}::proj::pulumi:pulumi:Stack::proj-${name}`, type: "pulumi:pulumi:Stack" },
            ...providers,
            { urn: `urn:pulumi:${name}::proj::${form("dialpad:Webhook")}::ops`, type: form("dialpad:Webhook"), id: hookId, inputs: { ...extra, hookUrl: "https://a.example/x", secret: MASKED } },
            { urn: `urn:pulumi:${name}::proj::${form("dialpad:CallSubscription")}::calls`, type: form("dialpad:CallSubscription"), id: `${hookId}1`,
              inputs: { ...extra, webhookId: hookId, callStates: ["hangup", "ringing"], enabled: true, groupCallsOnly: false } },
          ],
        },
      }),
    }) as unknown as Stack;
    const dynamic = exported("dyn", dynamicType, "1000", { __provider: "exports.handler = ..." }, []);
    const native = exported("nat", nativeType, "2000", {}, [{ urn: "urn:pulumi:nat::proj::pulumi:providers:dialpad::default_0_1_0", type: "pulumi:providers:dialpad", id: "x", inputs: { version: "0.1.0" } }]);
    const report = await compareStacks(dynamic, native, []);
    assert.deepEqual({ status: report.status, onlyInLeft: report.onlyInLeft, onlyInRight: report.onlyInRight, differences: report.differences },
      { status: "same", onlyInLeft: [], onlyInRight: [], differences: [] });
  });
});
