// The Cinnox inbound-SMS subscription: body rules, the URL challenge handshake (success and each way it fails), disabling.
import assert from "node:assert/strict";
import { adminState, cinnoxPatch, withEmulator } from "../../helpers/emulator";
import { echoChallenge, startReceiver, type Receiver } from "./receiver";

describe("emulator: Cinnox inbound-SMS subscription", () => {
  const emu = withEmulator({ challengeTimeoutMs: 300 });
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver(echoChallenge);
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("enables a URL whose receiver echoes the challenge, and shows it in the state", async () => {
    const res = await cinnoxPatch(emu.url, "app-123", { enabled: true, url: `${receiver.url}/cinnox` });
    assert.equal(res.status, 200);
    const body = res.body as { code: number; result: { enabled: boolean; url: string; updatedAt: string } };
    assert.equal(body.code, 0);
    assert.deepEqual({ ...body.result, updatedAt: "" }, { enabled: true, url: `${receiver.url}/cinnox`, updatedAt: "" });
    assert.ok(!Number.isNaN(Date.parse(body.result.updatedAt)), "updatedAt is an RFC 3339 time");
    assert.equal(receiver.received.length, 1);
    const got = receiver.received[0];
    assert.equal(got?.method, "POST");
    assert.equal(got?.path, "/cinnox");
    assert.match((JSON.parse(got?.body ?? "{}") as { challenge: string }).challenge, /^\S{8,}$/);
    assert.deepEqual((await adminState(emu.url)).cinnox.apps, { "app-123": body.result });
  });

  it("runs the handshake on every PATCH that enables a URL, with a new challenge each time", async () => {
    await cinnoxPatch(emu.url, "app-1", { enabled: true, url: receiver.url });
    await cinnoxPatch(emu.url, "app-1", { enabled: true, url: receiver.url });
    const challenges = receiver.received.map((r) => (JSON.parse(r.body) as { challenge: string }).challenge);
    assert.equal(challenges.length, 2);
    assert.notEqual(challenges[0], challenges[1]);
  });

  const failures: [string, Receiver["answer"]][] = [
    ["echoes another challenge", (_got, res) => void res.writeHead(200).end(JSON.stringify({ code: 0, result: { challenge: "other" } }))],
    ["answers a non-zero code", (got, res) => void res.writeHead(200).end(JSON.stringify({ code: 1, result: JSON.parse(got.body) as object }))],
    ["answers 500", (_got, res) => void res.writeHead(500).end("{}")],
    ["answers something that is not JSON", (_got, res) => void res.writeHead(200).end("ok")],
    ["does not answer within the timeout", () => undefined],
  ];
  for (const [name, answer] of failures) {
    it(`refuses with 400 code 6451000 when the receiver ${name}, and stores nothing`, async () => {
      receiver.answer = answer;
      const res = await cinnoxPatch(emu.url, "app-2", { enabled: true, url: receiver.url });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { code: 6451000, message: "webhook url verification failed" });
      assert.deepEqual((await adminState(emu.url)).cinnox.apps, {});
    });
  }

  it("refuses with 400 when nothing listens at the URL", async () => {
    const url = receiver.url;
    await receiver.close();
    const res = await cinnoxPatch(emu.url, "app-3", { enabled: true, url });
    assert.deepEqual([res.status, (res.body as { code: number }).code], [400, 6451000]);
  });

  it("requires both enabled and url, and an http(s) URL without user-info when enabling", async () => {
    for (const body of [{ url: receiver.url }, { enabled: true }, { enabled: "yes", url: receiver.url }, {}, { enabled: true, url: "ftp://x.example.com" },
      { enabled: true, url: "https://u:p@x.example.com" }]) {
      const res = await cinnoxPatch(emu.url, "app-4", body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((res.body as { code: number }).code, 6451000);
    }
    assert.equal(receiver.received.length, 0, "no handshake for a refused body");
  });

  it("disables the subscription without a handshake; the state shows it disabled", async () => {
    await cinnoxPatch(emu.url, "app-5", { enabled: true, url: receiver.url });
    const res = await cinnoxPatch(emu.url, "app-5", { enabled: false, url: receiver.url });
    assert.equal(res.status, 200);
    assert.equal((res.body as { result: { enabled: boolean } }).result.enabled, false);
    assert.equal(receiver.received.length, 1);
    assert.equal((await adminState(emu.url)).cinnox.apps["app-5"]?.enabled, false);
  });

  it("answers 404 code 6450001 for another method or path", async () => {
    const res = await fetch(`${emu.url}/v1/api/apps/app-6/inbound-sms-event-sub`, { headers: { Authorization: "Bearer cx-demo-token-0001" } });
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: number }).code, 6450001);
  });
});
