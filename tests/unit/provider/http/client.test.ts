// The HTTP policy against the emulator's fault injection: what is retried, what is not, what the errors say.
import assert from "node:assert/strict";
import { z } from "zod";
import { DEFAULT_DIALPAD_API_KEY } from "../../../../emulator";
import {
  AuthenticationError, ConnectionError, InvalidRequestError, NotFoundError, RateLimitError, ServerError, VendorClient,
  createVendorClient, redact,
} from "../../../../provider/http";
import { addFault, adminRequests, adminState, withEmulator } from "../../../helpers/emulator";

const hook = z.looseObject({ id: z.string(), hook_url: z.string() });
const hookList = z.looseObject({ items: z.array(hook) });

describe("provider/http vendor client", () => {
  const fx = withEmulator();

  const client = (opts: { maxRetries?: number; timeoutMs?: number; apiKey?: string } = {}): VendorClient =>
    createVendorClient({
      vendor: "Dialpad",
      baseUrl: fx.url,
      headers: { Authorization: `Bearer ${opts.apiKey ?? DEFAULT_DIALPAD_API_KEY}` },
      retry: { maxRetries: opts.maxRetries ?? 3, baseDelayMs: 2, maxDelayMs: 10 },
      timeoutMs: opts.timeoutMs,
      parseError: (b) => (b as { error?: { message?: string } } | undefined)?.error?.message,
      secrets: [opts.apiKey ?? DEFAULT_DIALPAD_API_KEY],
    });
  const createHook = (c: VendorClient, recover?: () => Promise<z.output<typeof hook> | undefined>) =>
    c.request({ method: "POST", path: "/api/v2/webhooks", body: { hook_url: "https://h.example.com/x" }, parse: (d) => hook.parse(d), recover });
  const listHooks = (c: VendorClient) => c.request({ method: "GET", path: "/api/v2/webhooks", parse: (d) => hookList.parse(d).items });

  it("retries a 429 honouring Retry-After, then succeeds", async () => {
    await addFault(fx.url, { method: "POST", path: "/api/v2/webhooks", status: 429, retryAfter: 0 });
    const created = await createHook(client());
    assert.equal(created.hook_url, "https://h.example.com/x");
    const posts = (await adminRequests(fx.url)).filter((r) => r.method === "POST");
    assert.deepEqual(posts.map((r) => r.status), [429, 200]);
  });

  it("retries a 429 without Retry-After with backoff", async () => {
    await addFault(fx.url, { method: "GET", path: "/api/v2/webhooks", status: 429, retryAfter: null, count: 2 });
    assert.deepEqual(await listHooks(client()), []);
    assert.deepEqual((await adminRequests(fx.url)).map((r) => r.status), [429, 429, 200]);
  });

  it("after a 503 on a POST, looks before sending it again, creating exactly one object", async () => {
    await addFault(fx.url, { method: "POST", path: "/api/v2/webhooks", status: 503 });
    const c = client();
    await createHook(c, async () => (await listHooks(c)).find((h) => h.hook_url === "https://h.example.com/x"));
    assert.equal((await adminState(fx.url)).dialpad.webhooks.length, 1);
    assert.deepEqual((await adminRequests(fx.url)).map((r) => `${r.method} ${r.status}`), ["POST 503", "GET 200", "POST 200"]);
  });

  it("never sends a POST again after a 5xx when it cannot look for what it made", async () => {
    await addFault(fx.url, { method: "POST", path: "/api/v2/webhooks", status: 503 });
    await assert.rejects(createHook(client()), ServerError);
    assert.equal((await adminRequests(fx.url)).length, 1);
  });

  it("retries a GET whose connection was reset before the server applied it", async () => {
    await addFault(fx.url, { method: "GET", path: "/api/v2/webhooks", reset: "before" });
    assert.deepEqual(await listHooks(client()), []);
    assert.equal((await adminRequests(fx.url)).length, 2);
  });

  it("after a reset following a POST, adopts what the lost request created instead of posting again", async () => {
    await addFault(fx.url, { method: "POST", path: "/api/v2/webhooks", reset: "after" });
    const c = client();
    const created = await createHook(c, async () => (await listHooks(c)).find((h) => h.hook_url === "https://h.example.com/x"));
    const state = await adminState(fx.url);
    assert.equal(state.dialpad.webhooks.length, 1, "no duplicate webhook");
    assert.equal(created.id, state.dialpad.webhooks[0]?.id);
    assert.deepEqual((await adminRequests(fx.url)).map((r) => r.method), ["POST", "GET"]);
  });

  it("after a reset before a POST was applied, finds nothing and does not post again (it may still land)", async () => {
    await addFault(fx.url, { method: "POST", path: "/api/v2/webhooks", reset: "before" });
    const c = client();
    const err = await createHook(c, async () => (await listHooks(c)).find((h) => h.hook_url === "https://h.example.com/x")).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ConnectionError);
    assert.match(err.message, /may appear at the vendor later/);
    assert.match(err.message, /adoptId/);
    assert.equal((await adminState(fx.url)).dialpad.webhooks.length, 0);
    assert.deepEqual((await adminRequests(fx.url)).map((r) => r.method), ["POST", "GET"]);
  });

  it("never blindly retries a POST whose answer was lost", async () => {
    await addFault(fx.url, { method: "POST", path: "/api/v2/webhooks", reset: "after" });
    await assert.rejects(createHook(client()), ConnectionError);
    assert.equal((await adminRequests(fx.url)).length, 1);
  });

  it("retries a request that timed out", async () => {
    // The first answer comes after the timeout: success proves the retry; without retries it is a ConnectionError.
    await addFault(fx.url, { method: "GET", path: "/api/v2/webhooks", delayMs: 400 });
    assert.deepEqual(await listHooks(client({ timeoutMs: 150 })), []);
    await addFault(fx.url, { method: "GET", path: "/api/v2/webhooks", delayMs: 400 });
    await assert.rejects(listHooks(client({ timeoutMs: 150, maxRetries: 0 })), (e: unknown) => e instanceof ConnectionError && /timeout|ECONNABORTED/i.test(e.message));
    // The abandoned requests are still being answered: let them land in this test's log, not the next one's.
    for (let i = 0; i < 100 && (await adminRequests(fx.url)).length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await adminRequests(fx.url)).length, 3);
  });

  it("gives a clear error naming vendor, method, path and status once retries are exhausted", async () => {
    await addFault(fx.url, { method: "GET", path: "/api/v2/webhooks", status: 503, count: 10 });
    const err = await listHooks(client({ maxRetries: 2 })).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ServerError);
    assert.match(err.message, /^Dialpad GET \/api\/v2\/webhooks failed 503: injected fault: status 503 \(after 3 attempts\)$/);
    assert.equal((await adminRequests(fx.url)).length, 3);
  });

  it("reports a 429 that does not stop as a RateLimitError", async () => {
    await addFault(fx.url, { method: "GET", status: 429, retryAfter: 0, count: 10 });
    await assert.rejects(listHooks(client({ maxRetries: 1 })), RateLimitError);
  });

  it("does not retry other 4xx and keeps the vendor's message", async () => {
    const c = client();
    await assert.rejects(
      c.request({ method: "POST", path: "/api/v2/webhooks", body: { hook_url: "ftp://x" }, parse: (d) => d }),
      (e: unknown) => e instanceof InvalidRequestError && e.status === 400 && /hook_url/.test(e.message),
    );
    await assert.rejects(c.request({ method: "GET", path: "/api/v2/webhooks/999", parse: (d) => d }), NotFoundError);
    assert.equal((await adminRequests(fx.url)).length, 2);
  });

  it("never puts the credential in an error", async () => {
    const wrong = "dp-wrong-key-01";
    const err = await listHooks(client({ apiKey: wrong })).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.status, 401);
    assert.ok(!err.message.includes(wrong));
    assert.ok(!JSON.stringify(err).includes(wrong));
  });

  it("redacts apikey query values and bearer tokens from messages", async () => {
    assert.equal(redact("GET /x?apikey=abc&b=1 Authorization: Bearer tok"), "GET /x?apikey=[redacted]&b=1 Authorization: Bearer [redacted]");
    assert.equal(redact("key dp-k-1 leaked", ["dp-k-1"]), "key [redacted] leaked");
  });
});
