// examples/receiver logs one line per delivery for every kind (issue 13), and no content beyond ids and numbers.
import assert from "node:assert/strict";
import { CINNOX_PATH, DIALPAD_PATH, type ReceivedEvent, type RunningReceiver, startReceiver } from "../../../examples/receiver";
import {
  agentStatusChanged,
  changelogOperatorRemoved,
  cinnoxCallStart,
  cinnoxEnquiryOpened,
  cinnoxLabelAdded,
  cinnoxOutboundSmsDelivered,
  contactCreated,
} from "./fixtures";
import { post } from "./http";
import { signHmac } from "./jws";

const SECRET = "dp-example-secret-1";

describe("examples/receiver: the new kinds", () => {
  let receiver: RunningReceiver;
  const logged: string[] = [];
  const received: ReceivedEvent[] = [];

  before(async () => {
    receiver = await startReceiver({ secret: SECRET, log: (line) => logged.push(line), onEvent: (e) => void received.push(e) });
  });
  after(async () => receiver?.close());

  it("logs Dialpad contact, agent-status, change-log and unknown deliveries", async () => {
    for (const claims of [contactCreated, agentStatusChanged, changelogOperatorRemoved, { hello: "world" }]) {
      assert.equal((await post(`${receiver.url}${DIALPAD_PATH}`, signHmac(claims, SECRET))).status, 200);
    }
    assert.deepEqual(logged.splice(0), [
      "dialpad contact Created 5908860123456789 shared (2 phones)",
      "dialpad agent_status 5835806903417856 unavailable/available call centers 5883344555555555,6214545667777777",
      "dialpad changelog operator_removed on CallCenter 4785618394316800 by 5000000000000001",
      "dialpad unknown {hello}",
    ]);
  });

  it("logs Cinnox outbound-SMS, call, enquiry, label and unknown notifications", async () => {
    for (const body of [cinnoxOutboundSmsDelivered, cinnoxCallStart, cinnoxEnquiryOpened, cinnoxLabelAdded, { contactId: "c-1" }]) {
      assert.equal((await post(`${receiver.url}${CINNOX_PATH}`, JSON.stringify(body))).status, 200);
    }
    assert.deepEqual(logged.splice(0), [
      "cinnox outbound_sms 990001112223 -> 85298765432 Delivered",
      "cinnox call 770011223344 CallStart 85298765432 -> 85212345678",
      "cinnox enquiry 100234 Opened via WHATSAPP",
      "cinnox label {labelId,labelName,action,targetId}",
      "cinnox unknown {contactId}",
    ]);
    assert.deepEqual(
      received.slice(-5).map((r) => `${r.vendor}/${r.kind}`),
      ["cinnox/outbound_sms", "cinnox/call", "cinnox/enquiry", "cinnox/label", "cinnox/unknown"],
    );
  });
});
