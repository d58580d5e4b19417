// One seeded killed run on the real engine, for the e2e test and bench/killed-runs.ts: a program declaring every
// kind of the registry (rows checked against RESOURCE_KINDS by the compiler), foreign objects made before (exact
// twins included), the emulator's hostile faults on; an `up`, an update or a `destroy` is killed (SIGKILL, SIGINT or
// SIGTERM to the process group of the `pulumi` CLI and its provider) at a random moment after its first vendor
// request; then the documented recovery (`pulumi cancel`, `npx pulumi-dialpad-cinnox recover --yes`) and `pulumi up`.
// The vendor must then hold exactly the declared objects (no duplicate, no orphan), every foreign object byte for
// byte as before, and no secret may appear in anything printed.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { cinnox, dialpad } from "pulumi-dialpad-cinnox";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, startEmulator, type RunningEmulator } from "../../emulator";
import { seededRandom } from "../../emulator/faults";
import { journalDir } from "../../provider/journal";
import { kindOfType, type ResourceKind } from "../../provider/registry";
import { emulatorConfig, engineEnv, openStack, provisionEngine, repoRoot } from "../../scripts/engine";
import { addFault, adminRequests, adminState, clearFaults, resetEmulator } from "../helpers/emulator";
import { startRun, type RunResult } from "../helpers/killable-run";
import { startChallengeReceiver, type ChallengeReceiver } from "../unit/provider/cinnox/challenge-receiver";
import {
  assertForeignUntouched, declaredObject, makeForeign, snapshotForeign, sortObjects, twinRequest, vendorObjects, type ForeignObject, type VendorObject,
} from "../unit/reliability/harness";
import { CLI } from "./drift-fixture";

export const SECRETS = {
  hook: "kr-hook-secret-5071",
  ws: "kr-ws-secret-9313",
  legacy: "kr-legacy-secret-2288",
  foreign: "kr-foreign-secret-6402",
};
const ALL_SECRETS = [...Object.values(SECRETS), DEFAULT_DIALPAD_API_KEY, DEFAULT_CINNOX_APP_TOKEN];

export type Phase = "up" | "update" | "destroy";
export const PHASES: readonly Phase[] = ["up", "update", "destroy"];
export const SIGNALS: readonly NodeJS.Signals[] = ["SIGKILL", "SIGINT", "SIGTERM"];

const APP = "app-kr";
const FOREIGN_APP = "app-foreign";
const WEBHOOKS = 6;

/** One row per kind of the registry: adding a kind makes the compiler ask for its row here. */
type Rows = Record<ResourceKind, (o: { v: number; url: string; hooks: dialpad.Webhook[]; ws: dialpad.Websocket }) => void>;

/** The program: every kind, `v` the version of the declared values (an update changes them). */
export function program(receiverUrl: string, v: number): PulumiFn {
  return async () => {
    const hooks: dialpad.Webhook[] = [];
    for (let i = 0; i < WEBHOOKS; i++) {
      hooks.push(new dialpad.Webhook(`hook-${i}`, {
        hookUrl: `https://ops.example.com/kr/${i}${v > 1 ? `?v=${v}` : ""}`,
        ...(i === 0 ? { secret: pulumi.secret(SECRETS.hook) } : {}),
      }));
    }
    const ws = new dialpad.Websocket("stream", { secret: pulumi.secret(SECRETS.ws) });
    const cinnoxRow = (C: new (name: string, args: { appId: string; url: string }) => unknown, name: string) => () =>
      void new C(`cinnox-${name}`, { appId: APP, url: `${receiverUrl}/${name}${v > 1 ? `?v=${v}` : ""}` });
    const rows: Rows = {
      "dialpad:Webhook": () => undefined,
      "dialpad:Websocket": () => undefined,
      "dialpad:CallSubscription": (o) =>
        void new dialpad.CallSubscription("calls", { webhookId: o.hooks[1]!.id, callStates: o.v > 1 ? ["ringing", "hangup"] : ["ringing"], targetType: "office", targetId: 123 }),
      "dialpad:SmsSubscription": (o) => void new dialpad.SmsSubscription("sms", { webhookId: o.hooks[2]!.id, direction: o.v > 1 ? "all" : "inbound" }),
      "dialpad:ContactSubscription": (o) => void new dialpad.ContactSubscription("contacts", { websocketId: o.ws.id, contactType: o.v > 1 ? "local" : "shared" }),
      "dialpad:AgentStatusSubscription": (o) => void new dialpad.AgentStatusSubscription("agents", { webhookId: o.hooks[3]!.id, agentType: "callcenter", enabled: o.v === 1 }),
      "dialpad:ChangelogSubscription": (o) => void new dialpad.ChangelogSubscription("changes", { webhookId: o.hooks[4]!.id, enabled: o.v === 1 }),
      "dialpad:LegacySmsEventSubscription": (o) =>
        void new dialpad.LegacySmsEventSubscription("legacy-sms", { hookId: "kr-sms", url: `https://ops.example.com/kr/sms${o.v > 1 ? "2" : ""}`, direction: "all", secret: pulumi.secret(SECRETS.legacy) }),
      "dialpad:LegacyCallEventSubscription": (o) =>
        void new dialpad.LegacyCallEventSubscription("legacy-call", { hookId: "kr-call", url: `https://ops.example.com/kr/call${o.v > 1 ? "2" : ""}`, callStates: ["hangup"] }),
      "cinnox:InboundSmsSubscription": cinnoxRow(cinnox.InboundSmsSubscription, "inbound-sms"),
      "cinnox:OutboundSmsSubscription": cinnoxRow(cinnox.OutboundSmsSubscription, "outbound-sms"),
      "cinnox:CallSubscription": cinnoxRow(cinnox.CallSubscription, "call"),
      "cinnox:EnquirySubscription": cinnoxRow(cinnox.EnquirySubscription, "enquiry"),
      "cinnox:EnquiryLabelSubscription": cinnoxRow(cinnox.EnquiryLabelSubscription, "enquiry-label"),
      "cinnox:LabelSubscription": cinnoxRow(cinnox.LabelSubscription, "label"),
      "cinnox:ContactSubscription": cinnoxRow(cinnox.ContactSubscription, "contact"),
      "cinnox:ExternalContactSubscription": cinnoxRow(cinnox.ExternalContactSubscription, "external-contact"),
      "cinnox:StaffContactSubscription": cinnoxRow(cinnox.StaffContactSubscription, "staff-contact"),
    };
    for (const row of Object.values(rows)) row({ v, url: receiverUrl, hooks, ws });
    return { hook0: hooks[0]!.id };
  };
}

export interface World {
  emulator: RunningEmulator;
  receiver: ChallengeReceiver;
  root: string;
  projectDir: string;
  env: Record<string, string>;
  stackName: string;
  stack(v: number): Promise<Stack>;
  close(): Promise<void>;
}

/** An emulator, a Cinnox challenge receiver and a project with a file backend and PULUMI_HOME of its own. */
export async function openWorld(name: string, programOf: (receiverBase: string, v: number) => PulumiFn = program): Promise<World> {
  fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
  const root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", `e2e-killed-${name}-`));
  const projectDir = path.join(root, "project");
  const emulator = await startEmulator({ port: 0, rateLimits: false });
  const receiver = await startChallengeReceiver();
  const { binDir } = await provisionEngine();
  const env = engineEnv(binDir, root);
  const world: World = {
    emulator, receiver, root, projectDir, env, stackName: "killed",
    stack: (v: number) =>
      openStack({
        stackName: world.stackName, stateDir: root, workDir: projectDir, projectName: "dialpad-cinnox-killed",
        program: programOf(receiver.url.replace(/\/cinnox$/, ""), v), config: emulatorConfig(emulator.url),
      }),
    close: async () => {
      await receiver.close();
      await emulator.close();
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  await world.stack(1);
  return world;
}

const exec = promisify(execFile);

/** A command as the user runs it in the project, with everything it printed; never throws. */
async function sh(world: World, file: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await exec(file, args, { cwd: world.projectDir, env: { ...process.env, ...world.env }, encoding: "utf8", maxBuffer: 64 << 20, timeout: 240_000 });
    return { code: 0, out: `${r.stdout}${r.stderr}` };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string; message?: string };
    return { code: typeof e.code === "number" ? e.code : 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}${e.message ?? ""}` };
  }
}

export const pulumiCmd = (world: World, args: string[]) => sh(world, "pulumi", [...args, "--stack", world.stackName, "--non-interactive"]);
export const driftCmd = (world: World, args: string[]) => sh(world, process.execPath, [CLI, "drift", "--cwd", world.projectDir, ...args]);
export const recoverCmd = (world: World, args: string[]) =>
  sh(world, process.execPath, [CLI, "recover", "--cwd", world.projectDir, "--stack", world.stackName, ...args]);

/** The stack's resources of this package with their inputs in clear (secrets decrypted: kept in this process). */
export async function stackResources(world: World): Promise<{ kind: ResourceKind; id: string; urn: string; inputs: Record<string, unknown> }[]> {
  const r = await pulumiCmd(world, ["stack", "export", "--show-secrets"]);
  assert.equal(r.code, 0, r.out);
  const d = (JSON.parse(r.out.slice(r.out.indexOf("{"))) as { deployment: { resources?: { urn: string; type: string; id?: string; inputs?: Record<string, unknown> }[] } }).deployment;
  const plain = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if ("4dabf18193072939515e22adb298388d" in o) return typeof o.plaintext === "string" ? plain(JSON.parse(o.plaintext)) : plain(o.value);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
    }
    return v;
  };
  return (d.resources ?? []).flatMap((r) => {
    const kind = kindOfType(r.type);
    return kind && r.id ? [{ kind, id: r.id, urn: r.urn, inputs: plain(r.inputs ?? {}) as Record<string, unknown> }] : [];
  });
}

export async function pendingOps(world: World): Promise<{ type: string; urn: string }[]> {
  const r = await pulumiCmd(world, ["stack", "export"]);
  assert.equal(r.code, 0, r.out);
  const d = (JSON.parse(r.out.slice(r.out.indexOf("{"))) as { deployment: { pending_operations?: { type: string; resource: { urn: string } }[] } }).deployment;
  return (d.pending_operations ?? []).map((o) => ({ type: o.type, urn: o.resource.urn }));
}

/** Objects someone else made before the stack: an exact twin of a declared webhook, other objects, another app's subscription. */
export async function makeForeignObjects(url: string, receiverBase: string): Promise<ForeignObject[]> {
  const out: ForeignObject[] = [];
  // Exact twins of declared objects (made before: below every mark, so never a candidate).
  out.push(await makeForeign(url, "dialpad:Webhook", twinRequest("dialpad:Webhook", { hookUrl: "https://ops.example.com/kr/1" })));
  out.push(await makeForeign(url, "dialpad:Webhook", twinRequest("dialpad:Webhook", { hookUrl: "https://ops.example.com/kr/0", secret: SECRETS.hook })));
  out.push(await makeForeign(url, "dialpad:Webhook", twinRequest("dialpad:Webhook", { hookUrl: "https://elsewhere.example.com/x", secret: SECRETS.foreign })));
  out.push(await makeForeign(url, "dialpad:Websocket", twinRequest("dialpad:Websocket", { secret: SECRETS.ws })));
  out.push(await makeForeign(url, "dialpad:LegacySmsEventSubscription",
    twinRequest("dialpad:LegacySmsEventSubscription", { hookId: "foreign-sms", url: "https://ops.example.com/kr/sms", enabled: true, direction: "all" })));
  out.push(await makeForeign(url, "cinnox:InboundSmsSubscription",
    twinRequest("cinnox:InboundSmsSubscription", { appId: FOREIGN_APP, url: `${receiverBase}/foreign`, enabled: true })));
  return out;
}

/** The emulator's hostile faults, seeded: errors, lost answers after apply, slow answers, on every method. */
export async function hostileFaults(url: string, seed: number): Promise<void> {
  await addFault(url, { status: 503, rate: 0.06, seed });
  await addFault(url, { status: 500, apply: "after", rate: 0.04, seed: seed + 1 });
  await addFault(url, { reset: "after", rate: 0.04, seed: seed + 2 });
  await addFault(url, { status: 429, retryAfter: 1, rate: 0.03, seed: seed + 3 });
}

export interface Outcome {
  seed: number;
  phase: Phase;
  signal: NodeJS.Signals;
  killAfterMs: number;
  /** How the killed run ended: by the signal, or it finished first (exit code). */
  ended: string;
  pendingAfterKill: number;
  recoverCode: number;
  imported: number;
  cleared: number;
  duplicates: number;
  orphans: number;
  /** Declared objects the vendor lacks (or holds with other values), e.g. a Cinnox subscription left off. */
  missing: number;
  foreignChanged: number;
  secretsFound: number;
}

const mentions = (text: string, secrets: readonly string[]) => secrets.filter((s) => text.includes(s)).length;

/**
 * One seed: its phase, signal and moment drawn from the seed. Throws on any broken promise (duplicates, orphans,
 * a foreign object changed, a secret printed, the stack not clean), else returns the counts.
 */
export async function killedRun(
  world: World, seed: number, log: (line: string) => void = () => undefined,
  /** "pulumi": Pulumi's own recovery instead (`pulumi refresh --clear-pending-creates`), counted, not asserted: the baseline. */
  recovery: "recover" | "pulumi" = "recover",
): Promise<Outcome> {
  try {
    return await killedRunOnce(world, seed, log, recovery);
  } catch (err) {
    // Keep the stack's checkpoint files of a seed whose state the engine could not load, for a look afterwards.
    if (/failed to load checkpoint/.test(err instanceof Error ? err.message : String(err))) {
      const dir = path.join(world.root, "backend", ".pulumi", "stacks", "dialpad-cinnox-killed");
      const keep = path.join(repoRoot, ".tmp", `checkpoint-seed-${seed}`);
      fs.mkdirSync(keep, { recursive: true });
      for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) if (f.startsWith(`${world.stackName}.`)) fs.copyFileSync(path.join(dir, f), path.join(keep, f));
    }
    throw err;
  }
}

async function killedRunOnce(world: World, seed: number, log: (line: string) => void, recovery: "recover" | "pulumi"): Promise<Outcome> {
  // Phase and signal from the seed's index (seeds 0..8 cover every pair), the moment from its PRNG.
  const phase = PHASES[seed % PHASES.length]!;
  const signal = SIGNALS[Math.floor(seed / PHASES.length) % SIGNALS.length]!;
  const killAfterMs = Math.floor(seededRandom(seed)() * 1500);
  const url = world.emulator.url;
  const printed: string[] = [];
  await resetEmulator(url);
  // A stack and journal of its own: the previous seed's objects are gone with the reset vendor (whose ids start again).
  world.stackName = `killed-${seed}`;
  fs.rmSync(journalDir({ PULUMI_HOME: world.env.PULUMI_HOME }), { recursive: true, force: true });
  const stack1 = await world.stack(1);
  const foreign = await makeForeignObjects(url, world.receiver.url.replace(/\/cinnox$/, ""));
  const before = await snapshotForeign(url, foreign);
  if (phase !== "up") {
    const up = await stack1.up({ color: "never" });
    printed.push(up.stdout, up.stderr);
  }
  await hostileFaults(url, seed);
  const since = (await adminRequests(url)).length;
  const v = phase === "update" ? 2 : 1;
  const run = await startRun({
    command: phase === "destroy" ? "destroy" : "up", stackName: world.stackName, workDir: world.projectDir, env: world.env,
    program: program(world.receiver.url.replace(/\/cinnox$/, ""), v),
  });
  // The moment: a random time after the run's first vendor request (the engine's startup is not interesting).
  const started = Date.now();
  let result: RunResult | undefined;
  const finished = run.done.then((r) => (result = r));
  while (!result && (await adminRequests(url)).length <= since && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 25));
  await Promise.race([finished, new Promise((r) => setTimeout(r, killAfterMs))]);
  const signalled = !result;
  if (signalled) run.kill(signal);
  // SIGINT/SIGTERM: Pulumi cancels gracefully and waits for operations in flight; a CI runner sends SIGKILL after a grace period.
  const grace = setTimeout(() => run.kill("SIGKILL"), 10_000);
  const ended = await run.done;
  clearTimeout(grace);
  if (signal === "SIGKILL" && signalled) assert.ok(await run.waitGone(10_000), `seed ${seed}: SIGKILL reached the CLI, the plugin and the provider`);
  // After SIGINT/SIGTERM the engine shuts its plugins down; what is left, the runner kills with the job.
  await run.waitGone(3_000);
  run.killLeftovers();
  assert.ok(await run.waitGone(10_000), `seed ${seed}: every process of the killed run exited`);
  printed.push(ended.output);
  const endedText = ended.signal ? `killed by ${ended.signal}` : `exit ${String(ended.code)}`;
  await clearFaults(url);
  // Answers the vendor had in flight land now, as they would while the user reads the error.
  await new Promise((r) => setTimeout(r, 300));
  const pendingAfterKill = (await pendingOps(world)).length;
  log(`seed ${seed}: ${phase} ${signal} after ${killAfterMs} ms: ${endedText}, ${pendingAfterKill} pending operation(s)`);

  // The documented recovery.
  const cancel = await pulumiCmd(world, ["cancel", "--yes"]);
  printed.push(cancel.out);
  let rec: { code: number; out: string };
  let report: { decisions: { action: string }[] } = { decisions: [] };
  if (recovery === "pulumi") {
    rec = await pulumiCmd(world, ["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
    printed.push(rec.out);
  } else {
    const dry = await recoverCmd(world, ["--json"]);
    printed.push(dry.out);
    rec = await recoverCmd(world, ["--yes", "--json"]);
    printed.push(rec.out);
    assert.equal(rec.code, 0, `seed ${seed}: recover --yes leaves the stack clean\n${rec.out}`);
    report = JSON.parse(rec.out.slice(rec.out.indexOf("{"), rec.out.lastIndexOf("}") + 1)) as { decisions: { action: string }[] };
  }
  assert.deepEqual(await pendingOps(world), [], `seed ${seed}: no pending operation left`);
  const stack = await world.stack(v);
  const up = await stack.up({ color: "never" });
  printed.push(up.stdout, up.stderr);

  // The vendor holds exactly the declared objects plus the foreign ones, untouched.
  const held = await stackResources(world);
  const declared = sortObjects(held.flatMap((r) => declaredObject(r.kind, r.id, r.inputs) ?? []));
  const foreignKeys = new Set(foreign.map((f) => `${f.kind}\u0000${f.id}`));
  const ours = vendorObjects(await adminState(url)).filter((o) => !foreignKeys.has(`${o.kind}\u0000${o.id}`));
  const key = (o: VendorObject) => `${o.kind}\u0000${o.id}`;
  const declaredKeys = new Set(declared.map(key));
  const orphans = ours.filter((o) => !declaredKeys.has(key(o)));
  // A duplicate: an orphan equal in kind and values to a declared object.
  const duplicates = orphans.filter((o) => declared.some((d) => d.kind === o.kind && JSON.stringify(d.props) === JSON.stringify(o.props)));
  // Throws on the first foreign object changed or deleted; past it, none was.
  await assertForeignUntouched(url, before, `seed ${seed}`);
  const foreignChanged = 0;
  const secretsFound = mentions(printed.join("\n"), ALL_SECRETS);
  const outcome: Outcome = {
    seed, phase, signal, killAfterMs, ended: endedText, pendingAfterKill, recoverCode: rec.code,
    imported: report.decisions.filter((d) => d.action === "import").length,
    cleared: report.decisions.filter((d) => d.action === "clear").length,
    duplicates: duplicates.length, orphans: orphans.length, foreignChanged, secretsFound,
    missing: declared.filter((d) => !ours.some((o) => key(o) === key(d) && JSON.stringify(o.props) === JSON.stringify(d.props))).length,
  };
  if (recovery === "pulumi") return outcome;
  assert.equal(secretsFound, 0, `seed ${seed}: a secret appears in the output`);
  assert.deepEqual(sortObjects(ours), declared, `seed ${seed}: the vendor holds exactly the declared objects (orphans: ${JSON.stringify(orphans.map(key))})`);
  // Every declared resource is in the stack: one per kind row (Cinnox: one per app and event), WEBHOOKS webhooks.
  assert.equal(held.length, WEBHOOKS + 1 + 7 + 9, `seed ${seed}: every declared resource is in the stack`);
  return outcome;
}
