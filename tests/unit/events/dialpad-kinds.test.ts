// events.dialpad.verify on contact, agent-status and change-log deliveries (issue 13), and `unknown` for
// verified JSON objects of no known kind. Each signed (HS256, independent signer) and unsigned.
import assert from "node:assert/strict";
import * as events from "../../../sdk/events";
import { agentStatusChanged, callRinging, changelogOperatorRemoved, contactCreated, smsInbound } from "./fixtures";
import { signHmac } from "./jws";

const SECRET = "dp-hook-secret-01";

/** The same claims delivered both ways Dialpad sends them: a token under the secret, and plain JSON without one. */
async function bothWays(claims: object): Promise<events.dialpad.DialpadEvent[]> {
  return [await events.dialpad.verify(signHmac(claims, SECRET), SECRET), await events.dialpad.verify(JSON.stringify(claims))];
}

async function refusedWith(promise: Promise<unknown>, code: events.EventErrorCode): Promise<events.EventVerificationError> {
  const err = await promise.then(
    () => assert.fail(`expected a refusal with code ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof events.EventVerificationError, String(err));
  assert.equal(err.code, code, err.message);
  return err;
}

describe("events.dialpad.verify: contact, agent status, change log, unknown", () => {
  it("hands over a contact event as kind contact, ids as strings, unknown fields kept", async () => {
    for (const result of await bothWays(contactCreated)) {
      assert.equal(result.kind, "contact");
      if (result.kind !== "contact") return;
      assert.equal(result.event.event, "Created");
      assert.equal(result.event.contact.id, "5908860123456789");
      assert.equal(result.event.contact.type, "shared");
      assert.deepEqual(result.event.contact.phones, ["+14155550123", "+14155550124"]);
      assert.equal(result.event.contact.trunk_group, null);
      assert.equal(result.event.contact.crm_source, "salesforce", "unknown nested field kept");
      assert.equal(result.event.contact_list_id, "shared-1", "unknown top-level field kept");
    }
  });

  it("hands over an agent-status event as kind agent_status, ids normalised to strings", async () => {
    for (const result of await bothWays(agentStatusChanged)) {
      assert.equal(result.kind, "agent_status");
      if (result.kind !== "agent_status") return;
      assert.equal(result.event.on_duty_status, "unavailable");
      assert.equal(result.event.on_duty_status_reason, "Lunch");
      assert.deepEqual(result.event.call_center_ids, ["5883344555555555", "6214545667777777"]);
      assert.equal(result.event.target.id, "5835806903417856");
      assert.equal(result.event.target.phone, "+14155550199");
      assert.equal(result.event.office_id, 4785618394316800, "unknown field kept as sent");
    }
  });

  it("recognises an agent-status event by availability_status alone", async () => {
    const result = await events.dialpad.verify(JSON.stringify({ availability_status: "busy", target: { id: "7" } }));
    assert.equal(result.kind, "agent_status");
  });

  it("hands over a change-log event as kind changelog, additional_data as sent", async () => {
    for (const result of await bothWays(changelogOperatorRemoved)) {
      assert.equal(result.kind, "changelog");
      if (result.kind !== "changelog") return;
      assert.equal(result.event.action, "operator_removed");
      assert.deepEqual(result.event.additional_data, { name: "Support Line", operator_name: "Mary Sue" });
      assert.equal(result.event.changed_by?.id, "5000000000000001");
      assert.equal(result.event.target?.id, "4785618394316800");
      assert.equal(result.event.request_id, "req-9f2c");
    }
    // Dialpad redacts the author of changes its staff made, and additional_data may be null.
    const redacted = await events.dialpad.verify(JSON.stringify({ action: "updated_ivr", changed_by: null, additional_data: null }));
    assert.equal(redacted.kind, "changelog");
  });

  it("hands over a verified JSON object of no known kind as unknown, whole, instead of refusing it", async () => {
    for (const result of await bothWays({ hello: "world", nested: { n: 1 } })) {
      assert.deepEqual(result, { kind: "unknown", event: { hello: "world", nested: { n: 1 } } });
    }
  });

  it("still authenticates the new kinds: a wrong secret, an unsigned body with a secret, a signed one without", async () => {
    await refusedWith(events.dialpad.verify(signHmac(contactCreated, "someone-else-123"), SECRET), "bad_signature");
    await refusedWith(events.dialpad.verify(signHmac({ hello: "world" }, "someone-else-123"), SECRET), "bad_signature");
    await refusedWith(events.dialpad.verify(JSON.stringify(agentStatusChanged), SECRET), "unsigned");
    await refusedWith(events.dialpad.verify(JSON.stringify({ hello: "world" }), SECRET), "unsigned");
    await refusedWith(events.dialpad.verify(signHmac(changelogOperatorRemoved, SECRET)), "secret_required");
  });

  it("is strict about the structure of a recognised kind, naming the field", async () => {
    const contact = await refusedWith(events.dialpad.verify(JSON.stringify({ event: "Created", contact: "Avery" })), "not_an_event");
    assert.match(contact.message, /contact event at contact/);
    const noId = await refusedWith(events.dialpad.verify(JSON.stringify({ event: "Deleted", contact: { name: "x" } })), "not_an_event");
    assert.match(noId.message, /contact\.id/);
    const agent = await refusedWith(events.dialpad.verify(JSON.stringify({ ...agentStatusChanged, target: undefined })), "not_an_event");
    assert.match(agent.message, /agent-status event at target/);
    const change = await refusedWith(events.dialpad.verify(JSON.stringify({ action: 12 })), "not_an_event");
    assert.match(change.message, /change-log event at action/);
  });

  it("keeps not_an_event for bodies that are JSON but not objects", async () => {
    for (const body of ["[1,2]", '"text"', "42", "null", "true"]) await refusedWith(events.dialpad.verify(body), "not_an_event");
    await refusedWith(events.dialpad.verify(signHmac([contactCreated], SECRET), SECRET), "malformed");
  });

  it("classifies call and SMS events first, although they carry a contact object too", async () => {
    assert.equal((await events.dialpad.verify(JSON.stringify({ ...callRinging, event: "x" }))).kind, "call");
    assert.equal((await events.dialpad.verify(JSON.stringify({ ...smsInbound, event: "x", action: "y" }))).kind, "sms");
  });

  it("exports the schemas of the new kinds", () => {
    assert.equal(events.dialpad.ContactEventSchema.safeParse(contactCreated).success, true);
    assert.equal(events.dialpad.AgentStatusEventSchema.safeParse(agentStatusChanged).success, true);
    assert.equal(events.dialpad.ChangelogEventSchema.safeParse(changelogOperatorRemoved).success, true);
    assert.equal(events.dialpad.ContactEventSchema.safeParse(changelogOperatorRemoved).success, false);
  });
});
