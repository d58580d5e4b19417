// `npx tsx bench/engine-scale.ts [N...] [--variants new,noop,old,native] [--old-ref 004c4dd] [--noop-bytes 500,2048,8192]`
//
// pulumi up, refresh, preview, update and destroy of the scale stack (1 webhook + N subscriptions) on the real
// engine against the emulator with Dialpad's real rate limits, in up to three variants run one after the other
// in this one invocation, each in its own process:
//   new   this tree's package (dist/), as users get it;
//   noop  the same N as no-op dynamic resources (same engine, backend, names, inputs and `__provider` size; no
//         HTTP): the engine's own floor per phase;
//   old   the package at --old-ref (a detached worktree in /tmp, built there), driven by this same bench code;
//   native the same N as native resources (the generated SDK, the plugins in bin/ on PATH): no `__provider`.
// Per phase: wall time, requests by method, rate floor (requests / 20 per s), engine floor (the noop's wall),
// wall / max(rate floor, engine floor), 429s, and the peak RSS of the CLI and of the provider process.
// --noop-bytes adds no-op runs with `__provider` padded to each size (checkpoint cost vs state bytes).
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { provisionEngine, repoRoot } from "../scripts/engine";
import { noopPadFor, noopProviderBytes, openScaleStack, operationOf, type PhaseResult, type StateBreakdown } from "./engine-stack";
import type { PeakRss } from "./proc-rss";

/** Dialpad's overall limit per company. */
const PER_SECOND = 20;
const PHASES = ["up", "refresh", "preview", "update", "destroy"] as const;
type Phase = (typeof PHASES)[number];
const PHASE_NAMES: Record<Phase, string> = {
  up: "up (create)",
  refresh: "refresh",
  preview: "preview (N changes)",
  update: "up (update all)",
  destroy: "destroy",
};
const BENCH_FILES = ["engine-scale.ts", "engine-stack.ts", "proc-rss.ts"];
const RESULT_MARK = "BENCH-RESULT ";

interface PhaseFigures {
  wallMs: number;
  spanMs: number;
  leadMs: number;
  tailMs: number;
  requests: number;
  rateLimited: number;
  /** Answered requests (429s left out) per method, e.g. { GET: 4, POST: 200 }. */
  byMethod: Record<string, number>;
  byOperation: Record<string, number>;
  rss: PeakRss;
}

interface RunResult {
  variant: string;
  n: number;
  phases: Record<Phase, PhaseFigures>;
  providerBytes: number;
  stateFileBytes: number;
  breakdown: StateBreakdown;
  leftAtVendor: number;
  changes: string;
}

// ---------------------------------------------------------------------------------------------------------
// One variant, in this process (run by the orchestrator below with BENCH_CHILD set).

function figures(p: PhaseResult<unknown>): PhaseFigures {
  const byMethod: Record<string, number> = {};
  for (const r of p.requests) if (r.status !== 429) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
  return {
    wallMs: p.wallMs,
    spanMs: p.spanMs,
    leadMs: p.leadMs,
    tailMs: p.tailMs,
    requests: p.requests.length,
    rateLimited: p.rateLimited,
    byMethod,
    byOperation: Object.fromEntries(p.requests.map((r) => operationOf(r)).map((op) => [op, 0])),
    rss: p.rss,
  };
}

async function runVariant(variant: string, n: number, parallel: number | undefined, noopBytes: number | undefined): Promise<RunResult> {
  const pad = variant === "noop" ? await noopPadFor(noopBytes ?? 2065) : undefined;
  const s = await openScaleStack(n, { noopPad: pad, native: variant === "native" });
  const opts = { color: "never" as const, ...(parallel ? { parallel } : {}) };
  try {
    const up = await s.phase((st) => st.up(opts));
    if (up.result.summary.result !== "succeeded") throw new Error(`up: ${up.result.summary.result}`);
    const providers = await s.providerBytes();
    const stateFileBytes = s.stateFileBytes();
    const breakdown = await s.stateBreakdown();
    const refresh = await s.phase((st) => st.refresh(opts));
    await s.stack.setConfig("variant", { value: "b" });
    const preview = await s.phase((st) => st.preview(opts));
    const update = await s.phase((st) => st.up(opts));
    const destroy = await s.phase((st) => st.destroy(opts));
    const left = await s.vendorState();
    const phases = { up, refresh, preview, update, destroy };
    const out = Object.fromEntries(PHASES.map((k) => [k, figures(phases[k])])) as Record<Phase, PhaseFigures>;
    for (const k of PHASES) out[k].byOperation = phases[k].byOperation;
    return {
      variant,
      n,
      phases: out,
      providerBytes: Math.round(providers.reduce((a, b) => a + b, 0) / Math.max(1, providers.length)),
      stateFileBytes,
      breakdown,
      leftAtVendor: left.webhooks.length + left.call.length + left.sms.length + left.legacy.length,
      changes:
        `up ${JSON.stringify(up.result.summary.resourceChanges)}, preview ${JSON.stringify(preview.result.changeSummary)}, ` +
        `update ${JSON.stringify(update.result.summary.resourceChanges)}, destroy ${JSON.stringify(destroy.result.summary.resourceChanges)}`,
    };
  } finally {
    await s.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The orchestrator: prepares the old tree, runs each variant in a child process, prints the tables.

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A detached worktree of `ref` in /tmp with its own node_modules and dist/, and this bench's files copied in. */
function prepareOldTree(ref: string): string {
  const dir = process.env.BENCH_OLD_DIR ?? path.join("/tmp", `bench-old-${ref}`);
  if (!fs.existsSync(dir)) {
    console.error(`[bench] git worktree add ${dir} ${ref}; npm ci; npm run build`);
    execFileSync("git", ["worktree", "add", "--detach", dir, ref], { cwd: repoRoot, stdio: "inherit" });
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
    execFileSync("npm", ["run", "build"], { cwd: dir, stdio: "inherit" });
  }
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
  const want = execFileSync("git", ["rev-parse", ref], { cwd: repoRoot, encoding: "utf8" }).trim();
  if (head !== want) throw new Error(`${dir} is at ${head}, not ${ref} (${want}); remove it or set BENCH_OLD_DIR`);
  if (!fs.existsSync(path.join(dir, "dist", "sdk", "index.js"))) execFileSync("npm", ["run", "build"], { cwd: dir, stdio: "inherit" });
  for (const f of BENCH_FILES) fs.copyFileSync(path.join(__dirname, f), path.join(dir, "bench", f));
  return dir;
}

function runChild(tree: string, variant: string, n: number, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(tree, "node_modules", ".bin", "tsx"), [path.join("bench", "engine-scale.ts")], {
      cwd: tree,
      env: { ...process.env, ...env, BENCH_CHILD: variant, BENCH_N: String(n) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let result: RunResult | undefined;
    let buf = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith(RESULT_MARK)) result = JSON.parse(line.slice(RESULT_MARK.length)) as RunResult;
        else if (line.trim()) console.error(`[${variant}] ${line}`);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${variant} run exited with ${code}`))));
  });
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (kib: number) => (kib > 0 ? `${(kib / 1024).toFixed(0)} MiB` : "-");
const methods = (f: PhaseFigures) =>
  Object.entries(f.byMethod)
    .sort()
    .map(([m, c]) => `${m} ${c}`)
    .join(", ") || "none";
const rateFloorMs = (f: PhaseFigures) => (f.requests / PER_SECOND) * 1000;

function ratio(f: PhaseFigures, engineFloorMs: number | undefined): string {
  const floor = Math.max(rateFloorMs(f), engineFloorMs ?? 0);
  return floor > 0 ? (f.wallMs / floor).toFixed(2) : "-";
}

function printRun(r: RunResult, engine: RunResult | undefined): void {
  console.log(`\n### ${r.variant}, N = ${r.n}\n`);
  console.log("| Phase | Wall | Requests (answered, by method) | 429s | Rate floor | Engine floor | Wall / max(floors) | First to last request | Before first / after last | Peak RSS CLI | Peak RSS provider |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const k of PHASES) {
    const f = r.phases[k];
    const e = engine?.phases[k].wallMs;
    console.log(
      `| ${PHASE_NAMES[k]} | ${sec(f.wallMs)} | ${methods(f)} | ${f.rateLimited} | ${f.requests ? sec(rateFloorMs(f)) : "-"} | ` +
        `${e !== undefined ? sec(e) : "-"} | ${ratio(f, e)} | ${f.requests > 1 ? sec(f.spanMs) : "-"} | ` +
        `${f.requests ? `${sec(f.leadMs)} / ${sec(f.tailMs)}` : "-"} | ${mib(f.rss.cliKiB)} | ${mib(f.rss.providerKiB)} |`,
    );
  }
  const b = r.breakdown;
  console.log(
    `\n__provider ${r.providerBytes} B; state file ${(r.stateFileBytes / 1024).toFixed(0)} KiB (${Math.round(r.stateFileBytes / b.resources)} B per resource); ` +
      `export per resource: entry ${b.entry} B, inputs ${b.inputs} B + outputs ${b.outputs} B without __provider ` +
      `(outputs equal to inputs: ${b.outputsEqualToInputs} B); left at the vendor: ${r.leftAtVendor}`,
  );
  console.log(`changes: ${r.changes}`);
  for (const k of PHASES) {
    const ops = Object.entries(r.phases[k].byOperation).map(([op, c]) => `${op}: ${c}`).join("; ");
    console.log(`requests ${k}: ${ops || "none"}`);
  }
}

function printSideBySide(n: number, runs: Map<string, RunResult>): void {
  const oldR = runs.get("old");
  const newR = runs.get("new");
  const engine = runs.get("noop");
  if (!newR) return;
  console.log(`\n### N = ${n}: old and new side by side (engine floor = noop wall of the same phase)\n`);
  console.log("| Phase | Engine floor | Old wall | Old requests | Old wall / max(floors) | New wall | New requests | New wall / max(floors) | New / old wall | Peak RSS CLI old / new | Peak RSS provider old / new |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const k of PHASES) {
    const o = oldR?.phases[k];
    const nw = newR.phases[k];
    const e = engine?.phases[k].wallMs;
    console.log(
      `| ${PHASE_NAMES[k]} | ${e !== undefined ? sec(e) : "-"} | ${o ? sec(o.wallMs) : "-"} | ${o ? `${o.requests} (${methods(o)})` : "-"} | ` +
        `${o ? ratio(o, e) : "-"} | ${sec(nw.wallMs)} | ${nw.requests} (${methods(nw)}) | ${ratio(nw, e)} | ` +
        `${o ? (nw.wallMs / o.wallMs).toFixed(2) : "-"} | ${o ? mib(o.rss.cliKiB) : "-"} / ${mib(nw.rss.cliKiB)} | ${o ? mib(o.rss.providerKiB) : "-"} / ${mib(nw.rss.providerKiB)} |`,
    );
  }
}

/** Native against dynamic, same run: wall per phase, the ratios the targets name, and state bytes per resource. */
function printNative(n: number, runs: Map<string, RunResult>): void {
  const nat = runs.get("native");
  const dyn = runs.get("new");
  const engine = runs.get("noop");
  if (!nat) return;
  const perResource = (r: RunResult | undefined) => (r ? `${Math.round(r.stateFileBytes / r.breakdown.resources)} B` : "-");
  console.log(`\n### N = ${n}: native and dynamic side by side (engine floor = noop wall of the same phase)\n`);
  console.log(`State file per resource: native ${perResource(nat)}, dynamic ${perResource(dyn)}, noop ${perResource(engine)}; ` +
    `export entry per resource: native ${nat.breakdown.entry} B, dynamic ${dyn ? `${dyn.breakdown.entry} B` : "-"}\n`);
  console.log("| Phase | Engine floor | Dynamic wall | Native wall | Native / dynamic | Native / engine floor | Native requests | Native before first request |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const k of PHASES) {
    const nw = nat.phases[k];
    const d = dyn?.phases[k];
    const e = engine?.phases[k].wallMs;
    console.log(
      `| ${PHASE_NAMES[k]} | ${e !== undefined ? sec(e) : "-"} | ${d ? sec(d.wallMs) : "-"} | ${sec(nw.wallMs)} | ` +
        `${d ? (nw.wallMs / d.wallMs).toFixed(2) : "-"} | ${e ? (nw.wallMs / e).toFixed(2) : "-"} | ${nw.requests} (${methods(nw)}) | ` +
        `${nw.requests ? sec(nw.leadMs) : "-"} |`,
    );
  }
}

function printCheckpointExperiment(n: number, runs: RunResult[]): void {
  if (runs.length === 0) return;
  console.log(`\n### N = ${n}: no-op stack, wall per phase against state bytes per resource\n`);
  console.log(`| __provider | State file per resource | ${PHASES.map((k) => PHASE_NAMES[k]).join(" | ")} |`);
  console.log(`|---|---|${PHASES.map(() => "---").join("|")}|`);
  for (const r of runs) {
    console.log(
      `| ${r.providerBytes} B | ${Math.round(r.stateFileBytes / r.breakdown.resources)} B | ${PHASES.map((k) => sec(r.phases[k].wallMs)).join(" | ")} |`,
    );
  }
}

async function orchestrate(): Promise<void> {
  const sizes = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--")).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const variants = (arg("--variants") ?? "new,noop,old").split(",").filter(Boolean);
  const oldRef = arg("--old-ref") ?? "004c4dd";
  const extraNoop = (arg("--noop-bytes") ?? "").split(",").filter(Boolean).map(Number);
  const passEnv: Record<string, string> = process.env.BENCH_PARALLEL ? { BENCH_PARALLEL: process.env.BENCH_PARALLEL } : {};
  await provisionEngine();
  const oldTree = variants.includes("old") ? prepareOldTree(oldRef) : undefined;
  console.log(`engine-scale: variants ${variants.join(", ")}${oldTree ? ` (old = ${oldRef} in ${oldTree})` : ""}; ` +
    `${process.env.BENCH_PARALLEL ? `--parallel ${process.env.BENCH_PARALLEL}` : "default --parallel"}; load average ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  for (const n of sizes.length > 0 ? sizes : [500]) {
    const runs = new Map<string, RunResult>();
    for (const v of variants) {
      const bytes = v === "noop" ? (runs.get("new")?.providerBytes ?? 2065) : undefined;
      const tree = v === "old" ? (oldTree as string) : repoRoot;
      const started = Date.now();
      console.error(`[bench] N = ${n}: ${v}${bytes ? ` (__provider ${bytes} B)` : ""}`);
      const r = await runChild(tree, v === "old" ? "new" : v, n, { ...passEnv, ...(bytes ? { BENCH_NOOP_BYTES: String(bytes) } : {}) });
      r.variant = v;
      runs.set(v, r);
      console.error(`[bench] N = ${n}: ${v} done in ${sec(Date.now() - started)}`);
    }
    const engine = runs.get("noop");
    for (const r of runs.values()) printRun(r, r.variant === "noop" ? undefined : engine);
    printSideBySide(n, runs);
    printNative(n, runs);
    const sized: RunResult[] = [];
    for (const bytes of extraNoop) {
      console.error(`[bench] N = ${n}: noop with __provider ${bytes} B`);
      sized.push(await runChild(repoRoot, "noop", n, { ...passEnv, BENCH_NOOP_BYTES: String(bytes) }));
    }
    printCheckpointExperiment(n, [...(engine ? [engine] : []), ...sized].sort((a, b) => a.providerBytes - b.providerBytes));
  }
}

async function child(variant: string): Promise<void> {
  await provisionEngine();
  const n = Number(process.env.BENCH_N);
  const parallel = process.env.BENCH_PARALLEL ? Number(process.env.BENCH_PARALLEL) : undefined;
  const noopBytes = process.env.BENCH_NOOP_BYTES ? Number(process.env.BENCH_NOOP_BYTES) : undefined;
  if (variant === "noop" && noopBytes !== undefined) {
    const got = await noopProviderBytes((await noopPadFor(noopBytes)));
    if (Math.abs(got - noopBytes) > 2) console.log(`noop __provider is ${got} B, asked for ${noopBytes} B`);
  }
  const result = await runVariant(variant, n, parallel, noopBytes);
  console.log(RESULT_MARK + JSON.stringify(result));
}

(process.env.BENCH_CHILD ? child(process.env.BENCH_CHILD) : orchestrate()).catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
