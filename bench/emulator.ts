// Benchmark of the emulator: requests/second it serves on loopback (rate limits off, keep-alive, concurrency 32) and its
// memory with 10,000 stored subscriptions. Prints figures; asserts nothing. Run: npx tsx bench/emulator.ts
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

const CONCURRENCY = 32;
const COMPANIES = 100; // the quota is 100 subscriptions of a type per company: 100 x 100 = 10,000
const SUBS_PER_COMPANY = 100;
const keyOf = (i: number): string => `bench-key-${String(i).padStart(3, "0")}`;

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(base: string, method: string, path: string, key: string | undefined, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((ok, fail) => {
    const req = request(`${base}${path}`, {
      method, agent,
      headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...(payload ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end(payload);
  });
}

/** Runs `total` requests made by `make(i)` with CONCURRENCY in flight; returns requests/second and failures. */
async function load(total: number, make: (i: number) => Promise<{ status: number }>): Promise<{ rps: number; failures: number; seconds: number }> {
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) {
      const i = next++;
      const res = await make(i);
      if (res.status !== 200) failures++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rps: total / seconds, failures, seconds };
}

async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const keys = Object.fromEntries(Array.from({ length: COMPANIES }, (_v, i) => [keyOf(i), { companyId: String(5000 + i) }]));
  // The emulator runs in its own process (tsx-compiled, --expose-gc so its heap can be measured after a collection).
  const script = `require(${JSON.stringify(resolve(__dirname, "../emulator/index.ts"))}).startEmulator({ rateLimits: false, dialpadApiKeys: ${JSON.stringify(keys)} })` +
    ".then((e) => console.log('URL ' + e.url))";
  const child = spawn(process.execPath, ["--expose-gc", "--require", "tsx/cjs", "-e", script], { stdio: ["ignore", "pipe", "inherit"], cwd: resolve(__dirname, "..") });
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line: string) => {
      if (line.startsWith("URL ")) ok(line.slice(4));
    });
    child.once("exit", (code) => fail(new Error(`emulator exited with ${code}`)));
  });
  return { child, url };
}

async function memory(url: string): Promise<{ rssBytes: number; heapUsedBytes: number; collected: boolean }> {
  return (JSON.parse((await call(url, "GET", "/_emulator/health?gc=1", undefined)).text) as { memory: { rssBytes: number; heapUsedBytes: number; collected: boolean } }).memory;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const row = (name: string, r: { rps: number; failures: number; seconds: number }, total: number): void =>
  console.log(`${name.padEnd(46)} ${String(total).padStart(6)} req  ${r.rps.toFixed(0).padStart(7)} req/s  ${r.seconds.toFixed(2)} s  failures ${r.failures}`);

async function main(): Promise<void> {
  const { child, url } = await startChild();
  try {
    console.log(`emulator benchmark: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "unknown"}), concurrency ${CONCURRENCY}, keep-alive, rate limits off`);
    const before = await memory(url);

    // One webhook per company, then 100 call subscriptions each: 10,000 stored subscriptions.
    const hooks: string[] = [];
    for (let c = 0; c < COMPANIES; c++) {
      const res = await call(url, "POST", "/api/v2/webhooks", keyOf(c), { hook_url: `https://bench.example.com/${c}`, secret: "bench-secret" });
      hooks.push((JSON.parse(res.text) as { id: string }).id);
    }
    const total = COMPANIES * SUBS_PER_COMPANY;
    const fill = await load(total, (i) => {
      const c = i % COMPANIES;
      return call(url, "POST", "/api/v2/subscriptions/call", keyOf(c), { endpoint_id: hooks[c], call_states: ["ringing", "hangup"], target_type: "office", target_id: i + 1 });
    });
    row("POST /subscriptions/call (fill to 10,000)", fill, total);
    const after = await memory(url);
    await call(url, "DELETE", "/_emulator/requests", undefined);
    const afterNoLog = await memory(url);

    const getOne = await load(20_000, (i) => call(url, "GET", `/api/v2/webhooks/${hooks[i % COMPANIES]}`, keyOf(i % COMPANIES)));
    row("GET /webhooks/{id}", getOne, 20_000);
    const list = await load(5_000, (i) => call(url, "GET", "/api/v2/subscriptions/call", keyOf(i % COMPANIES)));
    row("GET /subscriptions/call (page of 20, 10k stored)", list, 5_000);
    const createDelete = await load(5_000, async (i) => {
      const key = keyOf(i % COMPANIES);
      const created = await call(url, "POST", "/api/v2/webhooks", key, { hook_url: "https://bench.example.com/tmp" });
      if (created.status !== 200) return created;
      return call(url, "DELETE", `/api/v2/webhooks/${(JSON.parse(created.text) as { id: string }).id}`, key);
    });
    row("POST + DELETE /webhooks (pairs)", { ...createDelete, rps: createDelete.rps * 2 }, 10_000);

    console.log(`memory before fill: heap ${mb(before.heapUsedBytes)}, RSS ${mb(before.rssBytes)}${before.collected ? " (after GC)" : ""}`);
    console.log(`memory with 10,000 subscriptions: heap ${mb(after.heapUsedBytes)}, RSS ${mb(after.rssBytes)}${after.collected ? " (after GC)" : ""}`);
    console.log(`  the same with the request log cleared: heap ${mb(afterNoLog.heapUsedBytes)}, RSS ${mb(afterNoLog.rssBytes)}`);
    console.log(`heap per stored subscription: ~${((afterNoLog.heapUsedBytes - before.heapUsedBytes) / total).toFixed(0)} bytes`);
  } finally {
    agent.destroy();
    child.kill("SIGTERM");
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
