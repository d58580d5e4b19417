// The fault matrix: every operation of every resource kind against every fault the emulator injects, once
// (a transient fault) and on every attempt (a lasting one). Each scenario ends either in the declared state
// or in a clear error with the change applied whole or not at all, and a re-run then converges; the vendor
// never holds a duplicate or an orphan.
import assert from "node:assert/strict";
import type { ResourceKind } from "../../../provider";
import type { Props } from "../../../provider/controller";
import { setPolicyOverrides } from "../../../provider/http";
import { forgetListings } from "../../../provider/listing";
import { addFault, adminRequests, clearFaults, clearRequests } from "../../helpers/emulator";
import {
  FAULT_KINDS, RELAXED_TIMEOUT_MS, TIMEOUT_MS, type FaultKind, type Recorded, type VendorObject, assertClearError, assertVendorHolds,
  checked, declaredObject, declaredObjects, engineCreate, engineDelete, engineRead, engineUpdate, fastPolicy, faultedRequests, outcome,
  reliabilityFixture,
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
  },
  {
    kind: "dialpad:CallSubscription",
    vendor: "Dialpad",
    needsHook: true,
    posts: true,
    create: ({ hook }) => ({ webhookId: hook, callStates: ["ringing", "hangup"], targetType: "office", targetId: 123 }),
    update: ({ hook }) => ({ webhookId: hook, callStates: ["missed", "voicemail"], enabled: false, groupCallsOnly: true }),
    request: collection("/api/v2/subscriptions/call"),
  },
  {
    kind: "dialpad:SmsSubscription",
    vendor: "Dialpad",
    needsHook: true,
    posts: true,
    create: ({ hook }) => ({ webhookId: hook, direction: "inbound" }),
    update: ({ hook }) => ({ webhookId: hook, direction: "all", includeInternal: true, status: true, targetType: "department", targetId: 9 }),
    request: collection("/api/v2/subscriptions/sms"),
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
  },
];

interface Mode {
  name: string;
  count: number;
}
const MODES: Mode[] = [
  { name: "once", count: 1 },
  { name: "on every attempt", count: ATTEMPTS },
];

type Expectation = "declared" | "error, nothing applied" | "error, applied whole" | "no request";

/** What must happen: a transient fault is absorbed; a lasting one fails clearly, unless the lost create can be found. */
function expectation(c: Case, op: Op, fault: FaultKind, mode: Mode): Expectation {
  if (c.request(op, "1") === undefined) return "no request";
  // A POST that got no answer and made nothing is never sent again (it may still land): a clear error.
  if (op === "create" && c.posts && fault.lost && !fault.applies) return "error, nothing applied";
  if (mode.count < ATTEMPTS) return "declared";
  if (op === "create" && c.posts && fault.applies) return "declared";
  return fault.applies && op !== "read" ? "error, applied whole" : "error, nothing applied";
}

const TITLES: Record<Expectation, string> = {
  declared: "ends in the declared state",
  "error, nothing applied": "fails clearly with nothing applied, and a re-run converges",
  "error, applied whole": "fails clearly with the change applied whole, and a re-run converges",
  "no request": "answers from the recorded state without a request",
};

describe("reliability: every operation against every fault", function () {
  const fx = reliabilityFixture(MAX_RETRIES);

  for (const c of CASES) {
    describe(c.kind, () => {
      for (const op of OPS) {
        for (const fault of FAULT_KINDS) {
          for (const mode of MODES) {
            const expected = expectation(c, op, fault, mode);
            it(`${op}, ${fault.name} ${mode.name}: ${TITLES[expected]}`, async () => {
              // The short timeout only where a late answer is the fault; elsewhere it could only fire by accident.
              const timeout = fault.fault.delayMs === undefined ? RELAXED_TIMEOUT_MS : TIMEOUT_MS;
              const previous = setPolicyOverrides(fastPolicy(MAX_RETRIES, timeout));
              try {
                await scenario(fx.emu.url, { hook: "", receiverUrl: fx.receiverUrl }, c, op, fault, mode, expected);
              } finally {
                setPolicyOverrides(previous);
              }
            });
          }
        }
      }
    });
  }
});

async function scenario(url: string, base: Context, c: Case, op: Op, fault: FaultKind, mode: Mode, expected: Expectation): Promise<void> {
  // ---- before: what exists, made without faults ----
  const hooks: Recorded[] = c.needsHook ? [await engineCreate("dialpad:Webhook", { hookUrl: "https://hooks.example.com/link" })] : [];
  const ctx: Context = { ...base, hook: hooks[0]?.id ?? "" };
  const existing = op === "create" ? undefined : await engineCreate(c.kind, c.create(ctx));
  const before = declaredObjects([...hooks, ...(existing ? [existing] : [])]);

  // What the operation declares (the engine checks before it calls create or update).
  const declaredInputs = op === "create" ? await checked(c.kind, c.create(ctx)) : op === "update" ? await checked(c.kind, c.update(ctx)) : undefined;
  /** The vendor's objects once the operation's change is applied, given the id it has. */
  const after = (id: string): VendorObject[] => {
    if (op === "delete") return declaredObjects(hooks);
    if (op === "read" || !declaredInputs) return before;
    const changed = declaredObject(c.kind, id, declaredInputs);
    return [...declaredObjects(hooks), ...(changed ? [changed] : [])];
  };

  // ---- the operation, with its request faulted ----
  const request = c.request(op, existing?.id);
  // Each operation runs as a new provider process would: nothing listed yet.
  forgetListings();
  await clearRequests(url);
  const faultId = request ? await addFault(url, { method: request.method, path: request.path, count: mode.count, ...fault.fault }) : undefined;
  const run = (): Promise<unknown> => {
    switch (op) {
      case "create":
        return engineCreate(c.kind, c.create(ctx));
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
  } else {
    assert.deepEqual(await adminRequests(url), [], "no request was sent");
  }

  // ---- the outcome ----
  if (expected === "declared" || expected === "no request") {
    if (result.error) throw result.error;
    const id = op === "create" ? (result.value as Recorded).id : (existing as Recorded).id;
    if (op === "read") {
      const read = result.value as { id?: string; props?: Props };
      assert.equal(read.id, id, "read keeps the resource");
      assert.deepEqual(declaredObject(c.kind, id, read.props ?? {}), declaredObject(c.kind, id, (existing as Recorded).inputs), "read answers the live state");
    }
    await assertVendorHolds(url, after(id), "after the operation");
    return;
  }

  assert.ok(result.error, `expected a clear error, but the ${op} succeeded`);
  assert.ok(request);
  assertClearError(result.error, { kind: c.kind, vendor: c.vendor, method: request.method, path: request.path, says: fault.says });
  // The vendor holds the old state or the new one whole, never a mix, never a duplicate. An id the vendor
  // picks is unknown after a failed create; only kinds whose id is chosen by the caller apply a failed create.
  const appliedId = existing?.id ?? (c.posts ? "unknown" : String(declaredInputs?.hookId ?? declaredInputs?.appId));
  await assertVendorHolds(url, expected === "error, applied whole" ? after(appliedId) : before, "after the failed operation");

  // ---- a second `pulumi up` (or refresh), without the fault: converges ----
  await clearFaults(url);
  const rerun = await run();
  const id = op === "create" ? (rerun as Recorded).id : (existing as Recorded).id;
  await assertVendorHolds(url, after(id), "after the re-run");
}
