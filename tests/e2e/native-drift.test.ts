// End-to-end: `pulumi-dialpad-cinnox drift`, `drift --unmanaged` and `drift --compare` on a stack of NATIVE resources
// (`dialpad:index:Webhook`, …, the plugins on PATH), beside a stack of the same program in the dynamic form, in one
// project on the real engine, the command run as a subprocess. The report does not depend on the form: the same
// short types, the same drift, Cinnox unchecked in both; --compare of the two finds no difference; --unmanaged counts
// the native stack's objects as managed, and the objects of its explicit provider (another company) in that
// provider's account. Every output of every run is searched for the secret values.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as dynamicSdk from "pulumi-dialpad-cinnox";
import * as nativeSdk from "pulumi-dialpad-cinnox/native";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, DEFAULT_DIALPAD_COMPANY_ID } from "../../emulator";
import { ReportSchema, type CompareReport, type DriftReport, type ResourceDrift, type StackDrift } from "../../cli/drift/schema";
import { adminState, dialpad, outOfBand } from "../helpers/emulator";
import { deploy, runCli, type CliResult, type Deployment } from "./drift-fixture";

const OTHER_KEY = "dp-native-drift-other-2002";
const OTHER_COMPANY = "2002";
const HOOK_SECRETS: Record<string, string> = { dyn: "dyn-native-drift-secret-1", nat: "nat-native-drift-secret-1" };
const OUT_OF_BAND_SECRET = "native-drift-oob-secret-9";
const SECRETS = [...Object.values(HOOK_SECRETS), OUT_OF_BAND_SECRET, OTHER_KEY, DEFAULT_DIALPAD_API_KEY, DEFAULT_CINNOX_APP_TOKEN];

/**
 * One program, in the form the stack's `form` config names. The two stacks stand for one environment declared in
 * both forms (what a move from dynamic to native compares), so they declare the same values, Cinnox app included.
 * With `otherKey` set, the native form also declares a webhook at another company through an explicit provider.
 */
function program(): Record<string, pulumi.Output<string>> {
  const cfg = new pulumi.Config();
  const receiverUrl = cfg.require("receiverUrl");
  const hookSecret = cfg.requireSecret("hookSecret");
  const args = {
    hook: { hookUrl: `${receiverUrl}/dialpad`, secret: hookSecret },
    sms: { direction: "inbound" as const },
    inbound: { appId: "app-native-drift", url: `${receiverUrl}/cinnox` },
  };
  if (cfg.require("form") === "dynamic") {
    const { dialpad: d, cinnox: c } = dynamicSdk;
    const hook = new d.Webhook("ops", args.hook);
    const calls = new d.CallSubscription("calls", { webhookId: hook.id, callStates: ["ringing", "hangup"], targetType: "office", targetId: 123 });
    const sms = new d.SmsSubscription("sms", { webhookId: hook.id, ...args.sms });
    new c.InboundSmsSubscription("inbound", args.inbound);
    return { webhookId: hook.id, callSubscriptionId: calls.id, smsSubscriptionId: sms.id };
  }
  const { dialpad: d, cinnox: c } = nativeSdk;
  const hook = new d.Webhook("ops", args.hook);
  const calls = new d.CallSubscription("calls", { webhookId: hook.id, callStates: ["ringing", "hangup"], targetType: "office", targetId: 123 });
  const sms = new d.SmsSubscription("sms", { webhookId: hook.id, ...args.sms });
  new c.InboundSmsSubscription("inbound", args.inbound);
  const out: Record<string, pulumi.Output<string>> = { webhookId: hook.id, callSubscriptionId: calls.id, smsSubscriptionId: sms.id };
  if (cfg.get("otherKey") !== undefined) {
    const other = new d.Provider("other", { apiKey: cfg.requireSecret("otherKey"), baseUrl: new pulumi.Config("dialpad").require("baseUrl") });
    out.otherHookId = new d.Webhook("other-hook", { hookUrl: "https://other.example.com/dialpad" }, { provider: other }).id;
  }
  return out;
}

/** A drift resource without what differs by stack (URN, vendor id): what the report says about it. */
const byForm = (r: ResourceDrift) => ({ type: r.type, name: r.name, drift: r.drift, properties: r.properties });

describe("e2e: drift, --unmanaged and --compare on a native stack (CLI subprocess, real engine)", function () {
  this.timeout(600_000);
  let d: Deployment;
  let checkedRuns = 0;

  before(async () => {
    d = await deploy({
      projectName: "dialpad-cinnox-native-drift",
      stackNames: ["dyn", "nat"],
      program: async () => program(),
      plugins: true,
      emulator: { dialpadApiKeys: { [DEFAULT_DIALPAD_API_KEY]: { companyId: DEFAULT_DIALPAD_COMPANY_ID }, [OTHER_KEY]: { companyId: OTHER_COMPANY } } },
      config: (stack) => ({ form: { value: stack === "nat" ? "native" : "dynamic" }, hookSecret: { value: HOOK_SECRETS[stack]!, secret: true } }),
    });
  });

  after(async () => {
    await d?.close();
  });

  /** The drift command in the project; every output (stdout and stderr) is searched for every secret value. */
  const drift = async (...args: string[]): Promise<CliResult> => {
    const run = await runCli(["drift", "--cwd", d.projectDir, ...args], d.env);
    for (const secret of SECRETS) {
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret), `drift ${args.join(" ")} printed the secret ${secret.slice(0, 6)}…`);
    }
    checkedRuns += 1;
    return run;
  };
  const report = <R extends DriftReport | CompareReport>(run: CliResult, command: R["command"]): R => {
    // The whole of stdout is the report, and it satisfies the documented schema.
    const parsed = ReportSchema.parse(JSON.parse(run.stdout));
    assert.equal(parsed.command, command);
    return parsed as R;
  };
  const stackOf = (r: DriftReport, name: string): StackDrift => {
    const found = r.stacks.find((s) => s.stack === name);
    assert.ok(found, `the report has stack ${name}`);
    return found;
  };
  const outputs = async (stack: string) => Object.fromEntries(Object.entries(await d.stacks[stack]!.outputs()).map(([k, v]) => [k, String(v.value)]));

  it("the native stack holds native resources; right after up, both forms report no drift, Cinnox not checked in either", async () => {
    const state = JSON.parse(fs.readFileSync(d.stateFile("nat"), "utf8")) as { checkpoint: { latest: { resources: { type: string }[] } } };
    const types = state.checkpoint.latest.resources.map((r) => r.type);
    assert.ok(types.includes("dialpad:index:Webhook") && types.includes("pulumi:providers:dialpad") && !types.some((t) => t.startsWith("pulumi-nodejs:")), types.join(", "));

    const run = await drift("--json");
    assert.equal(run.code, 0, run.stderr);
    const r = report<DriftReport>(run, "drift");
    assert.equal(r.status, "clean");
    for (const name of ["dyn", "nat"]) {
      const s = stackOf(r, name);
      assert.deepEqual({ status: s.status, checked: s.checked, resources: s.resources }, { status: "clean", checked: 3, resources: [] }, name);
      assert.deepEqual(s.unchecked.map((u) => `${u.type} ${u.name}`), ["cinnox:InboundSmsSubscription inbound"], name);
      assert.match(s.unchecked[0]!.reason, /Cinnox has no endpoint to read/);
    }
    const text = await drift("--stacks", "nat");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^nat: no drift \(3 checked, 1 not checkable\)$/m);
    assert.match(text.stdout, /not checked: cinnox:InboundSmsSubscription "inbound": Cinnox has no endpoint/);
  });

  it("--compare of the dynamic and the native stack of one program: no difference (json and text)", async () => {
    const run = await drift("--compare", "dyn,nat", "--json");
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    const r = report<CompareReport>(run, "compare");
    assert.deepEqual({ status: r.status, onlyInLeft: r.onlyInLeft, onlyInRight: r.onlyInRight, differences: r.differences },
      { status: "same", onlyInLeft: [], onlyInRight: [], differences: [] });
    const text = await drift("--compare", "nat,dyn");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^nat and dyn: same resources and declared properties/);
  });

  it("--unmanaged: objects made out of band are listed, the native stack's own are not; an explicit provider's account is listed as its own", async () => {
    // The native stack gains a webhook at company 2002 through an explicit provider.
    await d.stacks.nat!.setConfig("otherKey", { value: OTHER_KEY, secret: true });
    await d.stacks.nat!.up({ color: "never" });
    const nat = await outputs("nat");
    const shadow = await outOfBand(d.emulatorUrl, { method: "POST", path: "/api/v2/webhooks", body: { hook_url: "https://shadow.example.com/clickops" } });
    const shadowOther = await outOfBand(d.emulatorUrl, {
      method: "POST", path: "/api/v2/webhooks", body: { hook_url: "https://shadow.example.com/other" }, companyId: OTHER_COMPANY,
    });
    const [shadowId, shadowOtherId] = [(shadow.body as { id: string }).id, (shadowOther.body as { id: string }).id];
    const states = ["dyn", "nat"].map((s) => fs.readFileSync(d.stateFile(s)));

    const run = await drift("--unmanaged-only", "--json");
    assert.equal(run.code, 2, run.stderr);
    const r = report<DriftReport>(run, "drift");
    assert.deepEqual(r.unmanaged?.accounts.map((a) => ({ companyId: a.companyId, stacks: a.stacks, providers: a.providers, status: a.status, listed: a.listed, objects: a.objects })), [
      {
        companyId: DEFAULT_DIALPAD_COMPANY_ID, stacks: ["dyn", "nat"], providers: undefined, status: "found", listed: 7,
        objects: [{ type: "dialpad:Webhook", id: shadowId, label: "shadow.example.com/clickops" }],
      },
      {
        companyId: OTHER_COMPANY, stacks: [], providers: [{ stack: "nat", name: "other" }], status: "found", listed: 2,
        objects: [{ type: "dialpad:Webhook", id: shadowOtherId, label: "shadow.example.com/other" }],
      },
    ]);
    assert.ok(!r.unmanaged!.accounts.some((a) => a.objects.some((o) => Object.values(nat).includes(o.id))), "no object the native stack manages is listed");
    assert.match(run.stderr, /unmanaged: Dialpad at \S+ answers company 2002 for the credentials of provider other \(stack nat\)\n/);

    // With the drift check: the explicit provider's webhook is read through its provider (no drift), and the text report.
    const text = await drift("--unmanaged");
    assert.equal(text.code, 2, text.stderr);
    assert.match(text.stdout, /^nat: no drift \(4 checked, 1 not checkable\)$/m);
    assert.match(text.stdout, /^Dialpad at http:\/\/127\.0\.0\.1:\d+ \(company 1001\), stacks dyn, nat: 1 unmanaged of 7 listed$/m);
    assert.match(text.stdout, /^Dialpad at http:\/\/127\.0\.0\.1:\d+ \(company 2002\), provider other \(stack nat\): 1 unmanaged of 2 listed$/m);
    assert.match(text.stdout, new RegExp(`^  \\? dialpad:Webhook ${shadowOtherId}: shadow\\.example\\.com/other$`, "m"));
    assert.ok(["dyn", "nat"].every((s, i) => states[i]!.equals(fs.readFileSync(d.stateFile(s)))), "the state files are unchanged");
  });

  it("an out-of-band edit and delete show as drift on the native stack exactly as on the dynamic one; the explicit provider's object too", async () => {
    const ids = { dyn: await outputs("dyn"), nat: await outputs("nat") };
    for (const stack of ["dyn", "nat"] as const) {
      const o = ids[stack];
      assert.equal((await dialpad(d.emulatorUrl, "PATCH", `/subscriptions/call/${o.callSubscriptionId}`, { call_states: ["ringing"] })).status, 200);
      assert.equal((await dialpad(d.emulatorUrl, "PATCH", `/webhooks/${o.webhookId}`, { secret: OUT_OF_BAND_SECRET })).status, 200);
      assert.equal((await dialpad(d.emulatorUrl, "DELETE", `/subscriptions/sms/${o.smsSubscriptionId}`)).status, 200);
    }
    const moved = await outOfBand(d.emulatorUrl, {
      method: "PATCH", path: `/api/v2/webhooks/${ids.nat.otherHookId}`, body: { hook_url: "https://moved.example.com/x" }, companyId: OTHER_COMPANY,
    });
    assert.equal(moved.status, 200);
    const webhooks = (await adminState(d.emulatorUrl)).dialpad.webhooks;
    assert.equal(webhooks.find((w) => w.id === ids.nat.webhookId)?.signature?.secret, OUT_OF_BAND_SECRET, "the vendor holds the out-of-band secret");
    const states = ["dyn", "nat"].map((s) => fs.readFileSync(d.stateFile(s)));

    const run = await drift("--json");
    assert.equal(run.code, 2, run.stderr);
    const r = report<DriftReport>(run, "drift");
    assert.equal(r.status, "drifted");
    const nat = stackOf(r, "nat");
    assert.deepEqual(nat.resources.map(({ type, name, id, drift: kind, properties }) => ({ type, name, id, kind, properties })), [
      {
        type: "dialpad:CallSubscription", name: "calls", id: ids.nat.callSubscriptionId, kind: "changed",
        properties: [{ name: "callStates", declared: ["hangup", "ringing"], live: ["ringing"], secret: false }],
      },
      { type: "dialpad:SmsSubscription", name: "sms", id: ids.nat.smsSubscriptionId, kind: "deleted", properties: [] },
      {
        type: "dialpad:Webhook", name: "ops", id: ids.nat.webhookId, kind: "changed",
        properties: [{ name: "secret", declared: "[secret]", live: "[secret]", secret: true }],
      },
      {
        type: "dialpad:Webhook", name: "other-hook", id: ids.nat.otherHookId, kind: "changed",
        properties: [{ name: "hookUrl", declared: "https://other.example.com/dialpad", live: "https://moved.example.com/x", secret: false }],
      },
    ]);
    assert.ok(nat.resources.every((res) => res.urn.includes("::dialpad:index:")), "the native stack's URNs name native types");
    const dyn = stackOf(r, "dyn");
    assert.deepEqual(dyn.resources.map(byForm), nat.resources.filter((res) => res.name !== "other-hook").map(byForm), "the same report in both forms");
    assert.deepEqual(dyn.unchecked.map((u) => u.type), nat.unchecked.map((u) => u.type));

    const text = await drift("--stacks", "nat");
    assert.equal(text.code, 2, text.stderr);
    assert.match(text.stdout, /^nat: 4 resource\(s\) drifted \(4 checked, 1 not checkable\)$/m);
    assert.match(text.stdout, new RegExp(`^  ~ dialpad:CallSubscription "calls" \\(id ${ids.nat.callSubscriptionId}\\): changed\\n      callStates: declared \\["hangup","ringing"\\], live \\["ringing"\\]$`, "m"));
    assert.match(text.stdout, /^ {6}secret: declared \[secret\], live \[secret\] \(a secret value differs\)$/m);
    assert.match(text.stdout, new RegExp(`^  - dialpad:SmsSubscription "sms" \\(id ${ids.nat.smsSubscriptionId}\\): deleted out of band$`, "m"));
    const md = await drift("--stacks", "nat", "--markdown");
    assert.equal(md.code, 2, md.stderr);
    assert.match(md.stdout, /\| `dialpad:SmsSubscription` sms \| deleted out of band \|/);
    assert.ok(["dyn", "nat"].every((s, i) => states[i]!.equals(fs.readFileSync(d.stateFile(s)))), "drift writes no state");
  });

  it("every run above was searched for every secret value (hook secrets, the out-of-band secret, API keys, the app token)", () => {
    assert.equal(checkedRuns, 9, "each drift run's stdout and stderr was searched");
  });
});
