// events.cinnox parse functions for the notifications other than inbound SMS (issue 13), and
// parseNotification's classification by shape.
import assert from "node:assert/strict";
import * as events from "../../../sdk/events";
import {
  cinnoxCallEnd,
  cinnoxCallStart,
  cinnoxEnquiryOpened,
  cinnoxInboundSms,
  cinnoxLabelAdded,
  cinnoxOutboundSmsDelivered,
  callRinging,
} from "./fixtures";

const notAnEvent = (fn: () => unknown, field: RegExp) =>
  assert.throws(fn, (err: unknown) => err instanceof events.EventVerificationError && err.code === "not_an_event" && field.test(err.message));

/** Every number of an object, recursively, turned into a string: the other way Cinnox may send them. */
function numbersAsStrings(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(numbersAsStrings);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAsStrings(v)]));
  return value;
}

describe("events.cinnox notifications", () => {
  describe("parseCall", () => {
    it("hands out ids and numbers as strings whether they came as numbers or strings, unknown fields kept", () => {
      for (const body of [cinnoxCallStart, numbersAsStrings(cinnoxCallStart) as Record<string, unknown>]) {
        const call = events.cinnox.parseCall(JSON.stringify(body));
        assert.equal(call.message.id, "770011223344");
        assert.equal(call.message.status, "CallStart");
        assert.equal(call.message.serviceId, "42");
        assert.deepEqual(call.message.caller, { eid: "1001", number: "85298765432" });
        assert.deepEqual(call.message.callees, { eid: "staff-7", number: "85212345678" });
        assert.equal(call.message.direction, "inbound", "unknown nested field kept");
        assert.equal(call.timestamp, typeof body.timestamp === "number" ? 1718200400000 : "1718200400000", "unknown field kept as sent");
      }
    });

    it("accepts CallEnd without caller and callees", () => {
      const call = events.cinnox.parseCall(cinnoxCallEnd);
      assert.equal(call.message.status, "CallEnd");
      assert.equal(call.message.caller, undefined);
    });

    it("refuses a call notification without message.id or with a caller that is not an object", () => {
      notAnEvent(() => events.cinnox.parseCall({ message: { status: "CallEnd" } }), /message\.id/);
      notAnEvent(() => events.cinnox.parseCall({ message: { ...cinnoxCallStart.message, caller: "85298765432" } }), /message\.caller/);
      notAnEvent(() => events.cinnox.parseCall({ status: "CallEnd" }), /message/);
    });
  });

  describe("parseOutboundSms", () => {
    it("parses a delivery record with numbers as numbers or strings, ResponseCode handed out as a string", () => {
      for (const body of [cinnoxOutboundSmsDelivered, numbersAsStrings(cinnoxOutboundSmsDelivered) as Record<string, unknown>]) {
        const record = events.cinnox.parseOutboundSms(Buffer.from(JSON.stringify(body)));
        assert.equal(record.Type, "tdr");
        assert.equal(record.TransactionID, "990001112223");
        assert.equal(record.RecipientNumber, "85298765432");
        assert.equal(record.ServiceID, "42");
        assert.equal(record.RecipientCountry, "HK");
        assert.equal(record.Status, "Delivered");
        assert.equal(record.ResponseCode, "");
        assert.ok(record.SegmentCount === 1 || record.SegmentCount === "1", "unknown field kept");
      }
      const rejected = events.cinnox.parseOutboundSms({ ...cinnoxOutboundSmsDelivered, Status: "Rejected", ResponseCode: 400 });
      assert.equal(rejected.ResponseCode, "400");
    });

    it("refuses a record without Status or with a recipient that is not a number", () => {
      notAnEvent(() => events.cinnox.parseOutboundSms({ ...cinnoxOutboundSmsDelivered, Status: undefined }), /Status/);
      notAnEvent(() => events.cinnox.parseOutboundSms({ ...cinnoxOutboundSmsDelivered, RecipientNumber: { cc: 852 } }), /RecipientNumber/);
    });
  });

  describe("parseEnquiry and parseLabel", () => {
    it("parses an enquiry, numbers as strings, unknown fields kept", () => {
      const enquiry = events.cinnox.parseEnquiry(JSON.stringify(cinnoxEnquiryOpened));
      assert.equal(enquiry.status, "Opened");
      assert.equal(enquiry.serviceId, "42");
      assert.equal(enquiry.displayCaseNumber, "100234");
      assert.equal(enquiry.channel, "WHATSAPP");
      assert.equal(enquiry.subject, "Order 5531");
      notAnEvent(() => events.cinnox.parseEnquiry({ status: "Opened" }), /type/);
    });

    it("hands a label notification over whole, and refuses a body that is not a JSON object", () => {
      assert.deepEqual(events.cinnox.parseLabel(JSON.stringify(cinnoxLabelAdded)), cinnoxLabelAdded);
      notAnEvent(() => events.cinnox.parseLabel("[1]"), /object/);
    });
  });

  describe("parseNotification (classification by shape)", () => {
    const cases: Array<[events.cinnox.CinnoxNotificationKind, object]> = [
      ["inboundSms", cinnoxInboundSms],
      ["outboundSms", cinnoxOutboundSmsDelivered],
      ["outboundSms", { Type: "tdr", TransactionID: "t-1", RecipientNumber: "85298765432", Status: "Submitted" }],
      ["call", cinnoxCallStart],
      ["call", cinnoxCallEnd],
      ["enquiry", cinnoxEnquiryOpened],
      ["label", cinnoxLabelAdded],
      ["label", { ...cinnoxEnquiryOpened, labels: ["VIP"] }],
      ["unknown", { contactId: "c-1", operation: "merged" }],
    ];
    for (const [kind, body] of cases) {
      it(`classifies ${JSON.stringify(body).slice(0, 60)}… as ${kind}`, () => {
        const parsed = events.cinnox.parseNotification(JSON.stringify(body));
        assert.equal(parsed.kind, kind);
      });
    }

    it("keeps unknown notifications whole and typed as records", () => {
      const parsed = events.cinnox.parseNotification({ contactId: 77, operation: "merged" });
      assert.deepEqual(parsed, { kind: "unknown", event: { contactId: 77, operation: "merged" } });
    });

    it("applies the recognised kind's schema: a broken call notification is refused, not passed as unknown", () => {
      notAnEvent(() => events.cinnox.parseNotification({ message: { status: "CallStart" } }), /message\.id/);
    });

    it("parseAs parses as the kind the URL serves, without looking at the shape", () => {
      const parsed = events.cinnox.parseAs("label", cinnoxCallStart);
      assert.equal(parsed.kind, "label");
      notAnEvent(() => events.cinnox.parseAs("call", cinnoxLabelAdded), /message/);
    });

    it("refuses bodies that are not JSON objects", () => {
      assert.throws(() => events.cinnox.parseNotification("{oops"), (err: unknown) => err instanceof events.EventVerificationError && err.code === "malformed");
      notAnEvent(() => events.cinnox.parseNotification("[]"), /object/);
    });

    it("looksLikeCinnox does not claim Dialpad events (call events carry labels)", () => {
      assert.equal(events.cinnox.looksLikeCinnox({ ...callRinging }), false);
      assert.equal(events.cinnox.looksLikeCinnox({ ...cinnoxCallStart }), true);
    });
  });
});
