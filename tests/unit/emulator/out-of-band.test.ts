// Changes made by another party (another team, the Dialpad admin UI, the Cinnox dashboard): applied as the API would,
// never in the request log, free of auth, faults and rate limits, and marked in the state dump while they exist.
import assert from "node:assert/strict";
import { addFault, adminRequests, adminState, dialpad, outOfBand, setRateLimits, withEmulator } from "../../helpers/emulator";
import { echoChallenge, startReceiver } from "./receiver";

const HOOK = { hook_url: "https://ops.example.com/h", secret: "twin-secret" };

describe("emulator: out-of-band changes", () => {
  const emu = withEmulator({ challengeTimeoutMs: 300 });

  it("creates an exact twin of a client's webhook, answers as the API does, and marks only the foreign one", async () => {
    const mine = (await dialpad(emu.url, "POST", "/webhooks", HOOK)).body as { id: string };
    const twin = await outOfBand(emu.url, { method: "POST", path: "/api/v2/webhooks", body: HOOK });
    assert.equal(twin.status, 200);
    const body = twin.body as { id: string; hook_url: string; signature: { secret: string } };
    assert.deepEqual({ ...body, id: mine.id }, (await dialpad(emu.url, "GET", `/webhooks/${mine.id}`)).body, "identical but for the id");
    const state = await adminState(emu.url);
    assert.deepEqual(state.outOfBand, [`/api/v2/webhooks/${body.id}`]);
    assert.equal(state.dialpad.webhooks.length, 2);
    assert.ok(!("outOfBand" in (state.dialpad.webhooks[1] ?? {})), "the mark is not part of the object");
    assert.deepEqual((await adminRequests(emu.url)).map((r) => `${r.method} ${r.path}`), ["POST /api/v2/webhooks", "GET /api/v2/webhooks/1000"],
      "the request log shows only what clients sent");
  });

  it("edits any field of a client's object, secret included, without marking it as created out of band", async () => {
    const mine = (await dialpad(emu.url, "POST", "/webhooks", HOOK)).body as { id: string };
    const res = await outOfBand(emu.url, { method: "patch", path: `/api/v2/webhooks/${mine.id}`, body: { secret: "rotated-by-admin" } });
    assert.equal(res.status, 200);
    const seen = (await dialpad(emu.url, "GET", `/webhooks/${mine.id}`)).body as { signature: { secret: string } };
    assert.equal(seen.signature.secret, "rotated-by-admin");
    assert.deepEqual((await adminState(emu.url)).outOfBand, []);
  });

  it("creates subscriptions and legacy subscriptions, edits a legacy secret, and drops the mark when deleted", async () => {
    const hook = (await outOfBand(emu.url, { method: "POST", path: "/api/v2/webhooks", body: { hook_url: HOOK.hook_url } })).body as { id: string };
    const call = (await outOfBand(emu.url, {
      method: "POST", path: "/api/v2/subscriptions/call", body: { endpoint_id: hook.id, call_states: ["ringing"] },
    })).body as { id: string };
    const legacy = await outOfBand(emu.url, {
      method: "PUT", path: "/api/v2/event-subscriptions/sms/ops", body: { url: "https://ops.example.com/s", direction: "all", secret: "a" },
    });
    assert.equal(legacy.status, 200);
    await outOfBand(emu.url, { method: "PUT", path: "/api/v2/event-subscriptions/sms/ops", body: { url: "https://ops.example.com/s", direction: "all", secret: "b" } });
    assert.deepEqual((await adminState(emu.url)).outOfBand, [
      `/api/v2/webhooks/${hook.id}`, `/api/v2/subscriptions/call/${call.id}`, "/api/v2/event-subscriptions/sms/ops",
    ]);
    const seen = (await dialpad(emu.url, "GET", "/event-subscriptions/sms/ops")).body as { signature: { secret: string } };
    assert.equal(seen.signature.secret, "b");
    // A client's update keeps the mark; a delete (by anyone) removes the object and its mark.
    await dialpad(emu.url, "PATCH", `/subscriptions/call/${call.id}`, { enabled: false });
    await dialpad(emu.url, "DELETE", "/event-subscriptions/sms/ops");
    const del = await outOfBand(emu.url, { method: "DELETE", path: `/api/v2/webhooks/${hook.id}` });
    assert.deepEqual([del.status, (del.body as { id: string }).id], [200, hook.id]);
    assert.deepEqual((await adminState(emu.url)).outOfBand, [`/api/v2/subscriptions/call/${call.id}`]);
  });

  it("bypasses auth, faults and rate limits, and answers API errors as the API would", async () => {
    await setRateLimits(emu.url, true);
    await addFault(emu.url, { rate: 1, status: 503 });
    try {
      for (let i = 0; i < 25; i++) {
        assert.equal((await outOfBand(emu.url, { method: "GET", path: "/api/v2/webhooks?limit=1" })).status, 200);
      }
    } finally {
      await setRateLimits(emu.url, false);
    }
    const bad = await outOfBand(emu.url, { method: "POST", path: "/api/v2/webhooks", body: { hook_url: "ftp://x" } });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { code: number } }).error.code, 400);
    assert.equal((await outOfBand(emu.url, { method: "GET", path: "/api/v2/webhooks/999999" })).status, 404);
    assert.deepEqual(await adminRequests(emu.url), []);
  });

  it("acts for another company when asked: that company's objects, invisible to the default key", async () => {
    const res = await outOfBand(emu.url, { method: "POST", path: "/api/v2/webhooks", body: HOOK, companyId: "2002" });
    assert.equal(res.status, 200);
    assert.deepEqual(((await dialpad(emu.url, "GET", "/webhooks")).body as { items: unknown[] }).items, []);
  });

  it("enables a Cinnox subscription as the dashboard would (handshake included) and marks it while enabled", async () => {
    const receiver = await startReceiver(echoChallenge);
    try {
      const res = await outOfBand(emu.url, { method: "PATCH", path: "/v1/api/apps/app-1/call-event-sub", body: { enabled: true, url: receiver.url } });
      assert.deepEqual([res.status, (res.body as { code: number }).code], [200, 0]);
      assert.equal(receiver.received.length, 1, "the challenge was sent");
      assert.deepEqual((await adminState(emu.url)).outOfBand, ["/v1/api/apps/app-1/call-event-sub"]);
      await outOfBand(emu.url, { method: "PATCH", path: "/v1/api/apps/app-1/call-event-sub", body: { enabled: false, url: receiver.url } });
      assert.deepEqual((await adminState(emu.url)).outOfBand, []);
      assert.deepEqual(await adminRequests(emu.url), []);
    } finally {
      await receiver.close();
    }
  });

  it("refuses a request that is not a vendor API call", async () => {
    for (const bad of [{ method: "POST", path: "/_emulator/reset" }, { method: "TRACE", path: "/api/v2/webhooks" }, { path: "/api/v2/webhooks" }]) {
      const res = await fetch(`${emu.url}/_emulator/out-of-band`, { method: "POST", body: JSON.stringify(bad) });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
  });
});
