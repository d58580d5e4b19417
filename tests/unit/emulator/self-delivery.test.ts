// A subscriber URL on the emulator's own address (its admin API or any path on its host:port) is never delivered to,
// so a webhook pointing at /_emulator/simulate/... cannot make it deliver to itself forever.
import assert from "node:assert/strict";
import { adminRequests, cinnoxPatch, dialpad, simulate, withEmulator } from "../../helpers/emulator";
import { startReceiver } from "./receiver";

describe("emulator: no delivery to itself", () => {
  const emu = withEmulator({ challengeTimeoutMs: 300 });

  it("refuses deliveries to its own address under any loopback name, and still delivers elsewhere", async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(emu.url).port;
      const selfUrls = [`${emu.url}/_emulator/simulate/dialpad/call`, `http://localhost:${port}/api/v2/webhooks`, `http://127.0.0.2:${port}/x`];
      for (const hook_url of [...selfUrls, `${receiver.url}/ok`]) {
        const hook = (await dialpad(emu.url, "POST", "/webhooks", { hook_url })).body as { id: string };
        await dialpad(emu.url, "POST", "/subscriptions/call", { endpoint_id: hook.id, call_states: ["ringing"] });
      }
      const before = (await adminRequests(emu.url)).length;
      const result = await simulate(emu.url, "dialpad/call");
      const byUrl = new Map(result.deliveries.map((d) => [d.url, d]));
      for (const url of selfUrls) {
        assert.equal(byUrl.get(url)?.refused, true, url);
        assert.match(byUrl.get(url)?.error ?? "", /emulator itself/);
      }
      assert.equal(byUrl.get(`${receiver.url}/ok`)?.status, 200);
      assert.equal(receiver.received.length, 1);
      assert.equal((await adminRequests(emu.url)).length, before, "nothing reached the emulator's own API");
    } finally {
      await receiver.close();
    }
  });

  it("refuses a Cinnox URL on its own address without posting the challenge there", async () => {
    const res = await cinnoxPatch(emu.url, "app-1", { enabled: true, url: `${emu.url}/_emulator/simulate/cinnox/inbound-sms` });
    assert.deepEqual([res.status, (res.body as { code: number }).code], [400, 6451000]);
    assert.equal((await adminRequests(emu.url)).length, 1, "only the PATCH itself");
  });
});
