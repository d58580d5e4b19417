// `drift --unmanaged` across stacks of one account: stacks are the same account when Dialpad answers the same
// company for their credentials (GET /api/v2/company), whatever their config text says; when it cannot be read,
// stacks with the same key are one account. The stacks' config and state are given as the Automation API hands
// them out; the vendor is the emulator.
import assert from "node:assert/strict";
import type { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { findUnmanaged } from "../../../cli/drift/unmanaged";
import { addFault, adminRequests, clearRequests, dialpad, withEmulator } from "../../helpers/emulator";

const KEY = "dp-unmanaged-key-1";
const OTHER_KEY_SAME_COMPANY = "dp-unmanaged-key-2";
const OTHER_COMPANY_KEY = "dp-unmanaged-key-3";

/** A stack as findUnmanaged reads it: its name, its config (secrets decrypted) and its exported state's resources. */
function stackWith(name: string, config: Record<string, string>, resources: Record<string, unknown>[]): Stack {
  const map: ConfigMap = Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }]));
  return { name, workspace: { getAllConfig: async () => map }, exportStack: async () => ({ version: 3, deployment: { resources } }) } as unknown as Stack;
}

/** A stack of dynamic webhooks. */
const stack = (name: string, config: Record<string, string>, webhookIds: string[]): Stack =>
  stackWith(name, config, webhookIds.map((id) => ({ urn: `urn:pulumi:${name}::p::pulumi-nodejs:dynamic/dialpad:Webhook::h${id}`, type: "pulumi-nodejs:dynamic/dialpad:Webhook", id })));

/** A secret as `stack export --show-secrets` (the Automation API's exportStack) decrypts it. */
const decrypted = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(value) });

/** A native Dialpad provider resource of a stack's state, and a native webhook under it. */
const nativeProvider = (stackName: string, name: string, inputs: Record<string, unknown>) =>
  ({ urn: `urn:pulumi:${stackName}::p::pulumi:providers:dialpad::${name}`, type: "pulumi:providers:dialpad", id: `${name}-uuid`, inputs });
const nativeWebhook = (provider: { urn: string; id: string }, id: string) =>
  ({ urn: `${provider.urn.replace(/::pulumi:providers:dialpad::.*$/, "")}::dialpad:index:Webhook::h${id}`, type: "dialpad:index:Webhook", id, provider: `${provider.urn}::${provider.id}` });

describe("cli: drift --unmanaged groups stacks by the company Dialpad answers", () => {
  const emu = withEmulator({
    dialpadApiKeys: { [KEY]: { companyId: "1001" }, [OTHER_KEY_SAME_COMPANY]: { companyId: "1001" }, [OTHER_COMPANY_KEY]: { companyId: "2002" } },
  });
  const hook = async (key: string, n: number) =>
    ((await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${n}` }, key)).body as { id: string }).id;

  it("two stacks with the same key, one with dialpad:companyId and one without: one account, each object once", async () => {
    const [a, b, orphan] = [await hook(KEY, 1), await hook(KEY, 2), await hook(KEY, 3)];
    const other = await hook(OTHER_COMPANY_KEY, 4);
    await clearRequests(emu.url);
    const lines: string[] = [];
    const report = await findUnmanaged([
      stack("dev", { "dialpad:apiKey": KEY, "dialpad:baseUrl": emu.url }, [a]),
      stack("prod", { "dialpad:apiKey": KEY, "dialpad:baseUrl": emu.url, "dialpad:companyId": "1001" }, [b]),
      stack("staging", { "dialpad:apiKey": OTHER_KEY_SAME_COMPANY, "dialpad:baseUrl": emu.url }, []),
      stack("elsewhere", { "dialpad:apiKey": OTHER_COMPANY_KEY, "dialpad:baseUrl": emu.url }, [other]),
    ], { progress: (l) => lines.push(l) });
    assert.equal(report.status, "found", lines.join("\n"));
    assert.deepEqual(report.accounts.map((x) => ({ companyId: x.companyId, stacks: x.stacks, listed: x.listed, objects: x.objects.map((o) => o.id) })), [
      { companyId: "1001", stacks: ["dev", "prod", "staging"], listed: 3, objects: [orphan] },
      { companyId: "2002", stacks: ["elsewhere"], listed: 1, objects: [] },
    ]);
    const companyReads = (await adminRequests(emu.url)).filter((r) => r.path === "/api/v2/company");
    assert.equal(companyReads.length, 4, "one company read per distinct credential (dev and prod differ by DP-Company-ID)");
    assert.ok(lines.includes(`unmanaged: Dialpad at ${emu.url} answers company 1001 for the credentials of dev`), lines.join("\n"));
  });

  it("when the company cannot be read, the stacks of one key are one account, and the progress says so", async () => {
    const [a, orphan] = [await hook(KEY, 1), await hook(KEY, 2)];
    await addFault(emu.url, { method: "GET", path: "/api/v2/company", status: 403, rate: 1 });
    const lines: string[] = [];
    const report = await findUnmanaged([
      stack("dev", { "dialpad:apiKey": KEY, "dialpad:baseUrl": emu.url }, [a]),
      stack("prod", { "dialpad:apiKey": KEY, "dialpad:baseUrl": emu.url, "dialpad:companyId": "1001" }, []),
    ], { progress: (l) => lines.push(l) });
    assert.deepEqual(report.accounts.map((x) => ({ companyId: x.companyId, stacks: x.stacks, objects: x.objects.map((o) => o.id) })), [
      { companyId: undefined, stacks: ["dev", "prod"], objects: [orphan] },
    ]);
    assert.ok(lines.some((l) => /^unmanaged: cannot read the company at .* for dev \(.*403.*\): grouping these stacks with the others of the same API key instead$/.test(l)), lines.join("\n"));
    assert.ok(lines.every((l) => !l.includes(KEY)), "the key is never printed");
  });
});

// Native stacks: resources under the default provider act with the stack config (`dialpad:apiKey`, shared with the
// dynamic form); under an explicit provider, with that provider's recorded settings, so they are managed in its account.
describe("cli: drift --unmanaged on native stacks (default and explicit providers)", () => {
  // Keys of one company (1001) and of another (2002): each listing runs in a provider context of its own (listInventory).
  const [K1, K2, K3, K4, K5] = ["dp-native-1", "dp-native-2", "dp-native-3", "dp-native-4", "dp-native-5"];
  const emu = withEmulator({
    dialpadApiKeys: { [K1]: { companyId: "1001" }, [K2]: { companyId: "2002" }, [K3]: { companyId: "1001" }, [K4]: { companyId: "1001" }, [K5]: { companyId: "1001" } },
  });
  const hook = async (key: string, n: number) =>
    ((await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${n}` }, key)).body as { id: string }).id;

  it("the default provider's objects are managed in the stack config's account, an explicit provider's in its own", async () => {
    const [ours, orphan] = [await hook(K1, 1), await hook(K1, 2)];
    const [theirs, otherOrphan] = [await hook(K2, 3), await hook(K2, 4)];
    const config = { "dialpad:apiKey": K1, "dialpad:baseUrl": emu.url };
    const byDefault = nativeProvider("native", "default_0_1_0", { apiKey: decrypted(K1), baseUrl: emu.url, version: "0.1.0" });
    const other = nativeProvider("native", "other", { apiKey: decrypted(K2), baseUrl: emu.url });
    const lines: string[] = [];
    const report = await findUnmanaged([
      stackWith("native", config, [byDefault, other, nativeWebhook(byDefault, ours), nativeWebhook(other, theirs)]),
    ], { progress: (l) => lines.push(l) });
    assert.equal(report.status, "found", lines.join("\n"));
    assert.deepEqual(report.accounts.map((x) => ({ companyId: x.companyId, stacks: x.stacks, providers: x.providers, listed: x.listed, objects: x.objects.map((o) => o.id) })), [
      { companyId: "1001", stacks: ["native"], providers: undefined, listed: 2, objects: [orphan] },
      { companyId: "2002", stacks: [], providers: [{ stack: "native", name: "other" }], listed: 2, objects: [otherOrphan] },
    ]);
    assert.ok(lines.includes(`unmanaged: Dialpad at ${emu.url} answers company 2002 for the credentials of provider other (stack native)`), lines.join("\n"));
    assert.ok(lines.every((l) => !l.includes(K1) && !l.includes(K2)), "no key is printed");
    assert.ok(!JSON.stringify(report).includes(K2) && !JSON.stringify(report).includes(K1), "no key in the report");
  });

  it("a native stack and a dynamic stack of one company share one listing, each one's objects managed", async () => {
    const [a, b, orphan] = [await hook(K3, 1), await hook(K3, 2), await hook(K3, 3)];
    const config = { "dialpad:apiKey": K3, "dialpad:baseUrl": emu.url };
    const byDefault = nativeProvider("native", "default_0_1_0", { apiKey: decrypted(K3), baseUrl: emu.url });
    const report = await findUnmanaged([stack("dynamic", config, [a]), stackWith("native", config, [byDefault, nativeWebhook(byDefault, b)])], { progress: () => undefined });
    assert.deepEqual(report.accounts.map((x) => ({ stacks: x.stacks, objects: x.objects.map((o) => o.id) })), [{ stacks: ["dynamic", "native"], objects: [orphan] }]);
  });

  it("an explicit provider pointing at the stack config's company is the same account: one listing", async () => {
    const [a, b, orphan] = [await hook(K4, 1), await hook(K4, 2), await hook(K4, 3)];
    const same = nativeProvider("native", "again", { apiKey: decrypted(K4), baseUrl: `${emu.url}/`, companyId: "1001" });
    const report = await findUnmanaged([
      stackWith("native", { "dialpad:apiKey": K4, "dialpad:baseUrl": emu.url }, [same, nativeWebhook(same, a), { ...nativeWebhook(same, b), provider: undefined }]),
    ], { progress: () => undefined });
    assert.deepEqual(report.accounts.map((x) => ({ companyId: x.companyId, stacks: x.stacks, providers: x.providers, objects: x.objects.map((o) => o.id) })), [
      { companyId: "1001", stacks: ["native"], providers: [{ stack: "native", name: "again" }], objects: [orphan] },
    ]);
  });

  it("an explicit provider whose recorded inputs hold no apiKey (and no DIALPAD_API_KEY) is an error naming it, not a guess", async () => {
    const saved = process.env.DIALPAD_API_KEY;
    delete process.env.DIALPAD_API_KEY;
    try {
      const a = await hook(K5, 1);
      const keyless = nativeProvider("native", "keyless", { baseUrl: emu.url });
      const report = await findUnmanaged([stackWith("native", { "dialpad:apiKey": K5, "dialpad:baseUrl": emu.url }, [keyless, nativeWebhook(keyless, a)])], { progress: () => undefined });
      assert.equal(report.status, "error");
      const failed = report.accounts.find((x) => x.status === "error");
      assert.deepEqual(failed?.providers, [{ stack: "native", name: "keyless" }]);
      assert.match(failed?.error ?? "", /^provider keyless \(stack native\) manages Dialpad objects but has no apiKey in its recorded inputs/);
      assert.deepEqual(report.accounts.find((x) => x.status !== "error")?.objects.map((o) => o.id), [a], "the stack config's account is still listed");
    } finally {
      if (saved !== undefined) process.env.DIALPAD_API_KEY = saved;
    }
  });
});
