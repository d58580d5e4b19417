// The behaviour every Dialpad resource shares, run for each of the four against the in-process emulator:
// one request per create/update/delete, read with live values and inputs, 404 handling, check, diff, lost answers.
import assert from "node:assert/strict";
import type { Props, ResourceController } from "../../../../provider/controller";
import { UNKNOWN } from "../../../../provider/controller";
import { RESOURCE_KINDS } from "../../../../provider";
import type { VendorClient as DialpadClient } from "../../../../provider/http";
import { callSubscriptionController } from "../../../../provider/dialpad/call-subscription";
import { legacySmsEventSubscriptionController } from "../../../../provider/dialpad/legacy-sms-event-subscription";
import { smsSubscriptionController } from "../../../../provider/dialpad/sms-subscription";
import { webhookController } from "../../../../provider/dialpad/webhook";
import { legacyCallEventSubscriptionController } from "../../../../provider/dialpad/legacy-call-event-subscription";
import { changelogSubscriptionController } from "../../../../provider/dialpad/changelog-subscription";
import { agentStatusSubscriptionController } from "../../../../provider/dialpad/agent-status-subscription";
import { contactSubscriptionController } from "../../../../provider/dialpad/contact-subscription";
import { websocketController } from "../../../../provider/dialpad/websocket";
import { addFault, adminState } from "../../../helpers/emulator";
import { checked, dialpadFixture, refused } from "./fixture";

interface Case {
  name: string;
  make: (client: () => DialpadClient) => ResourceController;
  /** Path of the collection; `{id}` objects live below it. */
  path: string;
  /** Valid inputs; `hook` is the id of a webhook made for the test. */
  inputs: (hook: string) => Props;
  /** How the inputs look after check (defaults filled, sets sorted). */
  normalised: (hook: string) => Props;
  /** One change per updatable property (merged into the inputs). */
  updates: (hook: string, otherHook: string) => Props[];
  updateMethod: "PATCH" | "PUT";
  /** Outputs that are not inputs (compared apart). */
  outputsOnly?: string[];
  /** Valid inputs of a second, different object. */
  other: (hook: string) => Props;
  /** Bad value per property; check must name exactly these. */
  bad: Props;
  /** Objects of this kind the emulator holds (for webhooks: but the link target the tests make). */
  stored: (state: Awaited<ReturnType<typeof adminState>>) => unknown[];
  /** Create needs a GET before its write (legacy: the hook-id guard). */
  /** Create POSTs (and may adopt what a lost POST made). */
  posts: boolean;
}

/** URL of the webhook each test makes for subscriptions to link to. */
const LINK_TARGET = "https://hooks.example.com/dialpad";

const cases: Case[] = [
  {
    name: "dialpad:Webhook",
    make: webhookController,
    path: "/api/v2/webhooks",
    inputs: () => ({ hookUrl: "https://ops.example.com/dialpad", secret: "wh-secret-01" }),
    normalised: () => ({ hookUrl: "https://ops.example.com/dialpad", secret: "wh-secret-01" }),
    updates: () => [{ hookUrl: "https://ops.example.com/v2" }, { secret: "wh-secret-02" }, { secret: undefined }],
    updateMethod: "PATCH",
    other: () => ({ hookUrl: "https://ops.example.com/other" }),
    bad: { hookUrl: "ftp://ops.example.com", secret: "two\nlines", adoptId: -4 },
    stored: (s) => s.dialpad.webhooks.filter((w) => w.hook_url !== LINK_TARGET),
    posts: true,
  },
  {
    name: "dialpad:Websocket",
    make: websocketController,
    path: "/api/v2/websockets",
    inputs: () => ({ secret: "ws-secret-01" }),
    normalised: () => ({ secret: "ws-secret-01" }),
    outputsOnly: ["websocketUrl"],
    updates: () => [{ secret: "ws-secret-02" }, { secret: undefined }],
    updateMethod: "PATCH",
    other: () => ({ secret: "ws-secret-03" }),
    bad: { secret: "  ", adoptId: "9223372036854775808" },
    stored: (s) => s.dialpad.websockets,
    posts: true,
  },
  {
    name: "dialpad:CallSubscription",
    make: callSubscriptionController,
    path: "/api/v2/subscriptions/call",
    inputs: (hook) => ({ webhookId: hook, callStates: ["ringing", "hangup", "ringing"], targetType: "office", targetId: 123 }),
    normalised: (hook) => ({
      webhookId: hook, callStates: ["hangup", "ringing"], enabled: true, groupCallsOnly: false, targetType: "office", targetId: "123",
    }),
    updates: (_hook, other) => [
      { callStates: ["missed"] }, { enabled: false }, { groupCallsOnly: true }, { targetType: "user", targetId: 77 },
      { targetType: undefined, targetId: undefined }, { webhookId: other },
    ],
    updateMethod: "PATCH",
    other: (hook) => ({ webhookId: hook, callStates: ["missed"] }),
    bad: { webhookId: "abc", callStates: ["ringing", "sleeping"], enabled: "yes", groupCallsOnly: 1, targetType: "planet", targetId: 0 },
    stored: (s) => s.dialpad.subscriptions.call,
    posts: true,
  },
  {
    name: "dialpad:SmsSubscription",
    make: smsSubscriptionController,
    path: "/api/v2/subscriptions/sms",
    inputs: (hook) => ({ webhookId: Number(hook), direction: "inbound" }),
    normalised: (hook) => ({ webhookId: hook, direction: "inbound", enabled: true, includeInternal: false, status: false }),
    updates: (_hook, other) => [
      { direction: "all" }, { enabled: false }, { includeInternal: true }, { status: true }, { targetType: "department", targetId: "9" },
      { webhookId: other },
    ],
    updateMethod: "PATCH",
    other: (hook) => ({ webhookId: hook, direction: "outbound" }),
    bad: { direction: "sideways", includeInternal: "no", status: null, targetId: 1.5, adoptId: "x" },
    stored: (s) => s.dialpad.subscriptions.sms,
    posts: true,
  },
  {
    name: "dialpad:ContactSubscription",
    make: contactSubscriptionController,
    path: "/api/v2/subscriptions/contact",
    inputs: (hook) => ({ webhookId: hook, contactType: "shared" }),
    normalised: (hook) => ({ webhookId: hook, contactType: "shared", enabled: true }),
    updates: (_hook, other) => [{ contactType: "local" }, { enabled: false }, { webhookId: other }],
    updateMethod: "PATCH",
    other: (hook) => ({ webhookId: hook, contactType: "local" }),
    bad: { webhookId: "1.5", contactType: "global", enabled: "no" },
    stored: (s) => s.dialpad.subscriptions.contact,
    posts: true,
  },
  {
    name: "dialpad:AgentStatusSubscription",
    make: agentStatusSubscriptionController,
    path: "/api/v2/subscriptions/agent_status",
    inputs: (hook) => ({ webhookId: hook, agentType: "callcenter" }),
    normalised: (hook) => ({ webhookId: hook, agentType: "callcenter", enabled: true }),
    updates: (_hook, other) => [{ enabled: false }, { webhookId: other }],
    updateMethod: "PATCH",
    other: (hook) => ({ webhookId: hook, agentType: "callcenter", enabled: false }),
    bad: { agentType: "supervisor", enabled: 0, adoptId: 0 },
    stored: (s) => s.dialpad.subscriptions.agent_status,
    posts: true,
  },
  {
    name: "dialpad:ChangelogSubscription",
    make: changelogSubscriptionController,
    path: "/api/v2/subscriptions/changelog",
    inputs: (hook) => ({ webhookId: hook }),
    normalised: (hook) => ({ webhookId: hook, enabled: true }),
    updates: (_hook, other) => [{ enabled: false }, { webhookId: other }],
    updateMethod: "PATCH",
    other: (hook) => ({ webhookId: hook, enabled: false }),
    bad: { webhookId: -1, enabled: "true", adoptId: "12a" },
    stored: (s) => s.dialpad.subscriptions.changelog,
    posts: true,
  },
  {
    name: "dialpad:LegacySmsEventSubscription",
    make: legacySmsEventSubscriptionController,
    path: "/api/v2/event-subscriptions/sms",
    inputs: () => ({ hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", secret: "lg-secret-01" }),
    normalised: () => ({ hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", enabled: true, secret: "lg-secret-01" }),
    updates: () => [
      { url: "https://ops.example.com/sms2" }, { direction: "outbound" }, { enabled: false }, { secret: "lg-secret-02" },
      { secret: undefined }, { targetType: "user", targetId: 5 },
    ],
    updateMethod: "PUT",
    other: () => ({ hookId: "ops-sms-2", url: "https://ops.example.com/sms", direction: "inbound" }),
    bad: { hookId: "a/b", url: "https://user:pw@ops.example.com/sms", direction: "up", secret: "x\ry", targetType: "moon" },
    stored: (s) => s.dialpad.eventSubscriptions.sms,
    posts: false,
  },
  {
    name: "dialpad:LegacyCallEventSubscription",
    make: legacyCallEventSubscriptionController,
    path: "/api/v2/event-subscriptions/call",
    inputs: () => ({ hookId: "ops-calls", url: "https://ops.example.com/calls", callStates: ["ringing", "hangup"], secret: "lc-secret-01" }),
    normalised: () => ({
      hookId: "ops-calls", url: "https://ops.example.com/calls", callStates: ["hangup", "ringing"], enabled: true, groupCallsOnly: false,
      secret: "lc-secret-01",
    }),
    updates: () => [
      { url: "https://ops.example.com/calls2" }, { callStates: ["missed"] }, { enabled: false }, { groupCallsOnly: true },
      { secret: undefined }, { targetType: "office", targetId: 3 },
    ],
    updateMethod: "PUT",
    other: () => ({ hookId: "ops-calls-2", url: "https://ops.example.com/calls", callStates: ["all"] }),
    bad: { hookId: "..", url: "https://ops.example.com/\u2028x", callStates: [], groupCallsOnly: "x", secret: "\u0000" },
    stored: (s) => s.dialpad.eventSubscriptions.call,
    posts: false,
  },
];

// Every Dialpad kind of the registry has its case (the compiler cannot see into this array, so the suite checks).
it("Dialpad lifecycle: a case for every Dialpad resource kind", () => {
  assert.deepEqual(cases.map((c) => c.name).sort(), RESOURCE_KINDS.filter((k) => k.startsWith("dialpad:")).sort());
});

for (const tc of cases) {
  describe(`${tc.name} controller`, () => {
    const dp = dialpadFixture();
    const controller = () => tc.make(dp.client);
    const hookPrefix = tc.path;
    const inputsOf = (props: Props): Props => Object.fromEntries(Object.entries(props).filter(([k]) => !(tc.outputsOnly ?? []).includes(k)));

    async function created(): Promise<{ id: string; inputs: Props; outs: Props; hook: string }> {
      const hook = await dp.webhook();
      const inputs = await checked(controller(), tc.inputs(hook));
      const { id, outs } = await controller().create(inputs);
      await dp.clear();
      return { id, inputs, outs: outs ?? {}, hook };
    }

    it("check normalises and fills defaults", async () => {
      const hook = await dp.webhook();
      assert.deepEqual(await checked(controller(), tc.inputs(hook)), tc.normalised(hook));
    });

    it("creates with exactly one write (plus one listing of the kind per process, or the hook id's GET right before its PUT) and returns the live values under the input names", async () => {
      const hook = await dp.webhook();
      await dp.clear();
      const inputs = await checked(controller(), tc.inputs(hook));
      const { id, outs } = await controller().create(inputs);
      assert.ok(id);
      assert.deepEqual(inputsOf(outs ?? {}), tc.normalised(hook));
      const write = tc.posts ? `POST ${tc.path}` : `PUT ${tc.path}/${id}`;
      // A legacy create reads its hook id from the vendor at the moment it decides (the guard), never from a listing.
      assert.deepEqual(await dp.calls(), [tc.posts ? `GET ${tc.path}` : `GET ${tc.path}/${id}`, write]);
      assert.equal(tc.stored(await adminState(dp.fx.url)).length, 1);
      // The listing is the process's: a second create of the kind sends its write only.
      await dp.clear();
      const second = await controller().create(await checked(controller(), tc.other(hook)));
      assert.deepEqual(await dp.calls(), tc.posts ? [`POST ${tc.path}`] : [`GET ${tc.path}/${second.id}`, `PUT ${tc.path}/${second.id}`]);
      assert.equal(tc.stored(await adminState(dp.fx.url)).length, 2);
    });

    it("reads from one listing of the kind per process: live props and the matching inputs", async () => {
      const { id, outs } = await created();
      const second = await controller().create(await checked(controller(), tc.other(await dp.webhook("https://second.example.com/x"))));
      dp.newProcess();
      await dp.clear();
      const res = await controller().read(id, { ...outs, __provider: "x" });
      assert.equal(res.id, id);
      assert.deepEqual(res.props, outs);
      assert.deepEqual(res.inputs, inputsOf(outs));
      assert.equal((await controller().read(second.id, second.outs ?? {})).id, second.id);
      assert.deepEqual(await dp.calls(), [`GET ${hookPrefix}`], "two reads, one listing");
    });

    it("confirms with one GET an id the listing lacks before reporting it gone", async () => {
      const { id, outs } = await created();
      dp.newProcess();
      await controller().read(id, outs);
      // Deleted out of band after this process listed the kind: the listing still has it, the next process does not.
      assert.equal((await dp.api("DELETE", `${tc.path.replace(/^\/api\/v2/, "")}/${id}`)).status, 200);
      dp.newProcess();
      await dp.clear();
      assert.equal((await controller().read(id, outs)).id, "");
      assert.deepEqual(await dp.calls(), [`GET ${hookPrefix}`, `GET ${hookPrefix}/${id}`]);
    });

    it("updates each updatable property with exactly one request", async () => {
      const { id, inputs, outs, hook } = await created();
      const other = await dp.webhook("https://other.example.com/hook");
      let olds = outs;
      let declared = inputs;
      for (const change of tc.updates(hook, other)) {
        await dp.clear();
        declared = { ...declared, ...change };
        const news = await checked(controller(), declared);
        const diff = await controller().diff(id, olds, news);
        assert.equal(diff.changes, true, `diff sees ${JSON.stringify(change)}`);
        assert.deepEqual(diff.diffs.sort(), Object.keys(change).filter((k) => !(olds[k] === undefined && news[k] === undefined)).sort());
        const { outs: after } = await controller().update(id, olds, news);
        assert.deepEqual(await dp.calls(), [`${tc.updateMethod} ${tc.path}/${id}`], `one request for ${JSON.stringify(change)}`);
        // What Dialpad now holds is what was declared.
        const read = await controller().read(id, after ?? {});
        assert.deepEqual(inputsOf(read.props ?? {}), news);
        assert.equal((await controller().diff(id, read.props ?? {}, news)).changes, false);
        olds = after ?? {};
      }
    });

    it("deletes with one request; deleting again succeeds; reading it gives an empty id", async () => {
      const { id, outs } = await created();
      await controller().delete(id, outs);
      assert.deepEqual(await dp.calls(), [`DELETE ${tc.path}/${id}`]);
      assert.equal(tc.stored(await adminState(dp.fx.url)).length, 0);
      await controller().delete(id, outs);
      const read = await controller().read(id, outs);
      assert.equal(read.id, "");
    });

    it("check refuses each bad property once, naming it, and calls nothing", async () => {
      const hook = await dp.webhook();
      await dp.clear();
      const names = await refused(controller(), { ...tc.inputs(hook), ...tc.bad });
      assert.deepEqual(names.sort(), Object.keys(tc.bad).sort());
      assert.deepEqual(await dp.calls(), []);
    });

    it("check lets values unknown in preview pass", async () => {
      const hook = await dp.webhook();
      const inputs = tc.inputs(hook);
      const key = Object.keys(inputs)[0] as string;
      const res = await controller().check({}, { ...inputs, [key]: UNKNOWN });
      assert.deepEqual(res.failures ?? [], []);
      assert.equal(res.inputs?.[key], UNKNOWN);
      const diff = await controller().diff("1", tc.normalised(hook), res.inputs ?? {});
      assert.deepEqual(diff.diffs, [key]);
    });

    it("diff reports no change as changes: false, without any request", async () => {
      const { id, inputs, outs } = await created();
      const diff = await controller().diff(id, outs, inputs);
      // The kinds whose identity the program chooses (hook id) replace delete-first, said in every diff.
      assert.deepEqual(diff, { changes: false, diffs: [], replaces: [], ...(tc.posts ? {} : { deleteBeforeReplace: true }) });
      assert.deepEqual(await dp.calls(), []);
    });

    it("puts no secret and no API key in an error", async () => {
      const hook = await dp.webhook();
      const inputs = await checked(controller(), tc.inputs(hook));
      await addFault(dp.fx.url, { path: tc.path, status: 500, count: 20 });
      const err = await controller().create(inputs).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof Error);
      assert.match(err.message, new RegExp(`^${tc.name}: Dialpad (GET|POST|PUT) ${tc.path.replace(/\//g, "\\/")}.* failed 500`));
      for (const secret of ["wh-secret-01", "lg-secret-01", "dp-demo-key-0001"]) assert.ok(!err.message.includes(secret));
    });

    if (tc.posts) {
      it("a create whose answer was lost adopts the object it made: no duplicate", async () => {
        const hook = await dp.webhook();
        const inputs = await checked(controller(), tc.inputs(hook));
        await addFault(dp.fx.url, { method: "POST", path: tc.path, reset: "after" });
        const { id } = await controller().create(inputs);
        const stored = tc.stored(await adminState(dp.fx.url)) as { id: string }[];
        assert.deepEqual(stored.map((o) => o.id), [id]);
      });

      it("retries a create answered 429 then 503, making one object", async () => {
        const hook = await dp.webhook();
        const inputs = await checked(controller(), tc.inputs(hook));
        await addFault(dp.fx.url, { method: "POST", path: tc.path, status: 429, retryAfter: 0 });
        await addFault(dp.fx.url, { method: "POST", path: tc.path, status: 503 });
        await controller().create(inputs);
        assert.equal(tc.stored(await adminState(dp.fx.url)).length, 1);
      });
    }
  });
}
