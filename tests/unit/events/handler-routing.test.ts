// createHandler routing of every kind to its callback (issue 13): Dialpad's contact, agent-status and
// change-log events, Cinnox's outbound SMS, call, enquiry and label notifications, the vendors' fallbacks,
// onUnhandled, and Cinnox's one-path-per-subscription routing.
import assert from "node:assert/strict";
import * as events from "../../../sdk/events";
import {
  agentStatusChanged,
  callRinging,
  changelogOperatorRemoved,
  cinnoxCallStart,
  cinnoxEnquiryOpened,
  cinnoxInboundSms,
  cinnoxLabelAdded,
  cinnoxOutboundSmsDelivered,
  contactCreated,
  smsInbound,
} from "./fixtures";
import { type Served, post, serve } from "./http";
import { signHmac } from "./jws";

const SECRET = "dp-hook-secret-01";

describe("events.createHandler: routing each kind", () => {
  const calls: Array<{ callback: string; event: unknown }> = [];
  const unhandled: events.UnhandledDelivery[] = [];
  const errors: Array<{ error: unknown; info: events.ErrorInfo }> = [];
  let served: Served;

  const record = (callback: string) => (event: unknown) => void calls.push({ callback, event });
  const baseOptions = {
    onUnhandled: (delivery: events.UnhandledDelivery) => void unhandled.push(delivery),
    onError: (error: unknown, info: events.ErrorInfo) => void errors.push({ error, info }),
  };

  beforeEach(() => {
    calls.length = 0;
    unhandled.length = 0;
    errors.length = 0;
  });
  afterEach(async () => served?.close());

  describe("Dialpad, every callback set", () => {
    beforeEach(async () => {
      served = await serve(
        events.createHandler({
          ...baseOptions,
          dialpad: {
            secret: SECRET,
            onCall: record("onCall"),
            onSms: record("onSms"),
            onContact: record("onContact"),
            onAgentStatus: record("onAgentStatus"),
            onChangelog: record("onChangelog"),
            onEvent: record("onEvent"),
          },
        }),
      );
    });

    it("calls each kind's own callback with the typed event, and answers 200", async () => {
      for (const claims of [callRinging, smsInbound, contactCreated, agentStatusChanged, changelogOperatorRemoved]) {
        const res = await post(served.url, signHmac(claims, SECRET), { "content-type": "application/jwt" });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json, { ok: true });
      }
      assert.deepEqual(
        calls.map((c) => c.callback),
        ["onCall", "onSms", "onContact", "onAgentStatus", "onChangelog"],
      );
      assert.equal((calls[2].event as events.dialpad.ContactEvent).contact.id, "5908860123456789");
      assert.deepEqual((calls[3].event as events.dialpad.AgentStatusEvent).call_center_ids, ["5883344555555555", "6214545667777777"]);
      assert.equal((calls[4].event as events.dialpad.ChangelogEvent).changed_by?.id, "5000000000000001");
      assert.equal(unhandled.length, 0);
    });

    it("gives an unknown kind to onEvent with its kind", async () => {
      assert.equal((await post(served.url, signHmac({ hello: "world" }, SECRET))).status, 200);
      assert.deepEqual(calls, [{ callback: "onEvent", event: { kind: "unknown", event: { hello: "world" } } }]);
    });

    it("refuses a new kind with a bad signature or unsigned (401), calling nothing", async () => {
      assert.equal((await post(served.url, signHmac(contactCreated, "not-the-secret-1"))).status, 401);
      assert.equal((await post(served.url, JSON.stringify(agentStatusChanged))).status, 401);
      assert.equal(calls.length + unhandled.length, 0);
    });
  });

  describe("Dialpad, unsigned, some callbacks", () => {
    it("falls back to onEvent for kinds without their own callback", async () => {
      served = await serve(events.createHandler({ ...baseOptions, dialpad: { onCall: record("onCall"), onEvent: record("onEvent") } }));
      assert.equal((await post(served.url, JSON.stringify(contactCreated))).status, 200);
      assert.equal((await post(served.url, JSON.stringify(callRinging))).status, 200);
      assert.deepEqual(
        calls.map((c) => c.callback),
        ["onEvent", "onCall"],
      );
      const fallback = calls[0].event as events.dialpad.DialpadEvent;
      assert.equal(fallback.kind, "contact");
      assert.equal(fallback.kind === "contact" && fallback.event.contact.display_name, "Avery Customer");
    });

    it("acknowledges a kind nobody handles with 200 and reports it to onUnhandled", async () => {
      served = await serve(events.createHandler({ ...baseOptions, dialpad: { onCall: record("onCall") } }));
      const res = await post(served.url, JSON.stringify(changelogOperatorRemoved));
      assert.equal(res.status, 200);
      assert.equal(calls.length, 0);
      assert.equal(unhandled.length, 1);
      const [delivery] = unhandled;
      assert.equal(delivery.vendor, "dialpad");
      assert.equal(delivery.kind, "changelog");
      assert.equal(delivery.kind === "changelog" && delivery.event.action, "operator_removed");
      assert.ok(delivery.req, "the request is passed along");
    });

    it("warns on the console by default, naming vendor and kind but not the content", async () => {
      served = await serve(events.createHandler({ dialpad: {} }));
      const warned: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => void warned.push(args.join(" "));
      try {
        assert.equal((await post(served.url, JSON.stringify(agentStatusChanged))).status, 200);
      } finally {
        console.warn = original;
      }
      assert.equal(warned.length, 1);
      assert.match(warned[0], /dialpad agent_status .*no callback/);
      assert.ok(!warned[0].includes("Lunch"), "no content in the log");
    });

    it("answers 500 and reports to onError when a new kind's callback or onUnhandled throws", async () => {
      served = await serve(
        events.createHandler({
          dialpad: { onContact: () => Promise.reject(new Error("crm down")) },
          onUnhandled: () => {
            throw new Error("hook failed");
          },
          onError: baseOptions.onError,
        }),
      );
      assert.equal((await post(served.url, JSON.stringify(contactCreated))).status, 500);
      assert.equal((await post(served.url, JSON.stringify(changelogOperatorRemoved))).status, 500);
      assert.deepEqual(
        errors.map((e) => [e.info.vendor, e.info.kind, String(e.error)]),
        [
          ["dialpad", "contact", "Error: crm down"],
          ["dialpad", "unhandled", "Error: hook failed"],
        ],
      );
    });
  });

  describe("Cinnox on one URL, classified by shape", () => {
    beforeEach(async () => {
      served = await serve(
        events.createHandler({
          ...baseOptions,
          cinnox: {
            onInboundSms: record("onInboundSms"),
            onOutboundSms: record("onOutboundSms"),
            onCall: record("onCall"),
            onEnquiry: record("onEnquiry"),
            onLabel: record("onLabel"),
          },
        }),
      );
    });

    it("calls each kind's callback with the parsed notification and answers {code: 0}", async () => {
      for (const body of [cinnoxInboundSms, cinnoxOutboundSmsDelivered, cinnoxCallStart, cinnoxEnquiryOpened, cinnoxLabelAdded]) {
        const res = await post(served.url, JSON.stringify(body), { "content-type": "application/json" });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json, { code: 0 });
      }
      assert.deepEqual(
        calls.map((c) => c.callback),
        ["onInboundSms", "onOutboundSms", "onCall", "onEnquiry", "onLabel"],
      );
      assert.equal((calls[1].event as events.cinnox.OutboundSms).RecipientNumber, "85298765432");
      assert.equal((calls[2].event as events.cinnox.Call).message.caller?.number, "85298765432");
      assert.equal((calls[3].event as events.cinnox.Enquiry).displayCaseNumber, "100234");
    });

    it("acknowledges an unknown notification with 200 and reports it to onUnhandled", async () => {
      const res = await post(served.url, JSON.stringify({ contactId: "c-1", operation: "merged" }));
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { code: 0 });
      assert.deepEqual(
        unhandled.map((d) => [d.vendor, d.kind, d.event]),
        [["cinnox", "unknown", { contactId: "c-1", operation: "merged" }]],
      );
    });

    it("still answers the challenge and refuses a recognised kind of the wrong shape", async () => {
      assert.deepEqual((await post(served.url, JSON.stringify({ challenge: "c-9" }))).json, { code: 0, result: { challenge: "c-9" } });
      const bad = await post(served.url, JSON.stringify({ message: { status: "CallEnd" } }));
      assert.equal(bad.status, 400);
      assert.equal((bad.json?.error as { code: string }).code, "not_an_event");
      assert.equal(calls.length, 0);
    });
  });

  describe("Cinnox with one path per subscription (cinnox.paths)", () => {
    beforeEach(async () => {
      served = await serve(
        events.createHandler({
          ...baseOptions,
          dialpad: { path: "/dialpad", onContact: record("dialpad.onContact") },
          cinnox: {
            paths: { inboundSms: "/cinnox/sms", call: "/cinnox/calls", label: "/cinnox/labels", enquiry: "/cinnox/enquiries" },
            onInboundSms: record("onInboundSms"),
            onCall: record("onCall"),
            onNotification: record("onNotification"),
          },
        }),
      );
    });

    it("answers the challenge on every Cinnox path", async () => {
      for (const path of ["/cinnox/sms", "/cinnox/calls", "/cinnox/labels", "/cinnox/enquiries"]) {
        const res = await post(`${served.url}${path}`, JSON.stringify({ challenge: `c-${path}` }));
        assert.deepEqual(res.json, { code: 0, result: { challenge: `c-${path}` } }, path);
      }
    });

    it("parses each path as its kind, without guessing, and falls back to onNotification", async () => {
      assert.equal((await post(`${served.url}/cinnox/calls?x=1`, JSON.stringify(cinnoxCallStart))).status, 200);
      assert.equal((await post(`${served.url}/cinnox/sms`, JSON.stringify(cinnoxInboundSms))).status, 200);
      // An enquiry notification listing labels would be classified "label" by shape; its path says enquiry.
      assert.equal((await post(`${served.url}/cinnox/enquiries`, JSON.stringify({ ...cinnoxEnquiryOpened, labels: ["VIP"] }))).status, 200);
      assert.deepEqual(
        calls.map((c) => c.callback),
        ["onCall", "onInboundSms", "onNotification"],
      );
      assert.equal((calls[2].event as events.cinnox.CinnoxNotification).kind, "enquiry");
    });

    it("refuses a body of the wrong shape for the path's kind (400)", async () => {
      const res = await post(`${served.url}/cinnox/calls`, JSON.stringify(cinnoxInboundSms));
      assert.equal(res.status, 400);
      assert.match(String((res.json?.error as { message: string }).message), /call notification at message/);
    });

    it("leaves other paths to their vendor and answers 404 elsewhere", async () => {
      assert.equal((await post(`${served.url}/dialpad`, JSON.stringify(contactCreated))).status, 200);
      assert.deepEqual(
        calls.map((c) => c.callback),
        ["dialpad.onContact"],
      );
      assert.equal((await post(`${served.url}/cinnox/other`, JSON.stringify(cinnoxCallStart))).status, 404);
    });
  });

  it("refuses cinnox.paths that collide or are not paths, at start-up", () => {
    assert.throws(() => events.createHandler({ cinnox: { paths: { call: "/c", label: "/c" } } }), /both call and label/);
    assert.throws(() => events.createHandler({ cinnox: { path: "/c", paths: { call: "/c" } } }), TypeError);
    assert.throws(() => events.createHandler({ cinnox: { paths: { call: "calls" } } }), TypeError);
  });

  it("refuses one path given to both vendors, at construction, naming the path and both vendors (issue 18)", () => {
    const both = /path \/hooks is given to both dialpad\.path and cinnox\.path/;
    assert.throws(() => events.createHandler({ dialpad: { path: "/hooks" }, cinnox: { path: "/hooks" } }), both);
    assert.throws(
      () => events.createHandler({ dialpad: { path: "/hooks" }, cinnox: { paths: { call: "/hooks" } } }),
      /path \/hooks is given to both dialpad\.path and cinnox\.paths\.call/,
    );
    assert.throws(() => events.createHandler({ dialpad: { path: "/hooks" }, cinnox: { path: "/hooks" } }), TypeError);
    // Distinct paths, or a path only one vendor claims, are fine.
    assert.doesNotThrow(() => events.createHandler({ dialpad: { path: "/dialpad" }, cinnox: { path: "/cinnox", paths: { call: "/calls" } } }));
  });
});
