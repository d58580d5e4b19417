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

/** A stack as findUnmanaged reads it: its name, its config (secrets decrypted) and its exported state. */
function stack(name: string, config: Record<string, string>, webhookIds: string[]): Stack {
  const map: ConfigMap = Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }]));
  return {
    name,
    workspace: { getAllConfig: async () => map },
    exportStack: async () => ({
      version: 3,
      deployment: { resources: webhookIds.map((id) => ({ urn: `urn:pulumi:${name}::p::pulumi-nodejs:dynamic/dialpad:Webhook::h${id}`, type: "pulumi-nodejs:dynamic/dialpad:Webhook", id })) },
    }),
  } as unknown as Stack;
}

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
