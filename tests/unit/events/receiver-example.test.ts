// examples/receiver logs one line per delivery for every kind (issue 13), and no content beyond ids and numbers.
import assert from "node:assert/strict";
import { CINNOX_PATH, DIALPAD_PATH, type ReceivedEvent, type RunningReceiver, secretsFromEnv, startReceiver } from "../../../examples/receiver";
import {
  agentStatusChanged,
  callRinging,
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

describe("examples/receiver: secret rotation and redeliveries", () => {
  it("reads DIALPAD_WEBHOOK_SECRET and, during a rotation, DIALPAD_WEBHOOK_NEXT_SECRET (empty means unset)", () => {
    assert.equal(secretsFromEnv({}), undefined);
    assert.equal(secretsFromEnv({ DIALPAD_WEBHOOK_SECRET: "" }), undefined);
    assert.deepEqual(secretsFromEnv({ DIALPAD_WEBHOOK_SECRET: "old-1" }), ["old-1"]);
    assert.deepEqual(secretsFromEnv({ DIALPAD_WEBHOOK_SECRET: "old-1", DIALPAD_WEBHOOK_NEXT_SECRET: "new-2" }), ["old-1", "new-2"]);
    assert.deepEqual(secretsFromEnv({ DIALPAD_WEBHOOK_NEXT_SECRET: "new-2" }), ["new-2"]);
  });

  it("with both secrets accepts either; a replayed call event is acknowledged as a redelivery and logged once", async () => {
    const logged: string[] = [];
    const receiver = await startReceiver({ secret: ["old-1", "new-2"], log: (line) => logged.push(line) });
    try {
      const url = `${receiver.url}${DIALPAD_PATH}`;
      const first = signHmac({ ...callRinging, call_id: 11 }, "old-1");
      assert.equal((await post(url, first)).status, 200);
      assert.equal((await post(url, signHmac({ ...callRinging, call_id: 12 }, "new-2"))).status, 200);
      assert.equal((await post(url, signHmac({ ...callRinging, call_id: 13 }, "other-3"))).status, 401);
      const again = await post(url, first);
      assert.deepEqual([again.status, again.json], [200, { ok: true, redelivery: true }]);
      assert.deepEqual(logged.map((l) => l.split(" ").slice(0, 3).join(" ")), ["dialpad call 11", "dialpad call 12"]);
    } finally {
      await receiver.close();
    }
  });
});
