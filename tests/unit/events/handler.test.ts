// events.createHandler served by a real node http server on 127.0.0.1:0, driven like a vendor would.
import assert from "node:assert/strict";
import * as events from "../../../sdk/events";
import { callRinging, cinnoxInboundSms, smsInbound } from "./fixtures";
import { type Served, post, serve, streamHuge } from "./http";
import { signHmac, signNone } from "./jws";

const SECRET = "dp-hook-secret-01";

describe("events.createHandler", () => {
  const received: Array<{ kind: string; event: unknown }> = [];
  const failures: unknown[] = [];
  const unhandled: events.UnhandledDelivery[] = [];
  let failNext: Error | undefined;
  let served: Served;

  const record = (kind: string) => async (event: unknown) => {
    if (failNext) {
      const err = failNext;
      failNext = undefined;
      throw err;
    }
    received.push({ kind, event });
  };

  beforeEach(() => {
    received.length = 0;
    failures.length = 0;
    unhandled.length = 0;
    failNext = undefined;
  });
  afterEach(async () => served?.close());

  describe("routing by content (no paths)", () => {
    beforeEach(async () => {
      served = await serve(
        events.createHandler({
          dialpad: { secret: SECRET, onCall: record("call"), onSms: record("sms") },
          cinnox: { onInboundSms: record("cinnox") },
          onError: (err) => failures.push(err),
          onUnhandled: (delivery) => void unhandled.push(delivery),
        }),
      );
    });

    it("answers 200 to a signed call event after the callback ran", async () => {
      const res = await post(`${served.url}/hooks`, signHmac(callRinging, SECRET), { "content-type": "application/jwt" });
      assert.equal(res.status, 200);
      assert.equal(received.length, 1);
      assert.equal(received[0].kind, "call");
      assert.equal((received[0].event as events.dialpad.CallEvent).call_id, "6342343299702784");
    });

    it("does not depend on the content type: a signed SMS sent as text/plain is handled", async () => {
      const res = await post(served.url, signHmac(smsInbound, SECRET), { "content-type": "text/plain" });
      assert.equal(res.status, 200);
      assert.deepEqual(received.map((r) => r.kind), ["sms"]);
    });

    it("answers 401 to a bad signature, an unsigned body and alg none, without calling back", async () => {
      const wrong = await post(served.url, signHmac(callRinging, "not-the-secret-1"));
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.json, {
        error: { code: "bad_signature", message: "signature does not match (wrong secret or altered body)" },
      });
      assert.equal((await post(served.url, JSON.stringify(callRinging))).status, 401);
      const none = await post(served.url, signNone(callRinging));
      assert.equal(none.status, 401);
      assert.equal((none.json?.error as { code: string }).code, "wrong_algorithm");
      assert.equal(received.length, 0);
      for (const res of [wrong, none]) assert.ok(!res.text.includes(SECRET));
    });

    it("answers 401 bad_signature to a token whose signature was cut short or cut to nothing", async () => {
      const [header, payload, signature] = signHmac(callRinging, SECRET).split(".");
      for (const cut of [signature.slice(0, 5), signature.slice(0, 30), ""]) {
        const res = await post(served.url, `${header}.${payload}.${cut}`, { "content-type": "application/jwt" });
        assert.equal(res.status, 401, `signature cut to ${cut.length} characters`);
        assert.equal((res.json?.error as { code: string }).code, "bad_signature");
      }
      assert.equal(received.length, 0);
    });

    it("answers 400 to invalid JSON and to a signed payload that is not a JSON object", async () => {
      const bad = await post(served.url, '{"call_id": 12, ');
      assert.equal(bad.status, 400);
      assert.equal((bad.json?.error as { code: string }).code, "malformed");
      assert.equal((await post(served.url, signHmac(["not", "an", "object"], SECRET))).status, 400);
      assert.equal(received.length, 0);
      assert.equal(unhandled.length, 0);
    });

    it("acknowledges a signed JSON object of no known kind with 200 and reports it to onUnhandled", async () => {
      const res = await post(served.url, signHmac({ hello: "world" }, SECRET));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { ok: true });
      assert.equal(received.length, 0);
      assert.equal(unhandled.length, 1);
      assert.equal(unhandled[0].vendor, "dialpad");
      assert.equal(unhandled[0].kind, "unknown");
      assert.deepEqual(unhandled[0].event, { hello: "world" });
    });

    it("answers 405 with Allow: POST to other methods", async () => {
      const res = await fetch(served.url, { method: "GET" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "POST");
      await res.text();
    });

    it("answers 413 to a 10 MB body announced by Content-Length", async () => {
      const res = await post(served.url, Buffer.alloc(10 * 1024 * 1024, 0x20));
      assert.equal(res.status, 413);
      assert.equal(received.length, 0);
    });

    it("answers 413 to a 10 MB streamed body and stops reading it", async () => {
      const total = 10 * 1024 * 1024;
      assert.equal(await streamHuge(served.url, total), 413);
      // The server read little more than the 1 MiB limit, not the 10 MB that were sent.
      const read = served.sockets.reduce((sum, socket) => sum + socket.bytesRead, 0);
      assert.ok(read < total / 2, `server read ${read} bytes`);
      assert.equal(received.length, 0);
    });

    it("answers 500 without details when the callback throws, and reports the error", async () => {
      failNext = new Error("database password is hunter2");
      const res = await post(served.url, signHmac(callRinging, SECRET));
      assert.equal(res.status, 500);
      assert.ok(!res.text.includes("hunter2"));
      assert.equal(failures.length, 1);
      assert.match(String(failures[0]), /hunter2/);
    });

    it("answers the Cinnox challenge with the same string", async () => {
      const res = await post(`${served.url}/cinnox`, JSON.stringify({ challenge: "c-7f3a91" }), { "content-type": "application/json" });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { code: 0, result: { challenge: "c-7f3a91" } });
      assert.equal(received.length, 0);
    });

    it("parses a Cinnox inbound SMS, numbers normalised to strings", async () => {
      const res = await post(served.url, JSON.stringify(cinnoxInboundSms), { "content-type": "application/json" });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { code: 0 });
      const event = received[0].event as events.cinnox.InboundSms;
      assert.equal(received[0].kind, "cinnox");
      assert.equal(event.senderNumber, "85298765432");
      assert.equal(event.recipientNumber, "85212345678");
      assert.equal(event.serviceId, "svc-0042");
    });

    it("answers 400 to a Cinnox notification with a bad receiveTime", async () => {
      const res = await post(served.url, JSON.stringify({ ...cinnoxInboundSms, receiveTime: "12/06/2024 14:03" }));
      assert.equal(res.status, 400);
      assert.match(String((res.json?.error as { message: string }).message), /receiveTime/);
    });
  });

  describe("routing by path", () => {
    beforeEach(async () => {
      served = await serve(
        events.createHandler({
          dialpad: { path: "/dialpad", onCall: record("call") },
          cinnox: { path: "/cinnox", onInboundSms: record("cinnox") },
          maxBodyBytes: 4096,
          onUnhandled: (delivery) => void unhandled.push(delivery),
        }),
      );
    });

    it("sends each path to its vendor and ignores the query string", async () => {
      assert.equal((await post(`${served.url}/dialpad?src=test`, JSON.stringify(callRinging))).status, 200);
      assert.equal((await post(`${served.url}/cinnox`, JSON.stringify(cinnoxInboundSms))).status, 200);
      assert.deepEqual(received.map((r) => r.kind), ["call", "cinnox"]);
    });

    it("does not let content override the path: a challenge sent to the Dialpad path is not answered", async () => {
      const res = await post(`${served.url}/dialpad`, JSON.stringify({ challenge: "c-1" }));
      // Dialpad's side took it (unsigned, no secret configured there) as an object of no known kind.
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { ok: true });
      assert.deepEqual(
        unhandled.map((d) => [d.vendor, d.kind]),
        [["dialpad", "unknown"]],
      );
    });

    it("answers 404 to paths no vendor is configured for", async () => {
      assert.equal((await post(`${served.url}/other`, JSON.stringify(callRinging))).status, 404);
    });

    it("applies maxBodyBytes", async () => {
      const big = JSON.stringify({ ...callRinging, transcription_text: "x".repeat(5000) });
      assert.equal((await post(`${served.url}/dialpad`, big)).status, 413);
    });
  });

  it("uses a body a framework already read (express.raw / express.json style)", async () => {
    const handler = events.createHandler({ dialpad: { secret: SECRET, onCall: record("call") }, cinnox: { onInboundSms: record("cinnox") } });
    served = await serve((req, res) => {
      // What express.raw() and express.json() leave behind: the stream consumed, the body on req.body.
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        Object.assign(req, { body: req.headers["content-type"] === "application/json" ? JSON.parse(raw.toString()) : raw });
        handler(req, res);
      });
    });
    assert.equal((await post(served.url, signHmac(callRinging, SECRET), { "content-type": "application/jwt" })).status, 200);
    assert.equal((await post(served.url, JSON.stringify(cinnoxInboundSms), { "content-type": "application/json" })).status, 200);
    assert.deepEqual(received.map((r) => r.kind), ["call", "cinnox"]);
  });

  it("refuses a configuration without any vendor or with a blank secret", () => {
    assert.throws(() => events.createHandler({}), TypeError);
    assert.throws(() => events.createHandler({ dialpad: { secret: "" } }), TypeError);
  });
});
