// Provider contexts (provider/context.ts): two configured providers in one process, for two Dialpad companies, share
// no credential, no listing and no rate limit, and neither touches the default context of the dynamic resources.
import assert from "node:assert/strict";
import { DEFAULT_DIALPAD_API_KEY, DEFAULT_DIALPAD_COMPANY_ID } from "../../../emulator";
import { controllerIn, defaultContext } from "../../../provider";
import { ProviderContext, currentContext } from "../../../provider/context";
import { dialpadClient } from "../../../provider/dialpad/collection";
import { listingFor } from "../../../provider/listing";
import { contextWith } from "../../helpers/context";
import { adminState, vendorRequest, withEmulator } from "../../helpers/emulator";

const SANDBOX_KEY = "dp-context-sandbox-key";
const PROD_KEY = "dp-context-prod-key";

const contextFor = (apiKey: string, url: string, rateLimits = false) =>
  contextWith({ "dialpad:apiKey": apiKey, "dialpad:baseUrl": url }, { rateLimits, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } });

describe("provider contexts: several accounts in one process", () => {
  const emu = withEmulator({
    dialpadApiKeys: { [DEFAULT_DIALPAD_API_KEY]: { companyId: DEFAULT_DIALPAD_COMPANY_ID }, [SANDBOX_KEY]: { companyId: "7002" }, [PROD_KEY]: { companyId: "7003" } },
  });
  const hooksOf = async (key: string) =>
    ((await vendorRequest(emu.url, "GET", "/api/v2/webhooks", { token: key })).body as { items?: { hook_url: string }[] }).items?.map((h) => h.hook_url) ?? [];

  it("creates at the same time through two contexts land each at its own company", async () => {
    const sandbox = contextFor(SANDBOX_KEY, emu.url);
    const prod = contextFor(PROD_KEY, emu.url);
    const create = async (ctx: ProviderContext, hookUrl: string) => {
      const c = controllerIn(ctx, "dialpad:Webhook");
      return c.create((await c.check({}, { hookUrl })).inputs ?? {});
    };
    const made = await Promise.all([
      create(sandbox, "https://sandbox.example.com/a"), create(prod, "https://prod.example.com/a"),
      create(sandbox, "https://sandbox.example.com/b"), create(prod, "https://prod.example.com/b"),
    ]);
    assert.deepEqual((await hooksOf(SANDBOX_KEY)).sort(), ["https://sandbox.example.com/a", "https://sandbox.example.com/b"]);
    assert.deepEqual((await hooksOf(PROD_KEY)).sort(), ["https://prod.example.com/a", "https://prod.example.com/b"]);
    assert.deepEqual(await hooksOf(DEFAULT_DIALPAD_API_KEY), [], "nothing at the default company");
    assert.equal((await adminState(emu.url)).dialpad.webhooks.length, 4);

    // A read through one context never finds the other company's object: each reads its own listing.
    const prodHook = made[1]!;
    const read = await controllerIn(sandbox, "dialpad:Webhook").read(prodHook.id, prodHook.outs ?? {});
    assert.equal(read.id, "", "the sandbox provider sees no such webhook (deleted, from its point of view)");
    const again = await controllerIn(prod, "dialpad:Webhook").read(prodHook.id, prodHook.outs ?? {});
    assert.equal(again.id, prodHook.id);
  });

  it("each context has its own clients, listings and limiter; the default context is left alone", async () => {
    const a = contextFor(SANDBOX_KEY, emu.url, true);
    const b = contextFor(PROD_KEY, emu.url, true);
    const clientA = a.run(() => dialpadClient());
    const clientB = b.run(() => dialpadClient());
    assert.notEqual(clientA, clientB);
    assert.equal(a.run(() => dialpadClient()), clientA, "one client per context and settings");
    assert.notEqual(a.limiter, b.limiter);
    const list = async () => ({ items: [], unreadable: [] });
    assert.notEqual(a.run(() => listingFor(clientA, "/api/v2/webhooks", list)), b.run(() => listingFor(clientA, "/api/v2/webhooks", list)));
    assert.equal(a.run(() => listingFor(clientA, "/x", list)), a.run(() => listingFor(clientA, "/x", list)));
    // Work started in a context stays in it across awaits; outside any, the default context answers.
    const seen = await a.run(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return currentContext();
    });
    assert.equal(seen, a);
    assert.equal(currentContext(), defaultContext());
    assert.equal(defaultContext().settings().dialpad.apiKey, process.env.DIALPAD_API_KEY || undefined, "the default context did not take either key");
  });

  it("a rotated credential makes a new client in that context only", () => {
    const values: Record<string, string> = { "dialpad:apiKey": SANDBOX_KEY, "dialpad:baseUrl": emu.url };
    const ctx = new ProviderContext({ config: { get: (k) => values[k] }, env: {} });
    const before = ctx.run(() => dialpadClient());
    values["dialpad:apiKey"] = PROD_KEY;
    assert.notEqual(ctx.run(() => dialpadClient()), before);
  });

  it("a context without credentials says which setting is missing, naming no other context's", async () => {
    contextFor(SANDBOX_KEY, emu.url).run(() => dialpadClient());
    const bare = new ProviderContext({ env: {} });
    assert.throws(() => bare.run(() => dialpadClient()), /Dialpad resources needs dialpad:apiKey/);
  });
});
