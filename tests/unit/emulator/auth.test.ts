// Dialpad and Cinnox authentication as a client sees it: Bearer and ?apikey=, 401, 403 for read-only keys, company scoping.
import assert from "node:assert/strict";
import { cinnoxPatch, dialpad, vendorRequest, withEmulator } from "../../helpers/emulator";

const KEYS = {
  "dp-demo-key-0001": { companyId: "1001" },
  "dp-other-key-01": { companyId: "2002" },
  "dp-read-key-001": { companyId: "1001", readOnly: true },
};

describe("emulator: authentication", () => {
  const emu = withEmulator({ dialpadApiKeys: KEYS });

  it("accepts the key as a Bearer token and as the apikey query parameter", async () => {
    assert.equal((await dialpad(emu.url, "GET", "/webhooks")).status, 200);
    const viaQuery = await vendorRequest(emu.url, "GET", "/api/v2/webhooks?apikey=dp-demo-key-0001", { token: null });
    assert.equal(viaQuery.status, 200);
    assert.deepEqual(viaQuery.body, { items: [] });
  });

  it("answers 401 in Dialpad's error shape without a key or with an unknown one", async () => {
    for (const token of [null, "dp-wrong-key"]) {
      const res = await dialpad(emu.url, "GET", "/webhooks", undefined, token);
      assert.equal(res.status, 401);
      const body = res.body as { error: { code: number; message: string } };
      assert.equal(body.error.code, 401);
      assert.equal(typeof body.error.message, "string");
    }
    const badQuery = await vendorRequest(emu.url, "GET", "/api/v2/webhooks?apikey=nope", { token: null });
    assert.equal(badQuery.status, 401);
  });

  it("lets a read-only key read but answers 403 when it writes, and applies nothing", async () => {
    assert.equal((await dialpad(emu.url, "GET", "/subscriptions/call", undefined, "dp-read-key-001")).status, 200);
    const res = await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" }, "dp-read-key-001");
    assert.equal(res.status, 403);
    assert.equal((res.body as { error: { code: number } }).error.code, 403);
    assert.deepEqual((await dialpad(emu.url, "GET", "/webhooks")).body, { items: [] });
  });

  it("answers 403 when DP-Company-ID names a company the key does not belong to", async () => {
    const ok = await vendorRequest(emu.url, "GET", "/api/v2/webhooks", { headers: { "DP-Company-ID": "1001" } });
    assert.equal(ok.status, 200);
    const other = await vendorRequest(emu.url, "GET", "/api/v2/webhooks", { headers: { "DP-Company-ID": "2002" } });
    assert.equal(other.status, 403);
  });

  it("scopes objects per company: another company's key neither lists nor reaches them", async () => {
    const created = await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/h" });
    const id = (created.body as { id: string }).id;
    assert.deepEqual((await dialpad(emu.url, "GET", "/webhooks", undefined, "dp-other-key-01")).body, { items: [] });
    assert.equal((await dialpad(emu.url, "GET", `/webhooks/${id}`, undefined, "dp-other-key-01")).status, 404);
    assert.equal((await dialpad(emu.url, "DELETE", `/webhooks/${id}`, undefined, "dp-other-key-01")).status, 404);
    const link = await dialpad(emu.url, "POST", "/subscriptions/sms", { direction: "all", endpoint_id: id }, "dp-other-key-01");
    assert.equal(link.status, 400, "a webhook of another company cannot be linked");
    assert.equal((await dialpad(emu.url, "GET", `/webhooks/${id}`)).status, 200);
  });

  it("answers Cinnox 401 in Cinnox's shape for a missing or wrong app token", async () => {
    for (const token of [null, "cx-wrong-token"]) {
      const res = await cinnoxPatch(emu.url, "app-1", { enabled: false, url: "https://ops.example.com/c" }, token);
      assert.equal(res.status, 401);
      const body = res.body as { code: number; message: string };
      assert.equal(typeof body.code, "number");
      assert.equal(typeof body.message, "string");
    }
  });
});
