// End-to-end: `pulumi-dialpad-cinnox drift` as a subprocess over the examples/multi-env stacks dev and prod
// on the real engine. The stacks are deployed once; the tests run in order (clean first, then changes made
// behind Pulumi's back through the vendor API).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { multiEnv } from "../../examples/multi-env/program";
import { repoRoot } from "../../scripts/engine";
import { ReportSchema, type CompareReport, type DriftReport, type StackDrift } from "../../cli/drift/schema";
import { addFault, clearFaults, dialpad } from "../helpers/emulator";
import { deploy, runCli, type Deployment } from "./drift-fixture";

const HOOK_SECRETS: Record<string, string> = { dev: "dev-hook-secret-1", prod: "prod-hook-secret-1" };
const OUT_OF_BAND_SECRET = "oob-hook-secret-9";

function parseReport(stdout: string): DriftReport | CompareReport {
  // The whole of stdout is the report (progress goes to stderr), and it satisfies the documented schema.
  return ReportSchema.parse(JSON.parse(stdout));
}

function driftReport(stdout: string): DriftReport {
  const report = parseReport(stdout);
  assert.equal(report.command, "drift");
  return report as DriftReport;
}

const stackOf = (report: DriftReport, name: string): StackDrift => {
  const found = report.stacks.find((s) => s.stack === name);
  assert.ok(found, `the report has stack ${name}`);
  return found;
};

describe("e2e: drift detection across environments (CLI subprocess, real engine)", function () {
  this.timeout(300_000);
  let d: Deployment;

  before(async () => {
    d = await deploy({
      example: path.join(repoRoot, "examples", "multi-env"),
      projectName: "dialpad-cinnox-multi-env",
      stackNames: ["dev", "prod"],
      program: async () => multiEnv(),
      config: (stack) => ({ hookSecret: { value: HOOK_SECRETS[stack]!, secret: true } }),
    });
  });

  after(async () => {
    await d?.close();
  });

  const drift = (...args: string[]) => runCli(["drift", "--cwd", d.projectDir, ...args], d.env);
  const outputs = async (stack: string) => d.stacks[stack]!.outputs();

  it("finds no drift right after `pulumi up`: exit 0 and an empty report", async () => {
    const run = await drift("--json");
    assert.equal(run.code, 0, run.stderr);
    const report = driftReport(run.stdout);
    assert.equal(report.status, "clean");
    assert.deepEqual(report.stacks.map((s) => s.stack).sort(), ["dev", "prod"], "every stack of the project by default");
    for (const s of report.stacks) {
      assert.equal(s.status, "clean");
      assert.deepEqual(s.resources, []);
      // Cinnox cannot be read: listed as not checked, never as drifted.
      assert.deepEqual(s.unchecked.map((u) => `${u.type} ${u.name}`), ["cinnox:InboundSmsSubscription inbound"]);
      assert.match(s.unchecked[0]!.reason, /Cinnox has no endpoint to read/);
    }
    assert.equal(stackOf(report, "dev").checked, 3);
    assert.equal(stackOf(report, "prod").checked, 4, "prod also has missed-calls");
    assert.match(run.stderr, /drift: dev: no drift/);

    const selected = async () => (await d.stacks.dev!.workspace.stack())?.name;
    assert.equal(await selected(), "prod", "the stack deployed last is the selected one");
    const text = await drift("--stacks", "dev");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Drift: 0 of 1 stack\(s\) drifted/);
    assert.match(text.stdout, /dev: no drift \(3 checked, 1 not checkable\)/);
    assert.equal(await selected(), "prod", "the user's selected stack is put back");
  });

  it("--compare lists the resource only prod declares, and the per-environment values unless ignored", async () => {
    const all = await drift("--compare", "dev,prod", "--json");
    assert.equal(all.code, 2, all.stderr);
    const report = parseReport(all.stdout);
    assert.ok(report.command === "compare");
    assert.deepEqual(report.onlyInLeft, []);
    assert.deepEqual(report.onlyInRight, [{ type: "dialpad:CallSubscription", name: "missed-calls" }]);
    // webhookId holds each stack's own webhook id: compared by the webhook it names, so no difference;
    // the hook secrets differ but secrets are not compared.
    assert.deepEqual(
      report.differences.map((r) => ({ resource: `${r.type} ${r.name}`, properties: r.properties })),
      [
        { resource: "dialpad:CallSubscription calls", properties: [{ name: "targetId", left: "123", right: "456" }] },
        { resource: "cinnox:InboundSmsSubscription inbound", properties: [{ name: "appId", left: "app-dev", right: "app-prod" }] },
      ],
    );

    const ignoring = await drift("--compare", "dev,prod", "--ignore", "targetId,appId", "--markdown");
    assert.equal(ignoring.code, 2, ignoring.stderr);
    assert.match(ignoring.stdout, /^## Environment parity: dev and prod/);
    assert.match(ignoring.stdout, /\| `dialpad:CallSubscription` missed-calls \| prod \|/);
    assert.doesNotMatch(ignoring.stdout, /\| Property \||app-dev|"123"/, "no property differs once the per-environment ones are ignored");
    for (const secret of Object.values(HOOK_SECRETS)) assert.ok(!ignoring.stdout.includes(secret) && !all.stdout.includes(secret));
  });

  it("reports exactly the out-of-band change in dev and the out-of-band delete in prod, and writes no state", async () => {
    const dev = await outputs("dev");
    const prod = await outputs("prod");
    assert.equal((await dialpad(d.emulatorUrl, "PATCH", `/subscriptions/call/${dev.callSubscriptionId!.value}`, { call_states: ["ringing"] })).status, 200);
    assert.equal((await dialpad(d.emulatorUrl, "PATCH", `/webhooks/${dev.webhookId!.value}`, { secret: OUT_OF_BAND_SECRET })).status, 200);
    assert.equal((await dialpad(d.emulatorUrl, "DELETE", `/subscriptions/sms/${prod.smsSubscriptionId!.value}`)).status, 200);
    const before = { dev: fs.readFileSync(d.stateFile("dev")), prod: fs.readFileSync(d.stateFile("prod")) };

    const run = await drift("--stacks", "dev,prod", "--json");
    assert.equal(run.code, 2, run.stderr);
    const report = driftReport(run.stdout);
    assert.equal(report.status, "drifted");
    assert.deepEqual(stackOf(report, "dev").resources.map(({ type, name, id, drift: kind, properties }) => ({ type, name, id, kind, properties })), [
      {
        type: "dialpad:CallSubscription", name: "calls", id: dev.callSubscriptionId!.value, kind: "changed",
        properties: [{ name: "callStates", declared: ["hangup", "ringing"], live: ["ringing"], secret: false }],
      },
      {
        type: "dialpad:Webhook", name: "ops", id: dev.webhookId!.value, kind: "changed",
        properties: [{ name: "secret", declared: "[secret]", live: "[secret]", secret: true }],
      },
    ]);
    assert.deepEqual(stackOf(report, "prod").resources.map(({ type, name, id, drift: kind, properties }) => ({ type, name, id, kind, properties })), [
      { type: "dialpad:SmsSubscription", name: "sms", id: prod.smsSubscriptionId!.value, kind: "deleted", properties: [] },
    ]);
    assert.match(run.stderr, /drift: dev: 2 resource\(s\) drifted/);
    assert.match(run.stderr, /drift: prod: 1 resource\(s\) drifted/);
    for (const text of [run.stdout, run.stderr]) {
      assert.ok(!text.includes(OUT_OF_BAND_SECRET) && !text.includes(HOOK_SECRETS.dev!), "no secret is printed");
    }

    assert.ok(before.dev.equals(fs.readFileSync(d.stateFile("dev"))), "dev's state file is byte for byte the same");
    assert.ok(before.prod.equals(fs.readFileSync(d.stateFile("prod"))), "prod's state file is byte for byte the same");

    // What a person reads, with the CLI found through --pulumi rather than PATH.
    const { PATH: _withPulumi, ...envWithoutPulumi } = d.env;
    const md = await runCli(["drift", "--cwd", d.projectDir, "--markdown", "--pulumi", d.binDir], envWithoutPulumi);
    assert.equal(md.code, 2, md.stderr);
    assert.match(md.stdout, /Drift: 2 of 2 stack\(s\) drifted/);
    assert.match(md.stdout, /\| `dialpad:CallSubscription` calls \| changed \| `callStates` \| `\["hangup","ringing"\]` \| `\["ringing"\]` \|/);
    assert.match(md.stdout, /\| `dialpad:SmsSubscription` sms \| deleted out of band \|/);
    assert.match(md.stdout, /Not checked: `cinnox:InboundSmsSubscription` inbound: Cinnox has no endpoint/);
    assert.ok(before.dev.equals(fs.readFileSync(d.stateFile("dev"))) && before.prod.equals(fs.readFileSync(d.stateFile("prod"))));
  });

  it("exits 1 with the reason when a stack cannot be checked, still reporting the others", async () => {
    const missing = await drift("--stacks", "dev,staging", "--json");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /drift: error: .*staging/);
    const unknown = driftReport(missing.stdout);
    assert.equal(unknown.status, "error");
    assert.match(unknown.error ?? "", /staging/);

    // One listing answered 403: the stacks are checked concurrently, so whichever lists webhooks first cannot
    // be checked, and the other is still checked and reported.
    await addFault(d.emulatorUrl, { method: "GET", path: "/api/v2/webhooks", status: 403, count: 1 });
    try {
      const run = await drift("--json");
      assert.equal(run.code, 1, run.stderr);
      const report = driftReport(run.stdout);
      assert.equal(report.status, "error");
      const failed = report.stacks.filter((s) => s.status === "error");
      assert.equal(failed.length, 1, "exactly one stack could not be checked");
      const [broken] = failed as [StackDrift];
      const webhookId = (await outputs(broken.stack)).webhookId!.value as string;
      assert.match(broken.error ?? "", new RegExp(`dialpad:Webhook ${webhookId}: Dialpad GET /api/v2/webhooks failed 403`));
      assert.match(run.stderr, new RegExp(`drift: error: ${broken.stack}: .*403`));
      const other = report.stacks.find((s) => s.stack !== broken.stack);
      assert.equal(other?.status, "drifted", "the other stack is still checked and reported");
    } finally {
      await clearFaults(d.emulatorUrl);
    }
  });
});
