// End-to-end: a team's shared self-managed backend. The stacks of examples/multi-env live in PostgreSQL
// (`pulumi login postgres://…`, a server from Debian's packages started by scripts/setup-postgres.sh), not in
// files: `pulumi up` of two stacks, `drift` and `drift --compare` across them, `import` and `drift --unmanaged-only`
// from a stack's config, all as a user runs them; then two `pulumi up` of one new stack from two checkouts at the
// same moment: the backend's lock refuses the one that comes second and the vendor holds each object once.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { CommandError, type Stack, type UpResult } from "@pulumi/pulumi/automation";
import { multiEnv } from "../../examples/multi-env/program";
import { ImportReportSchema } from "../../cli/import/command";
import { ReportSchema, type CompareReport, type DriftReport } from "../../cli/drift/schema";
import { emulatorConfig, openStack, repoRoot, runCli as runPulumi } from "../../scripts/engine";
import { adminState, dialpad, outOfBand } from "../helpers/emulator";
import { deploy, runCli, type Deployment } from "./drift-fixture";

const run = promisify(execFile);
const EXAMPLE = path.join(repoRoot, "examples", "multi-env");
const PROJECT = "dialpad-cinnox-multi-env";
const SETUP = path.join(repoRoot, "scripts", "setup-postgres.sh");

/** What Pulumi's DIY backend prints when a stack's lock is held (pkg/backend/diy/lock.go). */
const LOCKED =
  /error: the stack is currently locked by 1 lock\(s\)\. Either wait for the other process\(es\) to end or delete the lock file with `pulumi cancel`\./;

interface Postgres {
  dir: string;
  url: string;
  password: string;
  psql: string;
  env: Record<string, string>;
}

/** Every Dialpad object id the vendor holds. */
async function vendorIds(url: string): Promise<string[]> {
  const { dialpad: d } = await adminState(url);
  const ids = [...d.webhooks, ...d.websockets, ...Object.values(d.subscriptions).flat(), ...Object.values(d.eventSubscriptions).flat()]
    .map((o) => String((o as { id: string | number }).id));
  return ids.sort();
}

/** The Dialpad ids a stack's state holds (every dynamic resource but the Cinnox ones, which have no vendor id to list). */
async function stateIds(stack: Stack): Promise<string[]> {
  const { deployment } = await stack.exportStack();
  const resources = (deployment as { resources?: { type: string; id?: string }[] }).resources ?? [];
  return resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/dialpad:")).map((r) => String(r.id));
}

describe("e2e: stacks in a self-managed PostgreSQL backend (pulumi login postgres://…, real engine)", function () {
  this.timeout(600_000);
  let pg: Postgres | undefined;
  let d: Deployment;
  const extraRoots: string[] = [];

  /** Rows of Pulumi's table: key, a digest of the data and when it was written. */
  const rows = async (): Promise<Map<string, string>> => {
    const sql = "SELECT key || ' ' || md5(data::text) || ' ' || updated_at FROM pulumi_state ORDER BY key";
    const { stdout } = await run(pg!.psql, ["-X", "-A", "-t", "-c", sql], { env: { ...process.env, ...pg!.env } });
    return new Map(stdout.trim().split("\n").map((line) => [line.split(" ")[0]!, line]));
  };

  before(async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-dialpad-cinnox-pg-"));
    const password = randomBytes(12).toString("hex");
    let out: string;
    try {
      ({ stdout: out } = await run("bash", [SETUP, "start", dir], { env: { ...process.env, PGPASSWORD: password }, encoding: "utf8" }));
    } catch (err) {
      const e = err as { code?: number; stderr?: string };
      // A server that started before a later step failed is stopped too.
      await run("bash", [SETUP, "stop", dir]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
      // Only where PostgreSQL truly cannot be installed (not root, no apt-get, apt-get failing), and never
      // in CI, which runs as root with Debian's packages: the reason is printed.
      if (e.code === 3 && process.env.CI !== "true") {
        const reason = (e.stderr ?? "").trim().split("\n").pop();
        console.warn(`      skipped: no PostgreSQL server for the self-managed backend test: ${reason}`);
        this.skip();
      }
      throw new Error(`scripts/setup-postgres.sh start failed: ${e.stderr ?? String(err)}`, { cause: err });
    }
    const vars = Object.fromEntries(out.trim().split("\n").map((l) => l.split("=", 2) as [string, string]));
    const env = { PGHOST: vars.PGHOST!, PGPORT: vars.PGPORT!, PGUSER: vars.PGUSER!, PGDATABASE: vars.PGDATABASE!, PGPASSWORD: password };
    // The README's form: the password in PGPASSWORD, not in the URL.
    const url = `postgres://${env.PGUSER}@${env.PGHOST}:${env.PGPORT}/${env.PGDATABASE}?sslmode=disable`;
    pg = { dir, url, password, psql: vars.PSQL!, env };

    d = await deploy({
      example: EXAMPLE,
      projectName: PROJECT,
      stackNames: ["dev", "prod"],
      program: async () => multiEnv(),
      config: (stack) => ({ hookSecret: { value: `${stack}-hook-secret-1`, secret: true } }),
      env: { PULUMI_BACKEND_URL: url, PGPASSWORD: password },
    });
  });

  after(async () => {
    await d?.close();
    for (const root of extraRoots) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    if (pg) {
      await run("bash", [SETUP, "stop", pg.dir]).catch((err: { stderr?: string }) => console.warn(`setup-postgres.sh stop: ${err.stderr ?? String(err)}`));
      fs.rmSync(pg.dir, { recursive: true, force: true });
    }
  });

  // A user's shell after `pulumi login postgres://…`: PULUMI_BACKEND_URL or the login stored in PULUMI_HOME.
  const cli = (...args: string[]) => runCli([...args, "--cwd", d.projectDir], d.env);

  it("`pulumi up` of dev and prod keeps both stacks in PostgreSQL, none in files, and the vendor holds exactly their objects", async () => {
    const keys = [...(await rows()).keys()];
    for (const stack of ["dev", "prod"]) {
      assert.ok(keys.some((k) => k.endsWith(`/.pulumi/stacks/${PROJECT}/${stack}.json`)), `the table holds ${stack}'s state: ${keys.join(", ")}`);
    }
    const fileBackend = path.join(d.root, "backend");
    assert.deepEqual(fs.existsSync(fileBackend) ? fs.readdirSync(fileBackend) : [], [], "nothing is written to a file backend");

    const { stdout: whoami } = await run(path.join(d.binDir, "pulumi"), ["whoami", "--verbose"], { env: { ...process.env, ...d.env }, cwd: d.projectDir });
    assert.match(whoami, new RegExp(`Backend URL: postgres://pulumi@127\\.0\\.0\\.1:${pg!.env.PGPORT}/pulumi\\?sslmode=disable`));
    const ls = await runPulumi(d.stacks.dev!, ["stack", "ls"]);
    assert.match(ls, /^dev\b/m);
    assert.match(ls, /^prod\b/m);

    const declared = [...(await stateIds(d.stacks.dev!)), ...(await stateIds(d.stacks.prod!))].sort();
    assert.equal(declared.length, 7, "dev: webhook and 2 subscriptions; prod: webhook and 3 subscriptions");
    assert.deepEqual(await vendorIds(d.emulatorUrl), declared);
  });

  it("drift and drift --compare read both stacks from PostgreSQL, through PULUMI_BACKEND_URL or `pulumi login`, and write no state", async () => {
    const clean = await cli("drift", "--json");
    assert.equal(clean.code, 0, clean.stderr);
    const cleanReport = ReportSchema.parse(JSON.parse(clean.stdout)) as DriftReport;
    assert.equal(cleanReport.status, "clean");
    assert.deepEqual(cleanReport.stacks.map((s) => s.stack).sort(), ["dev", "prod"], "every stack the backend holds");

    const dev = await d.stacks.dev!.outputs();
    assert.equal((await dialpad(d.emulatorUrl, "PATCH", `/subscriptions/call/${dev.callSubscriptionId!.value}`, { call_states: ["ringing"] })).status, 200);
    const before = await rows();

    // `pulumi login postgres://…` once, then no PULUMI_BACKEND_URL: the CLI finds the backend the login stored.
    const { PULUMI_BACKEND_URL: _url, ...loggedInEnv } = d.env;
    await run(path.join(d.binDir, "pulumi"), ["login", pg!.url], { env: { ...process.env, ...loggedInEnv }, cwd: d.projectDir });
    const drifted = await runCli(["drift", "--cwd", d.projectDir, "--json"], loggedInEnv);
    assert.equal(drifted.code, 2, drifted.stderr);
    const report = ReportSchema.parse(JSON.parse(drifted.stdout)) as DriftReport;
    assert.deepEqual(report.stacks.map((s) => ({ stack: s.stack, drifted: s.resources.map((r) => `${r.type} ${r.name} ${r.drift}`) })), [
      { stack: "dev", drifted: ["dialpad:CallSubscription calls changed"] },
      { stack: "prod", drifted: [] },
    ]);

    const compare = await cli("drift", "--compare", "dev,prod", "--json");
    assert.equal(compare.code, 2, compare.stderr);
    const parity = ReportSchema.parse(JSON.parse(compare.stdout)) as CompareReport;
    assert.equal(parity.command, "compare");
    assert.deepEqual(parity.onlyInRight, [{ type: "dialpad:CallSubscription", name: "missed-calls" }]);
    assert.deepEqual(parity.differences.map((r) => `${r.type} ${r.name}: ${r.properties.map((p) => p.name).join(",")}`), [
      "dialpad:CallSubscription calls: targetId",
      "cinnox:InboundSmsSubscription inbound: appId",
    ]);

    assert.deepEqual(await rows(), before, "no row of the backend was written by drift");
    for (const out of [clean, drifted, compare]) {
      const text = `${out.stdout}${out.stderr}`;
      assert.ok(!text.includes(pg!.password) && !text.includes("hook-secret-1"), "no password or secret is printed");
    }
    // Put dev back for the tests below.
    await d.stacks.dev!.up({ color: "never" });
  });

  it("import takes the credentials from a stack held in PostgreSQL; drift --unmanaged-only finds the one object no stack manages", async () => {
    const made = await outOfBand(d.emulatorUrl, { method: "POST", path: "/api/v2/webhooks", body: { hook_url: "https://crm.acme.io/hooks/dialpad" } });
    const id = (made.body as { id: string }).id;
    try {
      const imported = await cli("import", "--out", "existing.ts", "--stack", "prod", "--json");
      assert.equal(imported.code, 0, imported.stderr);
      const report = ImportReportSchema.parse(JSON.parse(imported.stdout));
      assert.equal(report.credentials, "stack prod", "the prod stack's config, secrets decrypted from the backend's stack");
      assert.equal(report.resources.length, 8, "the 7 objects of dev and prod and the one made out of band");
      assert.ok(report.resources.some((r) => r.id === id && r.type === "dialpad:Webhook"));
      assert.match(fs.readFileSync(path.join(d.projectDir, "existing.ts"), "utf8"), /hookUrl: "https:\/\/crm\.acme\.io\/hooks\/dialpad"/);

      const unmanaged = await cli("drift", "--unmanaged-only", "--json");
      assert.equal(unmanaged.code, 2, unmanaged.stderr);
      const found = ReportSchema.parse(JSON.parse(unmanaged.stdout)) as DriftReport;
      assert.deepEqual(found.unmanaged?.accounts.map((a) => ({ stacks: a.stacks, objects: a.objects })), [
        { stacks: ["dev", "prod"], objects: [{ type: "dialpad:Webhook", id, label: "crm.acme.io/hooks/dialpad" }] },
      ]);
    } finally {
      assert.equal((await dialpad(d.emulatorUrl, "DELETE", `/webhooks/${id}`)).status, 200);
      fs.rmSync(path.join(d.projectDir, "existing.ts"), { force: true });
    }
  });

  it("two `pulumi up` of one stack at the same moment: the backend's lock refuses one, and the vendor holds each object once", async () => {
    // Two CI runners: two checkouts of the project, each with its own PULUMI_HOME, one backend.
    const config = {
      ...emulatorConfig(d.emulatorUrl, { receiverUrl: d.receiverUrl, officeId: "789", cinnoxAppId: "app-ci" }),
      hookSecret: { value: "ci-hook-secret-1", secret: true },
    };
    const runner = async (n: number, checkout: "the project" | "a copy"): Promise<Stack> => {
      const root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", `e2e-pg-runner${n}-`));
      extraRoots.push(root);
      const workDir = checkout === "the project" ? d.projectDir : path.join(root, "project");
      // The copy holds Pulumi.ci.yaml as the first runner wrote it (config and the passphrase's salt), as a clone would.
      if (checkout === "a copy") fs.cpSync(d.projectDir, workDir, { recursive: true });
      return openStack({
        stackName: "ci", stateDir: root, workDir, projectName: PROJECT, program: async () => multiEnv(), config,
        env: { PULUMI_BACKEND_URL: pg!.url, PGPASSWORD: pg!.password },
      });
    };
    const first = await runner(1, "the project");
    const second = await runner(2, "a copy");
    const before = await vendorIds(d.emulatorUrl);

    // Pulumi's lock is check, write, check again (pkg/backend/diy/lock.go): when both writes land within the
    // same few milliseconds each sees the other's lock and both back off, changing nothing. Then, as a CI
    // job's retry would, the pair is started again.
    let winner: UpResult | undefined;
    let message = "";
    for (let round = 1; winner === undefined; round++) {
      assert.ok(round <= 5, "one up of the pair ran within 5 rounds");
      const results = await Promise.allSettled([first.up({ color: "never" }), second.up({ color: "never" })]);
      const succeeded = results.filter((r): r is PromiseFulfilledResult<UpResult> => r.status === "fulfilled");
      const messages = results.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof CommandError ? r.reason.message : String(r.reason)] : []));
      assert.ok(succeeded.length < 2, "never two ups of one stack at once");
      for (const m of messages) assert.match(m, LOCKED, "a refused up is refused by the lock");
      if (succeeded.length === 0) {
        assert.deepEqual(await vendorIds(d.emulatorUrl), before, "both backed off: nothing was made");
        continue;
      }
      winner = succeeded[0]!.value;
      message = messages[0]!;
    }
    assert.equal(winner.summary.result, "succeeded");
    assert.equal(winner.summary.resourceChanges?.create, 5, "the stack, 3 Dialpad resources and the Cinnox subscription");
    assert.match(message, LOCKED);
    // The lock is named by its key in the backend (the URL's user masked), the holder by user, host and pid.
    assert.match(message, new RegExp(
      `  postgres://\\*{4}:\\*{4}@127\\.0\\.0\\.1:${pg!.env.PGPORT}/pulumi/\\.pulumi/locks/organization/${PROJECT}/ci/[0-9a-f-]+\\.json\\?sslmode=disable: created by \\S+@\\S+ \\(pid \\d+\\) at `,
    ));
    assert.ok(!message.includes(pg!.password));
    console.log(`      the refused up printed: ${message.split("\n").filter((l) => /locked|created by/.test(l)).map((l) => l.trim()).filter((l, i, all) => all.indexOf(l) === i).join(" / ")}`);

    // Each object once: the vendor holds what the three stacks declare, the ci stack's 3 Dialpad objects added once.
    const ci = await stateIds(first);
    assert.equal(ci.length, 3, "ci: webhook, call and SMS subscriptions");
    const declared = [...(await stateIds(d.stacks.dev!)), ...(await stateIds(d.stacks.prod!)), ...ci].sort();
    assert.deepEqual(await vendorIds(d.emulatorUrl), declared);
    assert.deepEqual((await vendorIds(d.emulatorUrl)).filter((id) => !before.includes(id)).sort(), [...ci].sort());
    // The refused runner sees what the other one deployed: nothing left to do.
    const preview = await second.preview({ color: "never" });
    assert.deepEqual(preview.changeSummary, { same: 5 }, "the stack, 3 Dialpad resources and the Cinnox subscription");
    assert.equal([...(await rows()).keys()].filter((k) => k.includes("/.pulumi/locks/")).length, 0, "no lock is left behind");
  });
});
