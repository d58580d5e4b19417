// `pulumi-dialpad-cinnox drift`: checks each stack for drift (or compares two stacks), prints the report on
// stdout and progress on stderr, and answers the exit code: 0 nothing found, 2 drift or differences, 1 error.
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { printable, printableKeepingLines } from "../printable";
import { listStackNames, openProject, reasonOf, withStacks } from "../workspace";
import type { Io } from "../workspace";
import { compareStacks } from "./compare";
import { detectDrift } from "./detect";
import { findUnmanaged } from "./unmanaged";
import { render } from "./render";
import { REPORT_VERSION, exitCodeOf, type CompareReport, type DriftReport, type Report } from "./schema";

const list = z.array(z.string().trim().min(1, { error: "must not contain an empty name" }));

export const DriftOptionsSchema = z.object({
  /** The Pulumi project directory. */
  cwd: z.string().default("."),
  /** Stacks to check; all of the project's stacks when absent. */
  stacks: list.min(1).optional(),
  format: z.enum(["text", "json", "markdown"]).default("text"),
  /** Directory holding the pulumi binary, searched before PATH. */
  pulumiDir: z.string().optional(),
  /** Two stacks to compare (environment parity) instead of checking drift. */
  compare: list.length(2, { error: "needs exactly two stacks, e.g. --compare dev,prod" }).optional(),
  /** Properties left out of --compare (per-environment values such as URLs). */
  ignore: list.default([]),
  /** Also stream Pulumi's own output to stderr. */
  verbose: z.boolean().default(false),
  /** Vendor objects no checked stack manages: also (with the drift check), only (without it), or not at all. */
  unmanaged: z.enum(["no", "also", "only"]).default("no"),
});
export type DriftOptions = z.infer<typeof DriftOptionsSchema>;

/** Runs the command and returns its exit code; every failure becomes a report with the reason. */
export async function runDrift(options: DriftOptions, io: Io): Promise<0 | 1 | 2> {
  // Progress names stacks, vendors' errors and ids: no control character reaches the terminal.
  const progress = (line: string) => io.stderr(`drift: ${printable(line)}\n`);
  let report: Report;
  try {
    const ws = await openProject({ cwd: options.cwd, pulumiDir: options.pulumiDir });
    if (options.compare) {
      const [left, right] = options.compare as [string, string];
      progress(`comparing the state of ${left} and ${right}`);
      report = await withStacks(ws, [left, right], ([l, r]) => compareStacks(l!, r!, options.ignore));
    } else {
      const names = options.stacks ?? (await listStackNames(ws));
      if (names.length === 0) throw new Error("the project has no stacks in this backend (check PULUMI_BACKEND_URL or pass --stacks)");
      const onOutput = options.verbose ? (text: string) => io.stderr(printableKeepingLines(text)) : undefined;
      const { stacks, unmanaged } = await withStacks(ws, names, async (selected) => {
        await Promise.all(selected.map((s) => hintPendingOperations(s, options, progress)));
        return {
          stacks: options.unmanaged === "only" ? [] : await Promise.all(selected.map((s) => detectDrift(s, { progress, onOutput }))),
          unmanaged: options.unmanaged === "no" ? undefined : await findUnmanaged(selected, { progress }),
        };
      });
      const status = stacks.some((s) => s.status === "error") ? "error" : stacks.some((s) => s.status === "drifted") ? "drifted" : "clean";
      report = { version: REPORT_VERSION, command: "drift", status, stacks, ...(unmanaged ? { unmanaged } : {}) } satisfies DriftReport;
    }
  } catch (err) {
    report = failedReport(options, reasonOf(err));
  }
  const code = exitCodeOf(report);
  if (code === 1) progress(`error: ${errorsOf(report).join("; ")}`);
  io.stdout(render(report, options.format));
  return code;
}

/**
 * A stack with pending operations (a killed or cancelled run): the refresh cannot see what those made, so the
 * exact command that resolves them is printed (stderr), whatever else the report says.
 */
async function hintPendingOperations(stack: Stack, options: DriftOptions, progress: (line: string) => void): Promise<void> {
  try {
    const ops = ((await stack.exportStack()).deployment as { pending_operations?: unknown[] } | undefined)?.pending_operations ?? [];
    if (ops.length === 0) return;
    const cwd = options.cwd === "." ? "" : ` --cwd ${options.cwd}`;
    progress(
      `${stack.name}: ${ops.length} pending operation(s) from an interrupted run (what they made is not in the state); resolve them with: ` +
        `pulumi cancel --stack ${stack.name} (only if the stack is still locked), then npx pulumi-dialpad-cinnox recover --yes --stack ${stack.name}${cwd}, then pulumi up`,
    );
  } catch {
    // The drift check itself reports a stack it cannot read.
  }
}

function failedReport(options: DriftOptions, error: string): Report {
  if (options.compare) {
    const [left, right] = options.compare as [string, string];
    return {
      version: REPORT_VERSION, command: "compare", status: "error", error, left, right, ignored: options.ignore,
      onlyInLeft: [], onlyInRight: [], differences: [],
    } satisfies CompareReport;
  }
  return { version: REPORT_VERSION, command: "drift", status: "error", error, stacks: [] } satisfies DriftReport;
}

function errorsOf(report: Report): string[] {
  if (report.error !== undefined) return [report.error];
  if (report.command === "drift") {
    return [
      ...report.stacks.filter((s) => s.error !== undefined).map((s) => `${s.stack}: ${s.error}`),
      ...(report.unmanaged?.error !== undefined ? [`unmanaged: ${report.unmanaged.error}`] : []),
      ...(report.unmanaged?.accounts ?? []).filter((a) => a.error !== undefined).map((a) => `unmanaged: ${a.baseUrl}: ${a.error}`),
    ];
  }
  return [];
}
