// The example receiver (examples/receiver) under load and bad input, over loopback only: a bounded number of
// deliveries mixing valid, forged, replayed, oversized and malformed ones, several in flight. Every valid delivery
// must be handled exactly once, every replay recognised (200 `redelivery`, not handled again), every bad one refused
// with its status. The receiver runs in a child process of its own (node --expose-gc), which reports what it handled
// and its heap and RSS after a GC, sampled along the way and printed. Stops by itself (count, then a time limit).
// Run: npx tsx bench/receiver-load.ts [--count 10000] [--concurrency 16] [--seed 1] [--max-seconds 300]
//        [--remember 10000] [--replay-window 2000]
// Prints figures; asserts counts and statuses (exit 1 on a mismatch), never times.
import { type ChildProcess, fork } from "node:child_process";
import http from "node:http";
import { performance } from "node:perf_hooks";
import {
  SimulateAgentStatus, SimulateCall, SimulateChangelog, SimulateContact, SimulateSms,
  buildAgentStatusEvent, buildCallEvent, buildChangelogEvent, buildContactEvent, buildSmsEvent,
} from "../emulator/simulate";
import { seededRandom } from "../emulator/faults";
import { DIALPAD_PATH, type ReceivedEvent, startReceiver } from "../examples/receiver";
import { signHmac, signNone } from "../tests/unit/events/jws";

export const CATEGORIES = ["valid", "forged", "replayed", "oversized", "malformed"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Share of each category in the mix (a replay needs an earlier valid delivery with an id; before one exists, a valid one is sent). */
const MIX: Record<Category, number> = { valid: 0.5, forged: 0.12, replayed: 0.15, oversized: 0.05, malformed: 0.18 };

export interface LoadOptions {
  count: number;
  concurrency?: number;
  seed?: number;
  /** The run stops sending after this long and reports what did not complete. */
  maxSeconds?: number;
  /** The receiver's body limit; oversized deliveries are one byte over it. */
  maxBodyBytes?: number;
  /** Memory samples (heap, RSS) at this many points of the run, plus before it. */
  samples?: number;
  /** Replays resend one of the last this many valid deliveries with an id. Default 2,000. */
  replayWindow?: number;
  /** How many events the receiver remembers to recognise redeliveries (`dialpad.redeliveries.remember`). Default 10,000. */
  remember?: number;
  log?: (line: string) => void;
}

export interface MemorySample { sent: number; heapUsedMB: number; rssMB: number; gc: boolean }

export interface LoadResult {
  sent: Record<Category, number>;
  /** `category status[ code]` → count, e.g. `forged 401 bad_signature`. */
  outcomes: Record<string, number>;
  /** Deliveries whose answer was not the one expected for their category (first 20). */
  unexpected: string[];
  mismatches: number;
  /** Valid deliveries handled other than exactly once, and bad ones handled at all. */
  handledWrongly: number;
  validHandledOnce: number;
  incomplete: number;
  seconds: number;
  memory: MemorySample[];
}

const SECRET = "dp-load-secret-1";
const FORGED_SECRET = "dp-load-forger-9";

/** The emulator's seeded PRNG, so a seed replays the same mix. */
const prng = seededRandom;

type Kind = "call" | "sms" | "contact" | "agent_status" | "changelog";
const KINDS: Kind[] = ["call", "sms", "contact", "agent_status", "changelog"];
/** Kinds whose payload carries an id (events.dialpad.deliveryKey): their replays are recognised. */
const WITH_ID = new Set<Kind>(["call", "sms", "agent_status"]);

/** An event of `kind` built by the emulator's own builders, made unique by `n` and tagged with `bench_id`. */
function eventOf(kind: Kind, n: number): Record<string, unknown> {
  const tag = { bench_id: n };
  switch (kind) {
    case "call":
      return buildCallEvent(SimulateCall.parse({ event: { call_id: 10_000_000_000 + n, ...tag } }));
    case "sms":
      return buildSmsEvent(SimulateSms.parse({ event: { id: 20_000_000_000 + n, ...tag } }));
    case "contact":
      return buildContactEvent(SimulateContact.parse({ event: tag }));
    case "agent_status":
      return buildAgentStatusEvent(SimulateAgentStatus.parse({ event: { event_timestamp: 1_700_000_000_000 + n, ...tag } }));
    case "changelog":
      return buildChangelogEvent(SimulateChangelog.parse({ event: tag }));
  }
}

interface Planned {
  category: Category;
  body: Buffer;
  /** Expected status and error code (undefined code: a 200). */
  status: number;
  code?: string;
  redelivery?: boolean;
  benchId?: number;
  /** A valid delivery with an id: once answered, replays may resend it. */
  replay?: boolean;
}

/** Bad bodies of the malformed kind, each with the answer the handler owes it. */
const MALFORMED: Array<{ body: Buffer; status: number; code: string }> = [
  { body: Buffer.from("{not json"), status: 400, code: "malformed" },
  { body: Buffer.from(""), status: 400, code: "malformed" },
  { body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), status: 400, code: "malformed" }, // invalid UTF-8
  { body: Buffer.from("[1,2,3]"), status: 400, code: "not_an_event" },
  { body: Buffer.from("@@@.###.$$$"), status: 400, code: "malformed" },
  { body: Buffer.from("e30.e30.sig"), status: 401, code: "wrong_algorithm" }, // header {} names no algorithm
  { body: Buffer.from(signHmac({ call_id: "x", state: 7 }, SECRET)), status: 400, code: "not_an_event" }, // a call of the wrong shape
];

// ---- the receiver's process: the example receiver, counting what it handled by bench_id ----

type ToChild = { type: "memory"; sent: number } | { type: "done" };
type FromChild =
  | { type: "listening"; url: string }
  | { type: "memory"; sample: MemorySample }
  | { type: "handled"; counts: Array<[number, number]> };

async function child(count: number, maxBodyBytes: number, remember: number): Promise<void> {
  // Allocated once, so that counting adds nothing to the memory measured (saturates at 255).
  const handled = new Uint8Array(count);
  const record = (received: ReceivedEvent) => {
    const id = (received.event as { bench_id?: unknown }).bench_id;
    if (typeof id === "number" && Number.isInteger(id) && id >= 0 && id < count && handled[id] < 255) handled[id]++;
  };
  const receiver = await startReceiver({
    port: 0, host: "127.0.0.1", secret: SECRET, maxBodyBytes, redeliveries: { remember }, log: () => undefined, onEvent: record,
  });
  const send = (message: FromChild) => process.send?.(message);
  process.on("message", (message: ToChild) => {
    if (message.type === "memory") {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const m = process.memoryUsage();
      send({ type: "memory", sample: { sent: message.sent, heapUsedMB: Math.round(m.heapUsed / 1e5) / 10, rssMB: Math.round(m.rss / 1e5) / 10, gc: gc !== undefined } });
    } else {
      send({ type: "handled", counts: [...handled.entries()].filter(([, n]) => n > 0) });
      process.disconnect();
    }
  });
  // The parent gone (done, or failed): nothing more to answer.
  process.once("disconnect", () => void receiver.close().finally(() => process.exit(0)));
  send({ type: "listening", url: receiver.url });
}

/** Starts the receiver's process and returns a way to ask it things; it ends when told `done`. */
async function startChild(count: number, maxBodyBytes: number, remember: number) {
  const proc: ChildProcess = fork(__filename, ["--child", String(count), String(maxBodyBytes), String(remember)], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting: Array<(m: FromChild) => void> = [];
  proc.on("message", (m: FromChild) => waiting.shift()?.(m));
  const next = () => new Promise<FromChild>((resolve, reject) => {
    waiting.push(resolve);
    proc.once("exit", (code) => reject(new Error(`the receiver's process exited (${code})`)));
  });
  const ask = (message: ToChild) => {
    const answer = next();
    proc.send(message);
    return answer;
  };
  const first = await next();
  if (first.type !== "listening") throw new Error("the receiver's process did not start");
  return {
    url: first.url,
    memory: async (sent: number): Promise<MemorySample> => {
      const m = await ask({ type: "memory", sent });
      if (m.type !== "memory") throw new Error("unexpected answer");
      return m.sample;
    },
    done: async (): Promise<Map<number, number>> => {
      const m = await ask({ type: "done" });
      if (m.type !== "handled") throw new Error("unexpected answer");
      return new Map(m.counts);
    },
  };
}

function post(agent: http.Agent | false, url: URL, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "POST",
      agent,
      headers: { "Content-Type": "application/jwt", "Content-Length": body.length },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export async function runReceiverLoad(options: LoadOptions): Promise<LoadResult> {
  const count = options.count;
  const concurrency = options.concurrency ?? 16;
  const random = prng(options.seed ?? 1);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const deadline = performance.now() + (options.maxSeconds ?? 300) * 1000;
  const sampleEvery = Math.max(1, Math.floor(count / (options.samples ?? 4)));
  const log = options.log ?? (() => undefined);
  const replayWindow = options.replayWindow ?? 2_000;

  const receiver = await startChild(count, maxBodyBytes, options.remember ?? 10_000);
  const url = new URL(`${receiver.url}${DIALPAD_PATH}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const oversizedBody = Buffer.alloc(maxBodyBytes + 1, 0x20);

  const sent = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  const outcomes: Record<string, number> = {};
  const unexpected: string[] = [];
  let mismatches = 0;
  let incomplete = 0;
  const validIds: number[] = [];
  const badIds: number[] = [];
  /** Valid deliveries with an id whose answer came back: what a replay may resend. */
  const replayable: Buffer[] = [];
  const memory: MemorySample[] = [await receiver.memory(0)];
  let sampling: Promise<void> = Promise.resolve();

  const pick = (): Category => {
    let r = random();
    for (const c of CATEGORIES) {
      if ((r -= MIX[c]) < 0) return c;
    }
    return "valid";
  };

  const plan = (n: number): Planned => {
    let category = pick();
    if (category === "replayed" && replayable.length === 0) category = "valid";
    switch (category) {
      case "valid": {
        const kind = KINDS[Math.floor(random() * KINDS.length)];
        return { category, body: Buffer.from(signHmac(eventOf(kind, n), SECRET)), status: 200, benchId: n, replay: WITH_ID.has(kind) };
      }
      case "forged": {
        const kind = KINDS[Math.floor(random() * KINDS.length)];
        const variant = Math.floor(random() * 3);
        const event = eventOf(kind, n);
        if (variant === 0) return { category, body: Buffer.from(signHmac(event, FORGED_SECRET)), status: 401, code: "bad_signature", benchId: n };
        if (variant === 1) return { category, body: Buffer.from(signNone(event)), status: 401, code: "wrong_algorithm", benchId: n };
        return { category, body: Buffer.from(JSON.stringify(event)), status: 401, code: "unsigned", benchId: n };
      }
      case "replayed":
        return { category, body: replayable[Math.floor(random() * replayable.length)], status: 200, redelivery: true };
      case "oversized":
        return { category, body: oversizedBody, status: 413, code: "body_too_large" };
      case "malformed": {
        const m = MALFORMED[Math.floor(random() * MALFORMED.length)];
        return { category, body: m.body, status: m.status, code: m.code };
      }
    }
  };

  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      if (performance.now() > deadline) {
        incomplete += count - next;
        next = count;
        return;
      }
      const n = next++;
      const p = plan(n);
      sent[p.category]++;
      if (p.benchId !== undefined) (p.category === "valid" ? validIds : badIds).push(p.benchId);
      let status = 0;
      let text: string;
      try {
        // Oversized bodies close their connection (the handler stops reading): one of their own.
        ({ status, text } = await post(p.category === "oversized" ? false : agent, url, p.body));
      } catch (err) {
        text = `error: ${err instanceof Error ? err.message : String(err)}`;
      }
      let code: string | undefined;
      let redelivery = false;
      try {
        const answer = JSON.parse(text) as { error?: { code?: string }; redelivery?: boolean };
        code = answer.error?.code;
        redelivery = answer.redelivery === true;
      } catch {
        code = text.slice(0, 60);
      }
      const key = `${p.category} ${status}${code ? ` ${code}` : ""}${redelivery ? " redelivery" : ""}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (status !== p.status || code !== p.code || redelivery !== (p.redelivery === true)) {
        mismatches++;
        if (unexpected.length < 20) unexpected.push(`#${n} ${p.category}: expected ${p.status}${p.code ? ` ${p.code}` : ""}${p.redelivery ? " redelivery" : ""}, got ${key}`);
      }
      if (p.replay && status === 200) {
        replayable.push(p.body);
        if (replayable.length > replayWindow) replayable.shift();
      }
      if ((n + 1) % sampleEvery === 0) {
        sampling = sampling.then(async () => void memory.push(await receiver.memory(n + 1)));
        log(`  ${n + 1} sent`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  await sampling;
  memory.push(await receiver.memory(count - incomplete));
  const handled = await receiver.done();

  let handledWrongly = 0;
  let validHandledOnce = 0;
  for (const id of validIds) {
    if (handled.get(id) === 1) validHandledOnce++;
    else handledWrongly++;
  }
  for (const id of badIds) if (handled.has(id)) handledWrongly++;
  return { sent, outcomes, unexpected, mismatches, handledWrongly, validHandledOnce, incomplete, seconds, memory };
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const count = option("count", 10_000);
  const concurrency = option("concurrency", 16);
  const seed = option("seed", 1);
  const remember = option("remember", 10_000);
  const replayWindow = option("replay-window", Math.min(2_000, remember));
  console.log(
    `node ${process.version}, ${count} deliveries to the example receiver on 127.0.0.1, ${concurrency} in flight, seed ${seed}, ` +
      `receiver remembers ${remember} events, replays from the last ${replayWindow}`,
  );
  const r = await runReceiverLoad({ count, concurrency, seed, remember, replayWindow, maxSeconds: option("max-seconds", 300), log: (line) => console.log(line) });
  console.log(`sent: ${CATEGORIES.map((c) => `${c} ${r.sent[c]}`).join(", ")}`);
  console.log("answers:");
  for (const [key, n] of Object.entries(r.outcomes).sort()) console.log(`  ${key.padEnd(40)} ${n}`);
  console.log(`valid handled exactly once: ${r.validHandledOnce}/${r.sent.valid}; handled wrongly: ${r.handledWrongly}; unexpected answers: ${r.mismatches}; not sent (time limit): ${r.incomplete}`);
  console.log(`${Math.round((count - r.incomplete) / r.seconds)} deliveries/s over ${r.seconds.toFixed(1)} s (loopback; generator and receiver share the CPUs)`);
  console.log("the receiver's memory (heap used / RSS, MB):");
  for (const m of r.memory) console.log(`  after ${String(m.sent).padStart(6)}: ${m.heapUsedMB} / ${m.rssMB}${m.gc ? " (after gc)" : ""}`);
  for (const line of r.unexpected) console.log(`  unexpected: ${line}`);
  if (r.mismatches > 0 || r.handledWrongly > 0 || r.incomplete > 0) process.exit(1);
}

if (require.main === module && process.argv[2] === "--child") {
  child(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
