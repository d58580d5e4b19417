// events.dialpad.verify against tokens made by an independent signer (tests/unit/events/jws.ts).
import assert from "node:assert/strict";
import * as events from "../../../sdk/events";
import { callHangup, callRinging, smsInbound } from "./fixtures";
import { nowSeconds, signHmac, signNone, signRs256, withPayload } from "./jws";

const SECRET = "dp-hook-secret-01";

/** Runs `verify` expecting a refusal; returns the error after checking its type, code and hygiene. */
async function refused(promise: Promise<unknown>, code: events.EventErrorCode): Promise<events.EventVerificationError> {
  const err = await promise.then(
    () => assert.fail(`expected a refusal with code ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof events.EventVerificationError, `expected EventVerificationError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.ok(!err.message.includes(SECRET), "message must not contain the secret");
  return err;
}

describe("events.dialpad.verify", () => {
  it("accepts an HS256 call event signed by an independent implementation and keeps unknown fields", async () => {
    const iat = nowSeconds();
    const result = await events.dialpad.verify(signHmac({ ...callRinging, iat }, SECRET), SECRET);
    assert.equal(result.kind, "call");
    if (result.kind !== "call") return;
    const event = result.event;
    assert.equal(event.call_id, "6342343299702784", "numeric ids become strings");
    assert.equal(event.state, "ringing");
    assert.equal(event.contact?.phone, "+14155550123");
    assert.equal(event.target?.office_id, "4785618394316800");
    assert.equal(event.date_connected, null);
    assert.equal(event.group_id, "Office:4785618394316800", "unknown top-level field kept");
    assert.deepEqual(event.entry_point_target, callRinging.entry_point_target, "unknown nested object kept");
    assert.equal(event.iat, iat, "signer's claims kept");
  });

  it("accepts the body as a Buffer with surrounding whitespace", async () => {
    const result = await events.dialpad.verify(Buffer.from(`${signHmac(callHangup, SECRET)}\r\n`), SECRET);
    assert.equal(result.kind, "call");
    if (result.kind !== "call") return;
    assert.equal(result.event.state, "hangup");
    assert.deepEqual(result.event.call_recording_ids, ["5120334567890123"]);
    assert.equal(result.event.recording_details?.[0]?.recording_type, "user");
    assert.deepEqual(result.event.labels, ["vip", "billing"]);
  });

  it("recognises an SMS event and keeps to_number as a list", async () => {
    const result = await events.dialpad.verify(signHmac(smsInbound, SECRET), SECRET);
    assert.equal(result.kind, "sms");
    if (result.kind !== "sms") return;
    assert.equal(result.event.id, "4612924117884928");
    assert.deepEqual(result.event.to_number, ["+14155550199"]);
    assert.equal(result.event.contact?.phone_number, "+14155550123");
    assert.equal(result.event.target?.phone_number, "+14155550199");
    assert.equal(result.event.text, "Running 5 minutes late, sorry!");
    assert.equal(result.event.selected_caller_id, "+14155550199");
  });

  it("refuses a token whose payload was altered after signing", async () => {
    const token = signHmac(callRinging, SECRET);
    const tampered = withPayload(token, { ...callRinging, external_number: "+19005550000" });
    await refused(events.dialpad.verify(tampered, SECRET), "bad_signature");
  });

  it("refuses a token signed with another secret", async () => {
    await refused(events.dialpad.verify(signHmac(callRinging, "someone-else-123"), SECRET), "bad_signature");
  });

  it("refuses alg none, HS512 and RS256 before verifying", async () => {
    const none = await refused(events.dialpad.verify(signNone(callRinging), SECRET), "wrong_algorithm");
    assert.match(none.message, /"none".*only HS256/);
    await refused(events.dialpad.verify(signHmac(callRinging, SECRET, "HS512"), SECRET), "wrong_algorithm");
    await refused(events.dialpad.verify(signRs256(callRinging), SECRET), "wrong_algorithm");
  });

  it("refuses truncated tokens", async () => {
    const token = signHmac(callRinging, SECRET);
    const [header, payload, signature] = token.split(".");
    await refused(events.dialpad.verify(`${header}.${payload}`, SECRET), "malformed");
    await refused(events.dialpad.verify(token.slice(0, 30), SECRET), "malformed");
    await refused(events.dialpad.verify(`${header}.${payload}.${signature.slice(0, 20)}`, SECRET), "bad_signature");
    // The signature covers the payload, so a cut payload fails the signature check first.
    await refused(events.dialpad.verify(`${header}.${payload.slice(0, payload.length - 10)}.${signature}`, SECRET), "bad_signature");
  });

  describe("a signature cut short is a bad signature (issue 11)", () => {
    const token = signHmac(callRinging, SECRET);
    const [header, payload, signature] = token.split(".");
    // Every cut length, including those whose base64url cannot be decoded (1, 5, 9... characters) and none at all.
    for (const length of [0, 1, 5, 21, 42]) {
      it(`refuses the signature cut to ${length} characters with bad_signature`, async () => {
        const err = await refused(events.dialpad.verify(`${header}.${payload}.${signature.slice(0, length)}`, SECRET), "bad_signature");
        assert.equal(err.message, "signature does not match (wrong secret or altered body)");
      });
    }

    it("refuses a signature with a character too many with bad_signature", async () => {
      await refused(events.dialpad.verify(`${token}A`, SECRET), "bad_signature");
    });
  });

  describe("never throws synchronously (issue 11)", () => {
    /** Calls `verify` and fails the test if the call itself throws; returns the rejection. */
    async function rejection(call: () => Promise<unknown>): Promise<unknown> {
      let promise: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        promise = call();
      }, "verify threw synchronously instead of returning a rejected promise");
      assert.ok(promise instanceof Promise, "verify must return a promise");
      return promise.then(
        () => assert.fail("expected a rejection"),
        (err: unknown) => err,
      );
    }

    async function argumentError(call: () => Promise<unknown>, argument: events.EventArgumentName): Promise<void> {
      const err = await rejection(call);
      assert.ok(err instanceof events.EventArgumentError, `expected EventArgumentError, got ${String(err)}`);
      assert.ok(err instanceof TypeError, "an argument error is a TypeError");
      assert.ok(!(err instanceof events.EventVerificationError), "not to be mistaken for a refused delivery");
      assert.equal(err.argument, argument);
      assert.ok(!err.message.includes(SECRET));
    }

    it("rejects an empty secret with EventArgumentError(secret)", async () => {
      await argumentError(() => events.dialpad.verify(signHmac(callRinging, SECRET), ""), "secret");
    });

    it("rejects a secret that is not a string, without quoting it", async () => {
      const err = await rejection(() => events.dialpad.verify(signHmac(callRinging, SECRET), 12345 as unknown as string));
      assert.ok(err instanceof events.EventArgumentError && err.argument === "secret");
      assert.match(err.message, /got number/);
      assert.ok(!err.message.includes("12345"));
    });

    for (const [label, body] of [
      ["undefined", undefined],
      ["null", null],
      ["a number", 42],
      ["a parsed object", { call_id: 1, state: "ringing" }],
      ["an array", ["a.b.c"]],
    ] as const) {
      it(`rejects a body that is ${label} with EventArgumentError(body)`, async () => {
        await argumentError(() => events.dialpad.verify(body as unknown as string, SECRET), "body");
        await argumentError(() => events.dialpad.verify(body as unknown as string), "body");
      });
    }

    it("rejects bad options with EventArgumentError(options)", async () => {
      const token = signHmac(callRinging, SECRET);
      await argumentError(() => events.dialpad.verify(token, SECRET, { clockToleranceSeconds: -1 }), "options");
      await argumentError(() => events.dialpad.verify(token, SECRET, { clockToleranceSeconds: Number.NaN }), "options");
      await argumentError(() => events.dialpad.verify(token, SECRET, null as unknown as events.dialpad.VerifyOptions), "options");
    });

    it("rejects (not throws) a bad signature and a malformed body too", async () => {
      const err = await rejection(() => events.dialpad.verify(signHmac(callRinging, "another-secret-9"), SECRET));
      assert.ok(err instanceof events.EventVerificationError && err.code === "bad_signature");
      const malformed = await rejection(() => events.dialpad.verify("{", SECRET));
      assert.ok(malformed instanceof events.EventVerificationError && malformed.code === "malformed");
    });
  });

  it("refuses a token whose header is not JSON", async () => {
    const [, payload, signature] = signHmac(callRinging, SECRET).split(".");
    await refused(events.dialpad.verify(`bm90LWpzb24.${payload}.${signature}`, SECRET), "malformed");
  });

  it("honours exp: refuses an expired token, accepts one that expires later", async () => {
    await refused(events.dialpad.verify(signHmac({ ...callRinging, exp: nowSeconds() - 60 }, SECRET), SECRET), "expired");
    const fresh = await events.dialpad.verify(signHmac({ ...callRinging, exp: nowSeconds() + 300 }, SECRET), SECRET);
    assert.equal(fresh.kind, "call");
    const tolerated = await events.dialpad.verify(signHmac({ ...callRinging, exp: nowSeconds() - 60 }, SECRET), SECRET, {
      clockToleranceSeconds: 600,
    });
    assert.equal(tolerated.kind, "call");
  });

  it("refuses a token that is not valid yet (nbf)", async () => {
    await refused(events.dialpad.verify(signHmac({ ...callRinging, nbf: nowSeconds() + 3600 }, SECRET), SECRET), "not_yet_valid");
  });

  it("accepts plain JSON when no secret is configured", async () => {
    const result = await events.dialpad.verify(JSON.stringify(callRinging));
    assert.equal(result.kind, "call");
    const sms = await events.dialpad.verify(Buffer.from(JSON.stringify(smsInbound)));
    assert.equal(sms.kind, "sms");
  });

  it("refuses plain JSON when a secret is configured", async () => {
    await refused(events.dialpad.verify(JSON.stringify(callRinging), SECRET), "unsigned");
  });

  it("refuses a signed body when no secret is configured, rather than trusting it unverified", async () => {
    await refused(events.dialpad.verify(signHmac(callRinging, SECRET)), "secret_required");
  });

  it("refuses invalid JSON and bodies that are not JSON objects", async () => {
    await refused(events.dialpad.verify('{"call_id": 1, "state": '), "malformed");
    await refused(events.dialpad.verify(""), "malformed");
    await refused(events.dialpad.verify(Buffer.from([0xff, 0xfe, 0x7b])), "malformed");
    await refused(events.dialpad.verify("[1,2]"), "not_an_event");
    await refused(events.dialpad.verify('"hello world"'), "not_an_event");
  });

  it("is strict about structure: wrong shapes are not events, and the message names the field", async () => {
    const asString = await refused(events.dialpad.verify(JSON.stringify({ ...smsInbound, to_number: "+14155550199" })), "not_an_event");
    assert.match(asString.message, /to_number/);
    const contact = await refused(events.dialpad.verify(JSON.stringify({ ...callRinging, contact: "Avery" })), "not_an_event");
    assert.match(contact.message, /contact/);
    await refused(events.dialpad.verify(JSON.stringify({ ...callRinging, state: undefined })), "not_an_event");
    await refused(events.dialpad.verify(signHmac([callRinging], SECRET), SECRET), "malformed");
  });

  it("createVerifier refuses a blank secret at once (start-up), instead of silently running unverified", () => {
    assert.throws(
      () => events.dialpad.createVerifier(""),
      (err: unknown) => err instanceof events.EventArgumentError && err.argument === "secret",
    );
  });

  it("exports the schemas: a user can validate an event they stored", () => {
    const parsed = events.dialpad.SmsEventSchema.parse(smsInbound);
    assert.equal(parsed.sender_id, null);
    assert.equal(events.dialpad.CallEventSchema.safeParse(smsInbound).success, false);
  });
});
