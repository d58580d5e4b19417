// `npx tsx bench/killed-runs.ts [--seeds N] [--seed S] [--from S] [--pulumi-recovery]`: the nightly form of
// tests/e2e/killed-runs.test.ts. --pulumi-recovery replaces `recover --yes` by Pulumi's own
// `pulumi refresh --clear-pending-creates` and only counts (the baseline the issue reported).
//
// For each seed (S alone with --seed, else N seeds from --from, default 0..49): a program declaring every kind,
// foreign objects made before (exact twins included), the emulator's hostile faults on; an `up`, an update or a
// `destroy` (seed % 3) killed with SIGKILL, SIGINT or SIGTERM (floor(seed / 3) % 3) sent to the process group of
// the `pulumi` CLI and its provider, at a random moment (the seed's PRNG) after the run's first vendor request; then
// `pulumi cancel`, `npx pulumi-dialpad-cinnox recover --yes` and `pulumi up`. Each seed asserts exactly the declared
// objects at the vendor, every foreign object unchanged, no secret printed, the stack clean. Prints one line per
// seed and the totals; exit 1 when any seed failed. Run it under `flock /tmp/heavy-test.lock`.
import { parseArgs } from "node:util";
import { killedRun, openWorld, type Outcome } from "../tests/e2e/killed-runs-scenario";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { seeds: { type: "string" }, seed: { type: "string" }, from: { type: "string" }, "pulumi-recovery": { type: "boolean", default: false } },
  });
  const recovery = values["pulumi-recovery"] ? "pulumi" : "recover";
  const seeds = values.seed !== undefined
    ? [Number(values.seed)]
    : Array.from({ length: Number(values.seeds ?? 50) }, (_, i) => i + Number(values.from ?? 0));
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new Error("--seed/--seeds/--from take whole numbers");
  const world = await openWorld("bench");
  const outcomes: Outcome[] = [];
  const failures: { seed: number; error: string }[] = [];
  const t0 = Date.now();
  try {
    for (const seed of seeds) {
      const started = Date.now();
      try {
        const o = await killedRun(world, seed, (line) => console.log(`  ${line}`), recovery);
        outcomes.push(o);
        console.log(
          `seed ${seed}: ${o.phase} ${o.signal} +${o.killAfterMs} ms (${o.ended}): ${o.pendingAfterKill} pending, imported ${o.imported}, ` +
            `cleared ${o.cleared}; duplicates ${o.duplicates}, orphans ${o.orphans}, missing ${o.missing}, foreign changed ${o.foreignChanged}, secrets ${o.secretsFound} ` +
            `[${((Date.now() - started) / 1000).toFixed(0)} s]`,
        );
      } catch (err) {
        const error = err instanceof Error ? err.message.split("\n").slice(0, 6).join(" | ") : String(err);
        failures.push({ seed, error });
        console.log(`seed ${seed}: FAILED: ${error}`);
      }
    }
  } finally {
    await world.close();
  }
  const sum = (f: (o: Outcome) => number) => outcomes.reduce((a, o) => a + f(o), 0);
  const byPhase = (p: string) => outcomes.filter((o) => o.phase === p).length;
  const killed = outcomes.filter((o) => o.ended.startsWith("killed")).length;
  console.log(
    `\n${recovery === "pulumi" ? "Pulumi's own recovery (refresh --clear-pending-creates): " : ""}${seeds.length} seeds in ${((Date.now() - t0) / 60_000).toFixed(1)} min: ${outcomes.length} passed, ${failures.length} failed; ` +
      `up ${byPhase("up")}, update ${byPhase("update")}, destroy ${byPhase("destroy")}; ${killed} ended by the signal, ` +
      `${outcomes.length - killed} finished first (graceful SIGINT/SIGTERM); pending operations after the kill ${sum((o) => o.pendingAfterKill)} ` +
      `(seeds with some: ${outcomes.filter((o) => o.pendingAfterKill > 0).length}); imported ${sum((o) => o.imported)}, cleared ${sum((o) => o.cleared)}; ` +
      `duplicates ${sum((o) => o.duplicates)}, orphans ${sum((o) => o.orphans)}, declared objects missing ${sum((o) => o.missing)}, foreign objects changed ${sum((o) => o.foreignChanged)}, ` +
      `secrets in output ${sum((o) => o.secretsFound)}`,
  );
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
