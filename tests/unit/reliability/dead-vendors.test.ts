// A vendor that cannot be reached, one that accepts connections and never answers, a fault that lasts, and two
// identical creates whose answers are both lost: every operation ends within its deadline, says what happened
// (and that nothing was created when nothing was sent), never multiplies retries, and never lets two resources
// take the same object. Times are asserted only as ratios of the configured deadline.
import assert from "node:assert/strict";
import dc from "node:diagnostics_channel";
import * as http from "node:http";
import type { ClientRequest } from "node:http";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, startEmulator } from "../../../emulator";
import { closedPortUrl, hangingServer } from "../../helpers/dead-hosts";
import { addFault, adminRequests, adminState, clearRequests } from "../../helpers/emulator";
import { RELAXED_TIMEOUT_MS, SECRETS, assertNoSecretIn, engineCreate, fastPolicy, newProviderProcess, outcome, reliabilityFixture } from "./harness";

const HOOK = { hookUrl: "https://ops.example.com/dialpad", secret: "wh-secret-01" };

/** Every HTTP request this process starts (method and path), whether or not a connection is ever made. */
function watchRequests(): { seen: string[]; stop(): void } {
  const seen: string[] = [];
  const listener = (m: unknown) => {
    const req = (m as { request: ClientRequest }).request;
    seen.push(`${req.method} ${req.path.split("?")[0]}`);
  };
  dc.subscribe("http.client.request.start", listener);
  return { seen, stop: () => dc.unsubscribe("http.client.request.start", listener) };
}

/** Points Dialpad (and Cinnox) at `baseUrl` through the stack config, as the engine would, with a deadline in seconds. */
function pointAt(baseUrl: string, deadlineSeconds: number): void {
  const config: Record<string, string> = {
    "dialpad:apiKey": DEFAULT_DIALPAD_API_KEY,
    "dialpad:baseUrl": baseUrl,
    "dialpad:operationDeadlineSeconds": String(deadlineSeconds),
    "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN,
    "cinnox:baseUrl": baseUrl,
    "cinnox:operationDeadlineSeconds": String(deadlineSeconds),
  };
  newProviderProcess({ config });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = Date.now();
  const result = await outcome(work);
  return { ms: Date.now() - started, ...result };
}

describe("reliability: unreachable and hanging vendors, lasting faults, concurrent lost creates", function () {
  this.timeout(60_000);
  const fx = reliabilityFixture(1);

  describe("unreachable vendor (a closed port)", () => {
    /** Long enough that the refusal is clearly not what ends the operation. */
    const DEADLINE_S = 20;

    it("fails fast, names the base URL, says nothing was created, and sends no POST", async () => {
      newProviderProcess({ policy: fastPolicy(3, RELAXED_TIMEOUT_MS) });
      const url = await closedPortUrl();
      pointAt(url, DEADLINE_S);
      const watch = watchRequests();
      const run = await timed(() => engineCreate("dialpad:Webhook", HOOK));
      watch.stop();
      assert.ok(run.error instanceof Error, "the create failed");
      const message = run.error.message;
      assert.match(message, /^dialpad:Webhook\b/);
      assert.ok(message.includes(`could not reach Dialpad at ${url} (ECONNREFUSED)`), message);
      assert.match(message, /nothing was created/);
      assertNoSecretIn(run.error, SECRETS);
      // Only the listing that comes before a create was tried (a few times): the POST was never attempted.
      assert.ok(watch.seen.length >= 1 && watch.seen.every((r) => r === "GET /api/v2/webhooks"), JSON.stringify(watch.seen));
      assert.ok(watch.seen.length <= 3, `refused connections are retried briefly: ${watch.seen.length}`);
      const ratio = run.ms / (DEADLINE_S * 1000);
      assert.ok(ratio < 0.25, `a refused connection fails long before the deadline (${ratio.toFixed(3)} of it)`);
    });

    it("when the vendor goes away after listing, the refused POST is not followed by any lookup", async () => {
      newProviderProcess({ policy: fastPolicy(3, RELAXED_TIMEOUT_MS) });
      const emu = await startEmulator({ port: 0, rateLimits: false });
      const url = emu.url;
      pointAt(url, DEADLINE_S);
      // This process lists webhooks (the baseline) while the vendor is up ...
      await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/first" });
      await emu.close();
      // ... then the vendor is gone: the port is closed, and no kept-alive connection to it is left over.
      http.globalAgent.destroy();
      const watch = watchRequests();
      const run = await timed(() => engineCreate("dialpad:Webhook", HOOK));
      watch.stop();
      assert.ok(run.error instanceof Error);
      assert.ok(run.error.message.includes(`could not reach Dialpad at ${url}`), run.error.message);
      assert.match(run.error.message, /Dialpad POST \/api\/v2\/webhooks failed: .*nothing was sent, so nothing was created/);
      assert.ok(watch.seen.length >= 1 && watch.seen.every((r) => r === "POST /api/v2/webhooks"), `no lookup after a refused POST: ${JSON.stringify(watch.seen)}`);
      assert.ok(run.ms / (DEADLINE_S * 1000) < 0.25);
    });

    it("when the vendor drops a POST's connection and then goes away, the error says an object may exist and to adopt it", async () => {
      newProviderProcess({ policy: fastPolicy(3, RELAXED_TIMEOUT_MS) });
      const emu = await startEmulator({ port: 0, rateLimits: false });
      const url = emu.url;
      pointAt(url, DEADLINE_S);
      await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/first" });
      // The connection kept alive from that create is cut under the next POST: its outcome is unknown.
      await emu.close();
      const run = await outcome(() => engineCreate("dialpad:Webhook", HOOK));
      assert.ok(run.error instanceof Error);
      const message = run.error.message;
      assert.match(message, /Dialpad POST \/api\/v2\/webhooks failed: no answer/, "the POST's lost answer comes first");
      assert.ok(message.includes(`could not reach Dialpad at ${url}`), message);
      assert.match(message, /an object may exist at the vendor, or appear later/);
      assert.match(message, /adoptId/);
      assertNoSecretIn(run.error, SECRETS);
    });
  });

  describe("hanging vendor (accepts, never answers)", () => {
    const DEADLINE_S = 1;

    for (const kind of ["dialpad:Webhook", "cinnox:InboundSmsSubscription"] as const) {
      it(`${kind}: create ends at the configured deadline, not at retries x timeout`, async () => {
        // Per-request timeout and retries far beyond the deadline: only the deadline can end the operation.
        newProviderProcess({ policy: fastPolicy(5, 10 * DEADLINE_S * 1000) });
        const server = await hangingServer();
        try {
          pointAt(server.url, DEADLINE_S);
          const raw = kind === "dialpad:Webhook" ? HOOK : { appId: "app-1", url: "https://ops.example.com/cinnox" };
          const run = await timed(() => engineCreate(kind, raw));
          assert.ok(run.error instanceof Error, "the create failed");
          const ratio = run.ms / (DEADLINE_S * 1000);
          assert.ok(ratio >= 0.9 && ratio <= 1.5, `failed at ${ratio.toFixed(2)} x the deadline`);
          const vendor = kind === "dialpad:Webhook" ? "Dialpad" : "Cinnox";
          assert.ok(run.error.message.includes(`gave up waiting for ${vendor} at ${server.url} after the operation deadline`), run.error.message);
          if (kind === "dialpad:Webhook") assert.match(run.error.message, /nothing was created/, "the listing before the POST hung: no POST was sent");
          assertNoSecretIn(run.error, SECRETS);
          assert.equal(server.connections, 1, "one request, left hanging until the deadline");
        } finally {
          await server.close();
        }
      });
    }
  });

  describe("a lasting fault", () => {
    const RETRIES = 3;
    const ATTEMPTS = RETRIES + 1;

    it("nested retries do not multiply: a 503 on every POST and every listing costs attempts + attempts, not attempts²", async () => {
      newProviderProcess({ policy: fastPolicy(RETRIES, RELAXED_TIMEOUT_MS) });
      const url = fx.emu.url;
      // This process has listed (its baseline) before the fault starts.
      await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/first" });
      await clearRequests(url);
      await addFault(url, { path: "/api/v2/webhooks", status: 503, count: 1000 });
      const run = await outcome(() => engineCreate("dialpad:Webhook", HOOK));
      assert.ok(run.error instanceof Error);
      assert.match(run.error.message, /failed 503/);
      assertNoSecretIn(run.error, SECRETS);
      const log = await adminRequests(url);
      const posts = log.filter((r) => r.method === "POST").length;
      const gets = log.filter((r) => r.method === "GET").length;
      // The POST's 503 sends the recovery listing, whose own retries are the only nested ones; it fails, so the POST is not re-sent.
      assert.equal(posts, 1, "a POST whose outcome is unknown is not re-sent while the lookup fails");
      assert.ok(gets <= ATTEMPTS, `the recovery listing retried ${gets} times`);
      assert.ok(log.length <= 2 * ATTEMPTS && log.length < ATTEMPTS * ATTEMPTS, `${log.length} requests`);
      assert.equal((await adminState(url)).dialpad.webhooks.length, 1, "nothing was created");
    });

    it("a 503 on every POST only: each attempt is one POST and one lookup, at most attempts of each", async () => {
      newProviderProcess({ policy: fastPolicy(RETRIES, RELAXED_TIMEOUT_MS) });
      const url = fx.emu.url;
      await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/first" });
      await clearRequests(url);
      await addFault(url, { method: "POST", path: "/api/v2/webhooks", status: 503, count: 1000 });
      const run = await outcome(() => engineCreate("dialpad:Webhook", HOOK));
      assert.ok(run.error instanceof Error);
      const log = await adminRequests(url);
      assert.equal(log.filter((r) => r.method === "POST").length, ATTEMPTS);
      assert.ok(log.filter((r) => r.method === "GET").length <= ATTEMPTS);
      assert.equal((await adminState(url)).dialpad.webhooks.length, 1, "nothing was created");
    });

    it("the lookup inside a create shares the create's deadline", async () => {
      const DEADLINE_S = 1;
      newProviderProcess({ policy: fastPolicy(RETRIES, 10 * DEADLINE_S * 1000) });
      const url = fx.emu.url;
      pointAt(url, DEADLINE_S);
      await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/first" });
      await addFault(url, { method: "POST", path: "/api/v2/webhooks", status: 503, count: 1000 });
      // The recovery listing never gets an answer (and what it asked for never matters: it is a GET).
      await addFault(url, { method: "GET", path: "/api/v2/webhooks", late: { afterMs: 60_000, connection: "hang" }, count: 1000 });
      const run = await timed(() => engineCreate("dialpad:Webhook", HOOK));
      assert.ok(run.error instanceof Error);
      const ratio = run.ms / (DEADLINE_S * 1000);
      assert.ok(ratio >= 0.9 && ratio <= 1.5, `failed at ${ratio.toFixed(2)} x the deadline`);
      assert.match(run.error.message, /operation deadline/);
    });
  });

  describe("two identical creates whose answers are both lost", () => {
    for (const fault of [{ reset: "after" as const }, { status: 503, apply: "after" as const }]) {
      it(`(${JSON.stringify(fault)}) each takes one of the two objects (own twins), never the same, and makes no third one`, async () => {
        newProviderProcess({ policy: fastPolicy(1, RELAXED_TIMEOUT_MS) });
        const url = fx.emu.url;
        await addFault(url, { method: "POST", path: "/api/v2/webhooks", count: 2, ...fault });
        const results = await Promise.all([outcome(() => engineCreate("dialpad:Webhook", HOOK)), outcome(() => engineCreate("dialpad:Webhook", HOOK))]);
        const made = (await adminState(url)).dialpad.webhooks.map((w) => w.id).sort();
        assert.equal(made.length, 2, "both POSTs landed, nothing else was made");
        for (const r of results) assert.equal(r.error, undefined, `both creates succeed: ${String(r.error)}`);
        const adopted = results.flatMap((r) => (r.value ? [r.value.id] : [])).sort();
        assert.deepEqual(adopted, made, "each resource holds one of the two objects");
      });
    }
  });
});
