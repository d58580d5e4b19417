// Verifications per second of events.dialpad for a typical call event (signed HS256 and plain JSON).
// Run: npx tsx bench/events.ts [iterations]   Prints figures; never asserts on time.
import { performance } from "node:perf_hooks";
import * as events from "../sdk/events";
import { callRinging } from "../tests/unit/events/fixtures";
import { nowSeconds, signHmac } from "../tests/unit/events/jws";

const SECRET = "dp-bench-secret-1";
const ITERATIONS = Math.max(1, Number(process.argv[2] ?? 20000));
const WARMUP = Math.min(1000, ITERATIONS);

async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await run();
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await run();
  const ms = performance.now() - start;
  const perSecond = Math.round((ITERATIONS / ms) * 1000);
  console.log(`${name.padEnd(46)} ${String(perSecond).padStart(8)} /s   ${((ms * 1000) / ITERATIONS).toFixed(1).padStart(6)} µs each`);
}

async function main(): Promise<void> {
  const token = signHmac({ ...callRinging, iat: nowSeconds() }, SECRET);
  const body = Buffer.from(token);
  const json = Buffer.from(JSON.stringify(callRinging));
  const verifier = events.dialpad.createVerifier(SECRET);
  const unsignedVerifier = events.dialpad.createVerifier();

  // Fail loudly rather than time a refusal.
  if ((await verifier(body)).kind !== "call") throw new Error("benchmark token did not verify as a call event");

  console.log(`node ${process.version}, ${ITERATIONS} iterations after ${WARMUP} warm-up, call event of ${json.length} bytes (token ${body.length} bytes)`);
  await measure("verify(body, secret)  HS256", () => events.dialpad.verify(body, SECRET));
  await measure("createVerifier(secret)(body)  HS256", () => verifier(body));
  await measure("createVerifier()(body)  plain JSON, no secret", () => unsignedVerifier(json));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
