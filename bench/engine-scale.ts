// `npx tsx bench/engine-scale.ts [N...]`: pulumi up, preview, refresh, update and destroy of N subscriptions on the
// real engine against the emulator with Dialpad's real rate limits; wall time against the rate limit's floor.
import { provisionEngine } from "../scripts/engine";
import { openScaleStack, operationOf, type PhaseResult } from "./engine-stack";

/** Dialpad's overall limit per company. */
const PER_SECOND = 20;

const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const parallel = process.env.BENCH_PARALLEL ? Number(process.env.BENCH_PARALLEL) : undefined;

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function row(name: string, p: PhaseResult<unknown>): string {
  const floorMs = (p.requests.length / PER_SECOND) * 1000;
  const ratio = floorMs > 0 ? (p.wallMs / floorMs).toFixed(2) : "-";
  const spanRatio = floorMs > 0 ? (p.spanMs / floorMs).toFixed(2) : "-";
  return `| ${name} | ${fmt(p.wallMs)} | ${p.requests.length} | ${floorMs > 0 ? fmt(floorMs) : "-"} | ${ratio} | ` +
    `${fmt(p.spanMs)} | ${spanRatio} | ${fmt(p.leadMs)} / ${fmt(p.tailMs)} | ${p.rateLimited} |`;
}

/** Requests per kind of operation, 2xx only (429s are listed apart), per resource of that kind. */
function perResource(p: PhaseResult<unknown>, counts: Record<string, number>): string {
  const ops: Record<string, number> = {};
  for (const r of p.requests) if (r.status !== 429) ops[`${operationOf(r)} ${r.status}`] = (ops[`${operationOf(r)} ${r.status}`] ?? 0) + 1;
  return Object.entries(ops)
    .sort()
    .map(([op, n]) => {
      const kind = /webhooks/.test(op) ? "webhook" : /event-subscriptions/.test(op) ? "legacy" : /subscriptions\/call/.test(op) ? "call" : "sms";
      return `${op}: ${n} (${(n / counts[kind]).toFixed(2)} per ${kind})`;
    })
    .join("; ");
}

async function bench(n: number): Promise<void> {
  const s = await openScaleStack(n);
  const counts = { webhook: 1, ...s.mix };
  const quiet = { color: "never" as const, ...(parallel ? { parallel } : {}) };
  console.log(`\n## N = ${n}: 1 webhook + ${s.mix.call} call + ${s.mix.sms} SMS + ${s.mix.legacy} legacy SMS subscriptions` +
    `${parallel ? `, --parallel ${parallel}` : ", default --parallel"}`);
  try {
    const up = await s.phase((st) => st.up(quiet));
    if (up.result.summary.result !== "succeeded") throw new Error(`up: ${up.result.summary.result}`);
    const providers = await s.providerBytes();
    const stateBytes = s.stateFileBytes();
    const refresh = await s.phase((st) => st.refresh(quiet));
    await s.stack.setConfig("variant", { value: "b" });
    const preview = await s.phase((st) => st.preview(quiet));
    const update = await s.phase((st) => st.up(quiet));
    const destroy = await s.phase((st) => st.destroy(quiet));
    const left = await s.vendorState();

    console.log("\n| Phase | Wall | Requests | Floor (requests / 20 per s) | Wall / floor | First to last request | Span / floor | Before first / after last | 429s |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    console.log(row("up (create)", up));
    console.log(row("refresh", refresh));
    console.log(row("preview (N changes)", preview));
    console.log(row("up (update all)", update));
    console.log(row("destroy", destroy));
    console.log(`\nchanges: up ${JSON.stringify(up.result.summary.resourceChanges)}, preview ${JSON.stringify(preview.result.changeSummary)}, ` +
      `update ${JSON.stringify(update.result.summary.resourceChanges)}, destroy ${JSON.stringify(destroy.result.summary.resourceChanges)}`);
    for (const [name, p] of [["up", up], ["refresh", refresh], ["preview", preview], ["update", update], ["destroy", destroy]] as const) {
      console.log(`requests ${name}: ${perResource(p, counts) || "none"}`);
    }
    const avg = providers.reduce((a, b) => a + b, 0) / providers.length;
    console.log(`__provider: ${providers.length} resources, ${Math.round(avg)} bytes each on average (max ${Math.max(...providers)}); ` +
      `state file ${(stateBytes / 1024).toFixed(0)} KiB, ${Math.round(stateBytes / providers.length)} bytes per resource`);
    console.log(`left at the vendor after destroy: ${left.webhooks.length + left.call.length + left.sms.length + left.legacy.length} objects`);
  } finally {
    await s.close();
  }
}

async function main(): Promise<void> {
  await provisionEngine();
  for (const n of sizes.length > 0 ? sizes : [50, 200, 500]) await bench(n);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
