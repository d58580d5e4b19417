// events.cinnox: the URL-verification answer and inbound-SMS parsing, from raw bodies and parsed objects.
import assert from "node:assert/strict";
import * as events from "../../../sdk/events";
import { cinnoxInboundSms } from "./fixtures";

describe("events.cinnox", () => {
  describe("challengeResponse", () => {
    it("echoes the challenge from a string, a Buffer or an already parsed object", () => {
      const expected = { code: 0, result: { challenge: "c-7f3a91" } };
      assert.deepEqual(events.cinnox.challengeResponse('{"challenge":"c-7f3a91"}'), expected);
      assert.deepEqual(events.cinnox.challengeResponse(Buffer.from('{"challenge":"c-7f3a91"}')), expected);
      assert.deepEqual(events.cinnox.challengeResponse({ challenge: "c-7f3a91" }), expected);
    });

    it("returns null for anything that is not a challenge", () => {
      assert.equal(events.cinnox.challengeResponse(JSON.stringify(cinnoxInboundSms)), null);
      assert.equal(events.cinnox.challengeResponse("not json"), null);
      assert.equal(events.cinnox.challengeResponse('{"challenge": 42}'), null);
      assert.equal(events.cinnox.challengeResponse("[]"), null);
    });
  });

  it("throws EventArgumentError for a body that is neither text, bytes nor an object (a caller's bug, not a delivery)", () => {
    for (const body of [undefined, null, 42, ["x"]]) {
      const isArgumentError = (err: unknown) => err instanceof events.EventArgumentError && err.argument === "body";
      assert.throws(() => events.cinnox.parseInboundSms(body as unknown as string), isArgumentError);
      assert.throws(() => events.cinnox.challengeResponse(body as unknown as string), isArgumentError);
    }
  });

  describe("parseInboundSms", () => {
    it("normalises numbers to strings and keeps unknown fields", () => {
      const sms = events.cinnox.parseInboundSms(JSON.stringify(cinnoxInboundSms));
      assert.equal(sms.senderNumber, "85298765432");
      assert.equal(sms.recipientNumber, "85212345678");
      assert.equal(sms.receiveTime, "2024-06-12T14:03:11.482+08:00");
      assert.equal(sms.content, "Is my order shipped?");
      assert.equal(sms.serviceId, "svc-0042");
    });

    it("accepts receiveTime in UTC and numbers given as strings", () => {
      const sms = events.cinnox.parseInboundSms({ ...cinnoxInboundSms, senderNumber: "85298765432", receiveTime: "2024-06-12T06:03:11Z" });
      assert.equal(sms.senderNumber, "85298765432");
    });

    it("refuses a receiveTime that is not RFC 3339, a missing field and invalid JSON", () => {
      const code = (fn: () => unknown) =>
        assert.throws(fn, (err: unknown) => err instanceof events.EventVerificationError && err.code === "not_an_event");
      code(() => events.cinnox.parseInboundSms({ ...cinnoxInboundSms, receiveTime: "2024-06-12 14:03:11" }));
      code(() => events.cinnox.parseInboundSms({ ...cinnoxInboundSms, content: undefined }));
      code(() => events.cinnox.parseInboundSms({ ...cinnoxInboundSms, senderNumber: { cc: 852 } }));
      assert.throws(
        () => events.cinnox.parseInboundSms("{oops"),
        (err: unknown) => err instanceof events.EventVerificationError && err.code === "malformed",
      );
    });
  });
});
