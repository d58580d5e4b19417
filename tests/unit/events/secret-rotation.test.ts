// A list of secrets (issue 20 item 3: rotation without dropped events) and redelivery recognition (item 5),
// through verify, createVerifier and createHandler on a real loopback server.
import assert from "node:assert/strict";
import * as events from "../../../sdk/events";
import { agentStatusChanged, callRinging, changelogOperatorRemoved, contactCreated, smsInbound } from "./fixtures";
import { type Served, post, serve } from "./http";
import { nowSeconds, signHmac } from "./jws";

const OLD = "dp-old-secret-01";
const NEW = "dp-new-secret-02";

async function code(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "accepted",
    (err: unknown) => (err instanceof events.EventVerificationError ? err.code : err instanceof events.EventArgumentError ? `argument:${err.argument}` : String(err)),
  );
}

describe("events.dialpad: a list of secrets", () => {
  it("verify accepts a token signed with any secret of the list, and refuses one signed with neither", async () => {
    for (const secret of [OLD, NEW]) {
      const result = await events.dialpad.verify(signHmac(callRinging, secret), [OLD, NEW]);
      assert.equal(result.kind, "call", `signed with ${secret === OLD ? "the old" : "the new"} secret`);
    }
    assert.equal(await code(events.dialpad.verify(signHmac(callRinging, "dp-other-03"), [OLD, NEW])), "bad_signature");
    // A single secret keeps working as before.
    assert.equal((await events.dialpad.verify(signHmac(callRinging, OLD), OLD)).kind, "call");
    assert.equal(await code(events.dialpad.verify(signHmac(callRinging, NEW), OLD)), "bad_signature");
  });

  it("a failure other than the signature under a matching secret is final (expired), and unsigned stays refused", async () => {
    const expired = signHmac({ ...callRinging, exp: nowSeconds() - 60 }, NEW);
    assert.equal(await code(events.dialpad.verify(expired, [OLD, NEW])), "expired");
    assert.equal(await code(events.dialpad.verify(JSON.stringify(callRinging), [OLD, NEW])), "unsigned");
  });

  it("createVerifier refuses an empty list or a blank or non-string entry at once, naming its index but not the values", () => {
    const refusal = (secret: unknown, pattern: RegExp) =>
      assert.throws(
        () => events.dialpad.createVerifier(secret as string[]),
        (err: unknown) => err instanceof events.EventArgumentError && err.argument === "secret" && pattern.test(err.message) && !err.message.includes(OLD),
      );
    refusal([], /non-empty list/);
    refusal([OLD, ""], /secret \[1\] must be a non-empty string, got an empty string/);
    refusal([OLD, 7], /secret \[1\] must be a non-empty string, got number/);
    assert.equal(typeof events.dialpad.createVerifier([OLD, NEW]), "function");
  });

  it("createHandler with both secrets answers 200 to either and 401 to a third, handing each event to the callback", async () => {
    const calls: string[] = [];
    const served = await serve(events.createHandler({ dialpad: { secret: [OLD, NEW], onCall: (c) => void calls.push(c.call_id) } }));
    try {
      assert.equal((await post(served.url, signHmac({ ...callRinging, call_id: 1 }, OLD))).status, 200);
      assert.equal((await post(served.url, signHmac({ ...callRinging, call_id: 2 }, NEW))).status, 200);
      assert.equal((await post(served.url, signHmac({ ...callRinging, call_id: 3 }, "dp-other-03"))).status, 401);
      assert.deepEqual(calls, ["1", "2"]);
    } finally {
      await served.close();
    }
    assert.throws(() => events.createHandler({ dialpad: { secret: [] } }), events.EventArgumentError);
  });
});

describe("events.createHandler: dialpad.redeliveries", () => {
  let served: Served | undefined;
  afterEach(async () => served?.close());

  const start = async (redeliveries: events.DialpadHandlerOptions["redeliveries"], onEvent: (d: events.dialpad.DialpadEvent) => void | Promise<void>) => {
    served = await serve(events.createHandler({ dialpad: { secret: OLD, redeliveries, onEvent }, onError: () => undefined }));
    return served.url;
  };

  it("hands an event with an id to the callback once; the same body again is answered 200 redelivery", async () => {
    const seen: string[] = [];
    const url = await start(true, (d) => void seen.push(d.kind));
    const body = signHmac({ ...callRinging, iat: nowSeconds() }, OLD);
    const first = await post(url, body);
    const again = await post(url, body);
    assert.deepEqual([first.status, first.json], [200, { ok: true }]);
    assert.deepEqual([again.status, again.json], [200, { ok: true, redelivery: true }]);
    // The same event re-signed (a vendor's retry carries a new iat) is recognised too.
    const resigned = await post(url, signHmac({ ...callRinging, iat: nowSeconds() + 1 }, OLD));
    assert.deepEqual(resigned.json, { ok: true, redelivery: true });
    // Another state of the same call is another event.
    assert.equal((await post(url, signHmac({ ...callRinging, state: "hangup" }, OLD))).json?.redelivery, undefined);
    assert.deepEqual(seen, ["call", "call"]);
  });

  it("copies arriving together run the callback once; a copy of a failed event is handled again", async () => {
    let runs = 0;
    let fail = true;
    const url = await start(true, async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (fail) {
        fail = false;
        throw new Error("database down");
      }
    });
    const body = signHmac(smsInbound, OLD);
    const first = await post(url, body);
    assert.equal(first.status, 500, "the first copy failed");
    const together = await Promise.all([post(url, body), post(url, body), post(url, body)]);
    assert.deepEqual(together.map((r) => r.status), [200, 200, 200]);
    assert.equal(together.filter((r) => r.json?.redelivery === true).length, 2, "one handled, two recognised");
    assert.equal(runs, 2, "the failed copy, then exactly one of the three");
  });

  it("events without an id (contact, change log) are never taken for redeliveries; agent status is keyed by agent and time", async () => {
    const seen: string[] = [];
    const url = await start(true, (d) => void seen.push(d.kind));
    for (const claims of [contactCreated, contactCreated, changelogOperatorRemoved, changelogOperatorRemoved, agentStatusChanged, agentStatusChanged]) {
      assert.equal((await post(url, signHmac(claims, OLD))).status, 200);
    }
    assert.deepEqual(seen, ["contact", "contact", "changelog", "changelog", "agent_status"]);
  });

  it("remembers at most `remember` events: the oldest is forgotten first", async () => {
    const seen: string[] = [];
    const url = await start({ remember: 2 }, (d) => void seen.push(d.kind === "call" ? d.event.call_id : d.kind));
    const call = (id: number) => signHmac({ ...callRinging, call_id: id }, OLD);
    for (const id of [1, 2, 3, 1, 3]) await post(url, call(id));
    assert.deepEqual(seen, ["1", "2", "3", "1"], "1 was forgotten when 3 came; 3 still remembered");
  });

  it("is off by default: the same body twice runs the callback twice", async () => {
    let runs = 0;
    const url = await start(undefined, () => void runs++);
    const body = signHmac(callRinging, OLD);
    await post(url, body);
    await post(url, body);
    assert.equal(runs, 2);
    assert.throws(() => events.createHandler({ dialpad: { redeliveries: { remember: 0 } } }), /remember must be a positive integer/);
  });
});
