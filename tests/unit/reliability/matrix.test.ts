// The fault matrix: every operation of every resource kind against every fault the emulator injects, once
// (a transient fault) and on every attempt (a lasting one). Each scenario ends either in the declared state
// or in a clear error with the change applied whole or not at all (or landing later, whole), and a re-run
// (a new provider process, doing what the error said) then converges; the vendor never holds a duplicate or an
// orphan. Before each operation another party makes, out of band, an exact twin of what the scenario declares
// and unrelated objects (one with a secret of its own): none of them is ever changed or deleted, and no
// error carries a credential, a declared secret or the foreign one.
import assert from "node:assert/strict";
import { RESOURCE_KINDS, type ResourceKind } from "../../../provider";
import type { Props } from "../../../provider/controller";
import { addFault, adminRequests, adminState, clearFaults, clearRequests } from "../../helpers/emulator";
import {
  FAULT_KINDS, FOREIGN_SECRET, LATE_MS, RELAXED_TIMEOUT_MS, SETTLE_MS, TIMEOUT_MS, type FaultKind, type ForeignObject, type Recorded, type VendorObject, assertClearError, assertForeignUntouched, assertVendorHolds, checked, declaredObject, declaredObjects,
  engineCreate, engineDelete, engineRead, engineUpdate, fastPolicy, faultedRequests, makeForeign, newProviderProcess, outcome, reliabilityFixture, snapshotForeign,
  sortObjects, twinRequest, vendorObjects,
} from "./harness";

/** Retries after the first attempt; a lasting fault hits every one of the attempts. */
const MAX_RETRIES = 1;
const ATTEMPTS = MAX_RETRIES + 1;

const OPS = ["create", "update", "delete", "read"] as const;
type Op = (typeof OPS)[number];

interface Context {
  /** Id of the webhook the subscriptions deliver to. */
  hook: string;
  receiverUrl: string;
}

interface Case {
  kind: ResourceKind;
  vendor: "Dialpad" | "Cinnox";
  /** Subscriptions need a webhook to deliver to, made before the scenario. */
  needsHook: boolean;
  /** Create POSTs to a collection, so a lost answer is resolved by adopting what it made. */
  posts: boolean;
  create(ctx: Context): Props;
  /** Changes every updatable property it can, including removing optional ones. */
  update(ctx: Context): Props;
  /** The request an operation sends (where its fault is aimed); undefined when it sends none. */
  request(op: Op, id: string | undefined): { method: string; path: string } | undefined;
  /** For kinds whose id is the caller's: where the out-of-band twin lives (same body, another hook id or app id). */
  twinAt?: { hookId?: string; appId?: string };
  /** Another object of the same kind that someone else made (optional). */
  unrelated?(ctx: Context): Props;
}

// A read (refresh) lists the kind once per provider process: that listing is the request it sends.
const collection = (path: string) => (op: Op, id: string | undefined) => {
  if (op === "create") return { method: "POST", path };
  if (op === "read") return { method: "GET", path };
  const method = { update: "PATCH", delete: "DELETE" }[op];
  return { method, path: `${path}/${id ?? "?"}` };
};

const CASES: Case[] = [
  {
    kind: "dialpad:Webhook",
    vendor: "Dialpad",
    needsHook: false,
    posts: true,
    create: () => ({ hookUrl: "https://ops.example.com/dialpad", secret: "wh-secret-01" }),
    update: () => ({ hookUrl: "https://ops.example.com/dialpad/v2" }),
    request: collection("/api/v2/webhooks"),
    unrelated: () => ({ hookUrl: "https://other-team.example.com/dialpad", secret: FOREIGN_SECRET }),
  },
  {
    kind: "dialpad:Websocket",
    vendor: "Dialpad",
    needsHook: false,
    posts: true,
    create: () => ({ secret: "ws-secret-01" }),
    update: () => ({}),
    request: collection("/api/v2/websockets"),
    unrelated: () => ({ secret: FOREIGN_SECRET }),
  },
  {
    kind: "dialpad:CallSubscription",
    vendor: "Dialpad",
    needsHook: true,
    posts: true,
    create: ({ hook }) => ({ webhookId: hook, callStates: ["ringing", "hangup"], targetType: "office", targetId: 123 }),
    update: ({ hook }) => ({ webhookId: hook, callStates: ["missed", "voicemail"], enabled: false, groupCallsOnly: true }),
    request: collection("/api/v2/subscriptions/call"),
    unrelated: ({ hook }) => ({ webhookId: hook, callStates: ["voicemail"], targetType: "user", targetId: 77 }),
  },
  {
    kind: "dialpad:SmsSubscription",
    vendor: "Dialpad",
    needsHook: true,
    posts: true,
    create: ({ hook }) => ({ webhookId: hook, direction: "inbound" }),
    update: ({ hook }) => ({ webhookId: hook, direction: "all", includeInternal: true, status: true, targetType: "department", targetId: 9 }),
    request: collection("/api/v2/subscriptions/sms"),
    unrelated: ({ hook }) => ({ webhookId: hook, direction: "outbound", targetType: "user", targetId: 77 }),
  },
  {
    kind: "dialpad:ContactSubscription",
    vendor: "Dialpad",
    needsHook: true,
    posts: true,
    create: ({ hook }) => ({ webhookId: hook, contactType: "shared" }),
    update: ({ hook }) => ({ webhookId: hook, contactType: "local", enabled: false }),
    request: collection("/api/v2/subscriptions/contact"),
    unrelated: ({ hook }) => ({ webhookId: hook, contactType: "local" }),
  },
  {
    kind: "dialpad:AgentStatusSubscription",
    vendor: "Dialpad",
    needsHook: true,
    posts: true,
    create: ({ hook }) => ({ webhookId: hook, agentType: "callcenter" }),
    update: ({ hook }) => ({ webhookId: hook, agentType: "callcenter", enabled: false }),
    request: collection("/api/v2/subscriptions/agent_status"),
    unrelated: ({ hook }) => ({ webhookId: hook, agentType: "callcenter", enabled: false }),
  },
  {
    kind: "dialpad:ChangelogSubscription",
    vendor: "Dialpad",
    needsHook: true,
    posts: true,
    create: ({ hook }) => ({ webhookId: hook }),
    update: ({ hook }) => ({ webhookId: hook, enabled: false }),
    request: collection("/api/v2/subscriptions/changelog"),
    unrelated: ({ hook }) => ({ webhookId: hook, enabled: false }),
  },
  {
    kind: "dialpad:LegacySmsEventSubscription",
    vendor: "Dialpad",
    needsHook: false,
    posts: false,
    create: () => ({ hookId: "ops-sms", url: "https://ops.example.com/sms", direction: "all", secret: "lg-secret-01", targetType: "user", targetId: 5 }),
    update: () => ({ hookId: "ops-sms", url: "https://ops.example.com/sms/v2", direction: "inbound", enabled: false }),
    request: (op) =>
      op === "read"
        ? { method: "GET", path: "/api/v2/event-subscriptions/sms" }
        : { method: { create: "PUT", update: "PUT", delete: "DELETE" }[op], path: "/api/v2/event-subscriptions/sms/ops-sms" },
    twinAt: { hookId: "ops-sms-twin" },
    unrelated: () => ({ hookId: "other-team", url: "https://other-team.example.com/sms", direction: "inbound", secret: FOREIGN_SECRET }),
  },
  {
    kind: "dialpad:LegacyCallEventSubscription",
    vendor: "Dialpad",
    needsHook: false,
    posts: false,
    create: () => ({ hookId: "ops-calls", url: "https://ops.example.com/calls", callStates: ["ringing"], secret: "lc-secret-01" }),
    update: () => ({ hookId: "ops-calls", url: "https://ops.example.com/calls/v2", callStates: ["hangup", "missed"], groupCallsOnly: true }),
    request: (op) =>
      op === "read"
        ? { method: "GET", path: "/api/v2/event-subscriptions/call" }
        : { method: { create: "PUT", update: "PUT", delete: "DELETE" }[op], path: "/api/v2/event-subscriptions/call/ops-calls" },
    twinAt: { hookId: "ops-calls-twin" },
    unrelated: () => ({ hookId: "other-calls", url: "https://other-team.example.com/calls", callStates: ["all"], secret: FOREIGN_SECRET }),
  },
  {
    kind: "cinnox:InboundSmsSubscription",
    vendor: "Cinnox",
    needsHook: false,
    posts: false,
    create: ({ receiverUrl }) => ({ appId: "app-1", url: receiverUrl }),
    update: ({ receiverUrl }) => ({ appId: "app-1", url: `${receiverUrl}?v=2` }),
    // Cinnox has no read endpoint: read answers from the state without a request.
    request: (op) => (op === "read" ? undefined : { method: "PATCH", path: "/v1/api/apps/app-1/inbound-sms-event-sub" }),
    twinAt: { appId: "app-twin" },
    unrelated: ({ receiverUrl }) => ({ appId: "app-other", url: `${receiverUrl}?team=other` }),
  },
  // The other Cinnox event subscriptions share one implementation and differ by path: one row each.
  ...(
    [
      ["cinnox:OutboundSmsSubscription", "outbound-sms-event-sub"],
      ["cinnox:CallSubscription", "call-event-sub"],
      ["cinnox:EnquirySubscription", "inquiry-event-sub"],
      ["cinnox:EnquiryLabelSubscription", "inquiry-label-event-sub"],
      ["cinnox:LabelSubscription", "label-event-sub"],
      ["cinnox:ContactSubscription", "contact-event-sub"],
      ["cinnox:ExternalContactSubscription", "external-contact-event-sub"],
      ["cinnox:StaffContactSubscription", "staff-contact-event-sub"],
    ] as const
  ).map(([kind, path]): Case => ({
    kind,
    vendor: "Cinnox",
    needsHook: false,
    posts: false,
    create: ({ receiverUrl }) => ({ appId: "app-1", url: receiverUrl }),
    update: ({ receiverUrl }) => ({ appId: "app-1", url: `${receiverUrl}?v=2` }),
    request: (op) => (op === "read" ? undefined : { method: "PATCH", path: `/v1/api/apps/app-1/${path}` }),
    twinAt: { appId: "app-twin" },
    unrelated: ({ receiverUrl }) => ({ appId: "app-other", url: `${receiverUrl}?team=other` }),
  })),
];

// Every kind of the registry has its row (the compiler cannot see into this array, so the suite checks).
it("reliability matrix: a row for every resource kind", () => {
  assert.deepEqual(CASES.map((c) => c.kind).sort(), [...RESOURCE_KINDS].sort());
});

interface Mode {
  name: string;
  count: number;
}
const MODES: Mode[] = [
  { name: "once", count: 1 },
  { name: "on every attempt", count: ATTEMPTS },
];

type Expectation = "declared" | "error, nothing applied" | "error, applied whole" | "error, lands later" | "no request";

/** What must happen: a transient fault is absorbed; a lasting one fails clearly, unless the lost create can be found. */
function expectation(c: Case, op: Op, fault: FaultKind, mode: Mode): Expectation {
  if (c.request(op, "1") === undefined) return "no request";
  if (op === "create" && c.posts && fault.lost) {
    // A POST that got no answer is never sent again (it may still land): adopted if found, else a clear error.
    if (fault.late) return "error, lands later";
    return fault.applies ? "declared" : "error, nothing applied";
  }
  if (fault.permanent) return "error, nothing applied";
  if (mode.count < ATTEMPTS) return "declared";
  // A 5xx after the POST was applied: the object it made is found and adopted.
  if (op === "create" && c.posts && fault.applies) return "declared";
  if (op === "read" || !fault.applies) return "error, nothing applied";
  return fault.late ? "error, lands later" : "error, applied whole";
}

const TITLES: Record<Expectation, string> = {
  declared: "ends in the declared state",
  "error, nothing applied": "fails clearly with nothing applied, and a re-run converges",
  "error, applied whole": "fails clearly with the change applied whole, and a re-run converges",
  "error, lands later": "fails clearly, the change lands later whole, and a re-run doing what the error says converges",
  "no request": "answers from the recorded state without a request",
};

/** What the matrix ran, for the summary printed at the end (bench/README.md "Reliability" quotes it). */
const tally = { scenarios: 0, faultsInjected: 0, foreignObjects: 0, duplicates: 0, lost: 0, errorsScanned: 0, adoptIdReruns: 0, adoptExistingReruns: 0 };

describe("reliability: every operation against every fault", function () {
  const fx = reliabilityFixture(MAX_RETRIES);

  after(() => {
    console.log("reliability matrix:", JSON.stringify(tally));
  });

  for (const c of CASES) {
    describe(c.kind, () => {
      for (const op of OPS) {
        for (const fault of FAULT_KINDS) {
          for (const mode of MODES) {
            const expected = expectation(c, op, fault, mode);
            it(`${op}, ${fault.name} ${mode.name}: ${TITLES[expected]}`, async () => {
              // The short timeout only where a late answer is the fault; elsewhere it could only fire by accident.
              const timeout = fault.slow ? TIMEOUT_MS : RELAXED_TIMEOUT_MS;
              newProviderProcess({ policy: fastPolicy(MAX_RETRIES, timeout) });
              await scenario(fx.emu.url, { hook: "", receiverUrl: fx.receiverUrl }, c, op, fault, mode, expected);
              tally.scenarios++;
            });
          }
        }
      }
    });
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Before the operation, another party makes an exact twin of what it declares and unrelated objects. */
async function makeForeignObjects(url: string, c: Case, ctx: Context, declared: Props): Promise<ForeignObject[]> {
  const foreign: ForeignObject[] = [];
  const twin = twinRequest(c.kind, declared, c.twinAt);
  if (twin) foreign.push(await makeForeign(url, c.kind, twin));
  if (c.unrelated) {
    const other = twinRequest(c.kind, await checked(c.kind, c.unrelated(ctx)));
    if (other) foreign.push(await makeForeign(url, c.kind, other));
  }
  if (c.kind !== "dialpad:Webhook") {
    // A webhook with a secret of its own in every scenario: its secret must never reach an error.
    const hook = twinRequest("dialpad:Webhook", { hookUrl: "https://other-team.example.com/dialpad", secret: FOREIGN_SECRET });
    if (hook) foreign.push(await makeForeign(url, "dialpad:Webhook", hook));
  }
  return foreign;
}

async function scenario(url: string, base: Context, c: Case, op: Op, fault: FaultKind, mode: Mode, expected: Expectation): Promise<void> {
  // ---- before: what exists, made without faults ----
  const hooks: Recorded[] = c.needsHook ? [await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/link" })] : [];
  const ctx: Context = { ...base, hook: hooks[0]?.id ?? "" };
  const existing = op === "create" ? undefined : await engineCreate(c.kind, c.create(ctx));

  // What the operation declares (the engine checks before it calls create or update).
  const declaredInputs = op === "create" ? await checked(c.kind, c.create(ctx)) : op === "update" ? await checked(c.kind, c.update(ctx)) : undefined;

  // ---- someone else's objects, made before this provider process starts ----
  const foreign = await snapshotForeign(url, await makeForeignObjects(url, c, ctx, declaredInputs ?? (existing as Recorded).inputs));
  tally.foreignObjects += foreign.foreign.length;
  const withForeign = (objects: VendorObject[]) => sortObjects([...objects, ...foreign.objects]);
  const before = withForeign(declaredObjects([...hooks, ...(existing ? [existing] : [])]));
  /** The vendor's objects once the operation's change is applied, given the id it has. */
  const after = (id: string): VendorObject[] => {
    if (op === "delete") return withForeign(declaredObjects(hooks));
    if (op === "read" || !declaredInputs) return before;
    const changed = declaredObject(c.kind, id, declaredInputs);
    return withForeign([...declaredObjects(hooks), ...(changed ? [changed] : [])]);
  };

  // ---- the operation, with its request faulted ----
  const request = c.request(op, existing?.id);
  // Each operation runs as a new provider process would: nothing listed yet.
  newProviderProcess();
  await clearRequests(url);
  const faultId = request ? await addFault(url, { method: request.method, path: request.path, count: mode.count, ...fault.fault }) : undefined;
  const run = (extra: Props = {}): Promise<unknown> => {
    switch (op) {
      case "create":
        return engineCreate(c.kind, { ...c.create(ctx), ...extra });
      case "update":
        return engineUpdate(existing as Recorded, c.update(ctx));
      case "delete":
        return engineDelete(existing as Recorded);
      case "read":
        return engineRead(existing as Recorded);
    }
  };
  const result = await outcome(run);

  // The fault really hit the operation's request (and every faulted request is settled before asserting).
  if (request && faultId) {
    const hit = await faultedRequests(url, faultId, mode.count);
    assert.ok(hit.length >= 1, "the fault was injected");
    assert.ok(hit.every((r) => r.method === request.method && r.path === request.path));
    tally.faultsInjected += hit.length;
  } else {
    assert.deepEqual(await adminRequests(url), [], "no request was sent");
  }
  /** Where a lost request lands late, wait for it to land, so the state asserted next is final. */
  const landed = async () => {
    if (fault.late && op !== "read") await sleep(LATE_MS + SETTLE_MS);
  };
  const holds = async (expect: VendorObject[], context: string) => {
    const held = vendorObjects(await adminState(url));
    if (held.length > expect.length) tally.duplicates++;
    if (held.length < expect.length) tally.lost++;
    await assertVendorHolds(url, expect, context);
    await assertForeignUntouched(url, foreign, context);
  };

  // ---- the outcome ----
  if (expected === "declared" || expected === "no request") {
    if (result.error) throw result.error;
    const id = op === "create" ? (result.value as Recorded).id : (existing as Recorded).id;
    if (op === "read") {
      const read = result.value as { id?: string; props?: Props };
      assert.equal(read.id, id, "read keeps the resource");
      assert.deepEqual(declaredObject(c.kind, id, read.props ?? {}), declaredObject(c.kind, id, (existing as Recorded).inputs), "read answers the live state");
    }
    await holds(after(id), "after the operation");
    await landed();
    await holds(after(id), "once every lost request landed");
    return;
  }

  assert.ok(result.error, `expected a clear error, but the ${op} succeeded`);
  assert.ok(request);
  tally.errorsScanned++;
  assertClearError(result.error, { kind: c.kind, vendor: c.vendor, method: request.method, path: request.path, says: fault.says });
  // The vendor holds the old state or the new one whole, never a mix, never a duplicate. An id the vendor
  // picks is unknown after a failed create; only kinds whose id is chosen by the caller apply a failed create.
  const appliedId = existing?.id ?? (c.posts ? "unknown" : String(declaredInputs?.hookId ?? declaredInputs?.appId));
  await holds(expected === "error, applied whole" ? after(appliedId) : before, "after the failed operation");

  let extra: Props = {};
  if (expected === "error, lands later") {
    await landed();
    if (op === "create" && c.posts) {
      // The error said an object may appear later and how to take it over: the user looks, finds it, adopts it.
      assert.match((result.error as Error).message, /may appear at the vendor later/);
      assert.match((result.error as Error).message, /adoptId/);
      const known = new Set(before.map((o) => `${o.kind}\u0000${o.id}`));
      const appeared = vendorObjects(await adminState(url)).filter((o) => !known.has(`${o.kind}\u0000${o.id}`));
      assert.equal(appeared.length, 1, `exactly one object landed late: ${JSON.stringify(appeared)}`);
      const lateId = (appeared[0] as VendorObject).id;
      await holds(after(lateId), "once the lost create landed");
      extra = { adoptId: lateId };
      tally.adoptIdReruns++;
    } else {
      await holds(after(appliedId), "once the lost request landed");
    }
  }

  // ---- a second `pulumi up` (or refresh): a new provider process, without the fault, doing what the error said ----
  await clearFaults(url);
  newProviderProcess();
  let rerun = await outcome(() => run(extra));
  if (rerun.error && op === "create" && !c.posts && /adoptExisting/.test(String((rerun.error as Error).message))) {
    // The archived API: the lost PUT made the hook id exist; the user checks it is theirs and says so.
    assert.ok(expected === "error, applied whole" || expected === "error, lands later", `refused over a hook id nobody made: ${String(rerun.error)}`);
    newProviderProcess();
    tally.adoptExistingReruns++;
    rerun = await outcome(() => run({ adoptExisting: true }));
  }
  if (rerun.error) throw rerun.error;
  const id = op === "create" ? (rerun.value as Recorded).id : (existing as Recorded).id;
  if (extra.adoptId !== undefined) assert.equal(id, extra.adoptId, "the re-run took over the object that landed late");
  await holds(after(id), "after the re-run");
}
