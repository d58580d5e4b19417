// End-to-end: the scheduled job of examples/multi-env, exactly as its README runs it (`drift --stacks dev,prod
// --unmanaged --markdown`), on the real engine: dev and prod share one Dialpad company, so one listing is compared
// with both stacks' state; an object made out of band is reported (exit 2) and nothing is written. Then the same
// key with `dialpad:companyId` in one stack only: Dialpad answers the same company for both, so they are one account.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { multiEnv } from "../../examples/multi-env/program";
import { ReportSchema, type DriftReport } from "../../cli/drift/schema";
import { repoRoot } from "../../scripts/engine";
import { outOfBand } from "../helpers/emulator";
import { deploy, runCli, type Deployment } from "./drift-fixture";

const EXAMPLE = path.join(repoRoot, "examples", "multi-env");

/** The arguments of the job's `npx pulumi-dialpad-cinnox drift ...` line in the example's README. */
function jobArgs(): string[] {
  const readme = fs.readFileSync(path.join(EXAMPLE, "README.md"), "utf8");
  const line = /^ {10}npx pulumi-dialpad-cinnox (drift [^>\n]*?)\s*>/m.exec(readme);
  assert.ok(line, "the README's job runs the drift command");
  return line[1]!.split(/\s+/);
}

/** The example's dev and prod stacks deployed (each with its webhook secret), plus any config of `more`. */
function deployBoth(more: (stack: string) => Record<string, { value: string; secret?: boolean }> = () => ({})): Promise<Deployment> {
  return deploy({
    example: EXAMPLE,
    projectName: "dialpad-cinnox-multi-env",
    stackNames: ["dev", "prod"],
    program: async () => multiEnv(),
    config: (stack) => ({ hookSecret: { value: `${stack}-hook-secret-1`, secret: true }, ...more(stack) }),
  });
}

describe("e2e: the multi-env scheduled job with drift --unmanaged (CLI subprocess, real engine)", function () {
  this.timeout(300_000);
  let d: Deployment;

  before(async () => {
    d = await deployBoth();
  });

  after(async () => {
    await d?.close();
  });

  it("is clean after `pulumi up` of both stacks, then reports exactly the subscription made out of band (exit 2)", async () => {
    const args = jobArgs();
    assert.deepEqual(args, ["drift", "--stacks", "dev,prod", "--unmanaged", "--markdown"]);
    const clean = await runCli([...args, "--cwd", d.projectDir], d.env);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /## Unmanaged objects\n\nUnmanaged: 0 of 7 Dialpad object\(s\) managed by no checked stack/);
    assert.match(clean.stdout, /### Dialpad at http\\:\/\/127\.0\.0\.1:\d+ \(company 1001\), stacks dev, prod\n\nNone of the 7 listed objects is unmanaged\./);

    const hook = (await d.stacks.prod!.outputs()).webhookId!.value as string;
    const made = await outOfBand(d.emulatorUrl, { method: "POST", path: "/api/v2/subscriptions/sms", body: { webhook_id: hook, direction: "outbound" } });
    const id = (made.body as { id: string }).id;
    const states = ["dev", "prod"].map((s) => fs.readFileSync(d.stateFile(s)));

    const found = await runCli(["drift", "--stacks", "dev,prod", "--unmanaged", "--json", "--cwd", d.projectDir], d.env);
    assert.equal(found.code, 2, found.stderr);
    const report = ReportSchema.parse(JSON.parse(found.stdout)) as DriftReport;
    assert.equal(report.status, "clean", "no drift: only an unmanaged object");
    assert.deepEqual(report.unmanaged?.accounts.map((a) => ({ stacks: a.stacks, listed: a.listed, objects: a.objects })), [
      { stacks: ["dev", "prod"], listed: 8, objects: [{ type: "dialpad:SmsSubscription", id, label: `to webhook ${hook}` }] },
    ]);
    assert.ok(["dev", "prod"].every((s, i) => states[i]!.equals(fs.readFileSync(d.stateFile(s)))), "the state files are unchanged");
  });
});

describe("e2e: drift --unmanaged, one key, dialpad:companyId in one stack only (CLI subprocess, real engine)", function () {
  this.timeout(300_000);
  let d: Deployment;

  before(async () => {
    // The emulator's default key acts for company 1001: prod says so in its config, dev does not.
    d = await deployBoth((stack): Record<string, { value: string }> => (stack === "prod" ? { "dialpad:companyId": { value: "1001" } } : {}));
  });

  after(async () => {
    await d?.close();
  });

  it("counts every object once and reports none unmanaged (exit 0), from the company Dialpad answers", async () => {
    const run = await runCli(["drift", "--stacks", "dev,prod", "--unmanaged-only", "--json", "--cwd", d.projectDir], d.env);
    assert.equal(run.code, 0, `${run.stderr}\n${run.stdout}`);
    const report = ReportSchema.parse(JSON.parse(run.stdout)) as DriftReport;
    assert.deepEqual(report.unmanaged?.accounts.map((a) => ({ companyId: a.companyId, stacks: a.stacks, listed: a.listed, objects: a.objects })), [
      { companyId: "1001", stacks: ["dev", "prod"], listed: 7, objects: [] },
    ]);
    assert.match(run.stderr, /unmanaged: Dialpad at \S+ answers company 1001 for the credentials of dev\n/);
    assert.match(run.stderr, /unmanaged: Dialpad at \S+ answers company 1001 for the credentials of prod\n/);
  });
});
