// `pulumi-dialpad-cinnox recover`: resolves the pending operations a killed `pulumi up` or `destroy` left in a
// stack. It reads the state (`pulumi stack export --show-secrets`), lists the vendor once per kind, reads the
// provider's journal (provider/journal.ts) and decides, for each pending create, which object it made (decide.ts).
// With --yes it applies that through Pulumi's own mechanisms: `pulumi stack export` / `stack import` to turn each
// recognised pending create into its resource and drop each create that made nothing (only those: what is
// undecided stays pending), then `pulumi refresh`, which reads the imported objects and settles pending updates
// and deletes. Exit code: 0 the stack is clean, 2 pending operations remain, 1 error.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { collectionKey, journalDir, journalResolve, readJournal } from "../../provider/journal";
import { RESOURCE_KINDS, definitionOf, kindOfAnyType, kindOfType, type ResourceKind } from "../../provider/registry";
import { isListable, listInventory, safeLabel, settingsOf, stackConfig } from "../inventory";
import { plainSecrets, reasonOf, withSelectedStack, type Io } from "../workspace";
import { ProviderContext } from "../../provider/context";
import { controllerIn } from "../../provider";
import { decide, orphansOf, type Decision, type Orphan, type PendingOp, type Props } from "./decide";

export const RecoverOptionsSchema = z.object({
  cwd: z.string().default("."),
  /** The stack to recover; the selected one when absent. */
  stack: z.string().trim().min(1).optional(),
  pulumiDir: z.string().optional(),
  /** Apply the decisions; without it, only print them. */
  yes: z.boolean().default(false),
  json: z.boolean().default(false),
});
export type RecoverOptions = z.infer<typeof RecoverOptionsSchema>;

const OpSchema = z.object({
  type: z.string(),
  resource: z.object({
    urn: z.string(),
    type: z.string(),
    id: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
  }),
});
const DeploymentSchema = z.object({
  resources: z.array(z.object({ urn: z.string(), type: z.string(), id: z.string().optional() })).nullish(),
  pending_operations: z.array(OpSchema).nullish(),
});

export interface RecoverReport {
  stack: string;
  applied: boolean;
  status: "clean" | "pending" | "error";
  decisions: Decision[];
  /** Objects the interrupted run made that no pending operation stands for. */
  orphans?: Orphan[];
  /** Pending operations left after applying (or now, without --yes). */
  remaining: number;
  error?: string;
}

interface StackView {
  pending: PendingOp[];
  held: Map<ResourceKind, Set<string>>;
  urns: Set<string>;
  /** URNs of the stack's Cinnox resources (which no refresh can read). */
  cinnox: string[];
}

async function view(stack: Stack): Promise<StackView> {
  const d = DeploymentSchema.parse((await stack.exportStack()).deployment ?? {});
  const held = new Map<ResourceKind, Set<string>>();
  const urns = new Set<string>();
  const cinnox: string[] = [];
  for (const r of d.resources ?? []) {
    urns.add(r.urn);
    const kind = kindOfType(r.type);
    if (kind?.startsWith("cinnox:") && !cinnox.includes(r.urn)) cinnox.push(r.urn);
    if (!kind || !r.id) continue;
    let s = held.get(kind);
    if (!s) held.set(kind, (s = new Set()));
    s.add(r.id);
  }
  const pending = (d.pending_operations ?? []).map((op): PendingOp => {
    const kind = kindOfType(op.resource.type);
    const nativeKind = kind ? undefined : kindOfAnyType(op.resource.type);
    return {
      type: op.type, urn: op.resource.urn, ...(kind ? { kind } : {}), ...(nativeKind ? { nativeKind } : {}), ...(op.resource.id ? { id: op.resource.id } : {}),
      inputs: plainSecrets(op.resource.inputs ?? {}) as Props,
    };
  });
  return { pending, held, urns, cinnox };
}

/** The Pulumi CLI in the stack's workspace, non-interactive; the workspace's env (backend, passphrase) applies. */
async function pulumi(stack: Stack, args: string[]): Promise<string> {
  const ws = stack.workspace as unknown as { runPulumiCmd(args: string[]): Promise<{ stdout: string; stderr: string }> };
  return (await ws.runPulumiCmd([...args, "--stack", stack.name, "--non-interactive"])).stdout;
}

/**
 * Edits the stack's pending creates, as Pulumi documents for repairing a stack (`pulumi stack export`, edit,
 * `pulumi stack import`), without --show-secrets, so every secret stays encrypted as it was: a recognised create
 * becomes the resource it made (its id; its recorded inputs as outputs until the refresh reads the object), a
 * create that made nothing is dropped. Pulumi 3.248's `refresh --import-pending-creates URN ID` turns the pending
 * create into a pending import that the refresh then drops (only pending creates are carried over), so the
 * resource would be lost from the stack; this edit keeps it.
 */
async function editPendingCreates(
  stack: Stack, imports: ReadonlyMap<string, string>, clears: ReadonlySet<string>, disabled: ReadonlySet<string> = new Set(),
): Promise<void> {
  const exported = JSON.parse(await pulumi(stack, ["stack", "export"])) as {
    deployment: { resources?: Record<string, unknown>[]; pending_operations?: { type: string; resource: Record<string, unknown> & { urn: string } }[] };
  };
  const d = exported.deployment;
  const kept: typeof d.pending_operations = [];
  for (const op of d.pending_operations ?? []) {
    const urn = op.resource.urn;
    if (op.type === "creating" && imports.has(urn)) {
      (d.resources ??= []).push({ ...op.resource, id: imports.get(urn), outputs: op.resource.inputs ?? {} });
    } else if (!(op.type === "creating" && clears.has(urn))) kept.push(op);
  }
  d.pending_operations = kept;
  for (const r of d.resources ?? []) {
    if (disabled.has(r.urn as string) && r.outputs && typeof r.outputs === "object") (r.outputs as Record<string, unknown>).enabled = false;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-dialpad-cinnox-recover-"));
  try {
    const file = path.join(dir, "state.json");
    fs.writeFileSync(file, JSON.stringify(exported), { mode: 0o600 });
    await pulumi(stack, ["stack", "import", "--file", file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runRecover(options: RecoverOptions, io: Io): Promise<0 | 1 | 2> {
  const progress = (line: string) => io.stderr(`recover: ${line}\n`);
  let report: RecoverReport;
  try {
    report = await withSelectedStack(options, (_ws, stack) => recoverStack(stack, options, progress));
  } catch (err) {
    report = { stack: options.stack ?? "", applied: false, status: "error", decisions: [], remaining: 0, error: reasonOf(err) };
  }
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
  return report.status === "clean" ? 0 : report.status === "pending" ? 2 : 1;
}

async function recoverStack(stack: Stack, options: RecoverOptions, progress: (l: string) => void): Promise<RecoverReport> {
  const before = await view(stack);
  // Interrupted: pending operations, or a last update that did not succeed (a SIGINT/SIGTERM lets the engine end
  // the run "failed" without pending operations, while a request the dying provider sent may have landed).
  const last = (await stack.history(1).catch(() => []))[0];
  const failedLast = last !== undefined && last.result !== "succeeded";
  if (before.pending.length === 0 && !failedLast) return { stack: stack.name, applied: false, status: "clean", decisions: [], remaining: 0 };
  progress(`${stack.name}: ${before.pending.length} pending operation(s); the last ${last?.kind ?? "update"} ${last?.result ?? "did not finish"}`);
  const source = await stackConfig(stack.workspace, stack.name);
  const journal = readJournal(journalDir());
  // The kinds to list: those of the pending operations and those the interrupted run's journal lines are about.
  const settings = settingsOf(source);
  const iso = (t: unknown) => (t === undefined || t === null ? "" : new Date(t as string).toISOString());
  const since = failedLast ? iso(last.startTime) : iso(last?.endTime);
  const journalled = new Set(journal.filter((e) => e.at >= since).map((e) => e.collection));
  const kinds = RESOURCE_KINDS.filter((k) => isListable(k) && (before.pending.some((p) => p.kind === k) ||
    journalled.has(collectionKey(settings.dialpad.baseUrl, definitionOf(k).api.replace(/\/\{[^}]+\}$/, "")))));
  const inventory = kinds.length > 0 && settings.dialpad.apiKey !== undefined ? await listInventory(kinds, source) : [];
  const input = {
    pending: before.pending,
    held: before.held,
    urns: before.urns,
    vendor: new Map(inventory.map((k) => [k.kind, k.items])),
    journal,
    dialpadBaseUrl: settings.dialpad.baseUrl,
  };
  const decisions = decide(input);
  const orphans = orphansOf(input, since);
  // Cinnox cannot be read: after an interrupted run each subscription the stack holds may be in either state, so
  // the state records it as possibly off and the next up sets the declared state again (one PATCH each).
  const pendingUrns = new Set(before.pending.map((p) => p.urn));
  for (const urn of before.cinnox.filter((u) => !pendingUrns.has(u))) {
    decisions.push({
      urn, type: "resource", kind: kindOfType(urn.split("::")[2] ?? ""), action: "refresh", markDisabled: true,
      reason: "a Cinnox subscription cannot be read, so after an interrupted run it is recorded as possibly off: the next up sets it again",
    });
  }
  if (!options.yes) {
    return { stack: stack.name, applied: false, status: "pending", decisions, orphans, remaining: before.pending.length };
  }
  const imports = decisions.filter((d) => d.action === "import");
  const clears = decisions.filter((d) => d.action === "clear");
  const disabled = decisions.filter((d) => d.markDisabled);
  if (imports.length > 0 || clears.length > 0 || disabled.length > 0) {
    progress(`${stack.name}: importing ${imports.length} and clearing ${clears.length} pending create(s) (pulumi stack export, edit, pulumi stack import)`);
    await editPendingCreates(stack, new Map(imports.map((d) => [d.urn, d.id!])), new Set(clears.map((d) => d.urn)), new Set(disabled.map((d) => d.urn)));
  }
  // Objects proven the interrupted run's that nothing records: deleted (the next up creates them again).
  const doomed = orphans.filter((o) => o.action === "delete");
  if (doomed.length > 0) {
    const context = new ProviderContext({ config: source });
    for (const o of doomed) {
      for (const id of o.ids) {
        progress(`${stack.name}: deleting ${o.kind} ${id}, made by the interrupted run and held by no resource`);
        const item = input.vendor.get(o.kind)?.find((i) => i.id === id);
        await controllerIn(context, o.kind).delete(id, (item?.inputs ?? {}) as Props);
      }
    }
  }
  // Reads every resource (the imported ones get their live outputs) and drops pending updates and deletes.
  progress(`${stack.name}: pulumi refresh --yes --skip-preview`);
  await pulumi(stack, ["refresh", "--yes", "--skip-preview", "--color", "never"]);
  journalResolve(
    [...imports, ...clears, ...doomed].flatMap((d) => (d.journalKeys ?? []).map((key) => ({ op: "resolved" as const, key }))),
  );
  const after = await view(stack);
  const left = after.pending.length + orphans.filter((o) => o.action === "undecided").length;
  return { stack: stack.name, applied: true, status: left === 0 ? "clean" : "pending", decisions, orphans, remaining: after.pending.length };
}

const ACTION_TEXT = {
  import: "import",
  clear: "clear",
  refresh: "refresh",
  undecided: "LEAVE ALONE",
} as const;

function render(r: RecoverReport): string {
  const lines: string[] = [];
  if (r.status === "error") return `recover: error: ${r.error}\n`;
  if (r.decisions.length === 0 && (r.orphans ?? []).length === 0) return `Stack ${r.stack}: no pending operations; nothing to recover.\n`;
  const pending = r.decisions.filter((d) => d.type !== "resource").length;
  lines.push(`Stack ${r.stack}: interrupted run, ${pending} pending operation(s)${r.applied ? "" : " (nothing changed: run with --yes to apply)"}:`);
  for (const d of r.decisions) {
    const what = d.action === "import" ? `${ACTION_TEXT.import} id ${d.id}` : d.action === "undecided" && d.candidates?.length ? `${ACTION_TEXT.undecided} (candidate ids ${d.candidates.join(", ")})` : ACTION_TEXT[d.action];
    lines.push(`  ${d.type} ${d.urn}: ${what}: ${d.reason}`);
  }
  for (const o of r.orphans ?? []) {
    lines.push(`  ${o.kind} ${o.ids.join(", ")}: ${o.action === "delete" ? (r.applied ? "deleted" : "delete") : "LEAVE ALONE"}: ${o.reason}`);
  }
  if (r.applied) {
    lines.push(r.remaining === 0 ? "The stack has no pending operations left; run `pulumi up`." :
      `${r.remaining} pending operation(s) left alone: look at the candidate ids at the vendor, then set adoptId to the one that is yours (or delete the ones nobody owns) and run recover again.`);
  }
  return `${lines.join("\n")}\n`;
}

/** A label without secrets for one pending op, for messages (exported for the drift hint). */
export const labelOf = (op: PendingOp): string => (op.kind ? `${op.urn} (${safeLabel(op.kind, op.inputs)})` : op.urn);
