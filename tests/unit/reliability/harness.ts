// Shared pieces of the fault-injection suite: the provider's controllers driven as the engine drives them
// against one in-process emulator, the emulator's state dump reduced to comparable objects, and the faults.
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import {
  CINNOX_EVENTS, DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, type CinnoxEventName, type EmulatorState, type FaultInput, type LoggedRequest,
  type OutOfBandInput,
} from "../../../emulator";
import { controllerIn, definitionOf, type ResourceKind } from "../../../provider";
import type { ProviderContext } from "../../../provider/context";
import { contextWith } from "../../helpers/context";
type SubscriptionKind = keyof EmulatorState["dialpad"]["subscriptions"];
import { notices } from "../../../provider/notices";
import type { Props } from "../../../provider/controller";
import type { PolicyOverrides } from "../../../provider/http";
import { adminRequests, adminState, outOfBand, withEmulator, type EmulatorFixture } from "../../helpers/emulator";
import { startChallengeReceiver, type ChallengeReceiver } from "../provider/cinnox/challenge-receiver";

// ---- timing: small, and each figure derived from the one before ----

/** The client gives up on an answer after this. */
export const TIMEOUT_MS = 80;
/** The emulator's "slow answer" fault: past the timeout, so the client never sees the answer. */
export const DELAY_MS = 120;
/** How long the client lets a timed-out write land: past the delay, with room for the write itself. */
export const SETTLE_MS = DELAY_MS - TIMEOUT_MS + 100;
/** Where no answer is meant to be late: long enough that a loaded machine never times out by accident. */
export const RELAXED_TIMEOUT_MS = 5_000;
/**
 * The emulator's "late landing" fault applies the change this long after the request, with no answer ever:
 * well past the client's timeout plus the settle wait, so the recovery lookup after a lost create has run
 * (and found nothing) before the object appears.
 */
export const LATE_MS = 3 * (TIMEOUT_MS + SETTLE_MS);

/** The fast policy of this suite (the production defaults retry for minutes). */
export function fastPolicy(maxRetries: number, timeoutMs = TIMEOUT_MS): PolicyOverrides {
  return {
    retry: { maxRetries, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 20, settleMs: SETTLE_MS },
    timeoutMs,
    // The emulator's limits are off too (withEmulator), except in the scenario that turns both on.
    rateLimits: false,
  };
}

// ---- faults ----

export interface FaultKind {
  /** Readable, for test names. */
  name: string;
  fault: Omit<FaultInput, "method" | "path" | "count" | "rate" | "seed">;
  /** The request's change lands at the vendor although the client gets no answer. */
  applies: boolean;
  /** The client gets no answer at all (a POST in this state is never sent again). */
  lost?: boolean;
  /** The change lands LATE_MS after the request, once the client has given up (and looked). */
  late?: boolean;
  /** Not retried (a 4xx): fails even once. */
  permanent?: boolean;
  /** The client must time out to see it (a slow answer or a connection left open): run with the short timeout. */
  slow?: boolean;
  /** What a clear error about it must say. */
  says: RegExp;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  { name: "429 with Retry-After", fault: { status: 429, retryAfter: 1 }, applies: false, says: /failed 429/ },
  { name: "429 without Retry-After", fault: { status: 429, retryAfter: null }, applies: false, says: /failed 429/ },
  { name: "500", fault: { status: 500 }, applies: false, says: /failed 500/ },
  { name: "502", fault: { status: 502 }, applies: false, says: /failed 502/ },
  { name: "503", fault: { status: 503 }, applies: false, says: /failed 503/ },
  { name: "delay past the client timeout", fault: { delayMs: DELAY_MS }, applies: true, lost: true, slow: true, says: /no answer \((ECONNABORTED|ETIMEDOUT)\)/ },
  { name: "connection reset before apply", fault: { reset: "before" }, applies: false, lost: true, says: /no answer \((ECONNRESET|socket hang up)\)/ },
  { name: "connection reset after apply", fault: { reset: "after" }, applies: true, lost: true, says: /no answer \((ECONNRESET|socket hang up)\)/ },
  // The vendor applies the change, then fails: a create must adopt what it made, anything else may be sent again.
  ...([500, 502, 503, 504] as const).map((status): FaultKind => ({
    name: `${status} after apply`, fault: { status, apply: "after" }, applies: true, says: new RegExp(`failed ${status}`),
  })),
  // No answer ever; the change lands later, after the client gave up and looked.
  {
    name: "late landing, connection reset", fault: { late: { afterMs: LATE_MS, connection: "reset" } }, applies: true, lost: true, late: true,
    says: /no answer \((ECONNRESET|socket hang up)\)/,
  },
  {
    name: "late landing, connection left hanging", fault: { late: { afterMs: LATE_MS, connection: "hang" } }, applies: true, lost: true, late: true,
    slow: true, says: /no answer \((ECONNABORTED|ETIMEDOUT)\)/,
  },
  // The vendor's error message repeats the request body, secrets included: the client must not pass them on.
  { name: "400 echoing the request", fault: { status: 400, echo: true }, applies: false, permanent: true, says: /failed 400/ },
  { name: "500 echoing the request", fault: { status: 500, echo: true }, applies: false, says: /failed 500/ },
];

/** A secret another party set at the vendor (out of band): this provider never sent it, and must never show it. */
export const FOREIGN_SECRET = "oob-foreign-secret-42";

/** Values that must never appear in an error: the credentials, the secrets the tests declare, and a foreign one. */
export const SECRETS = [DEFAULT_DIALPAD_API_KEY, DEFAULT_CINNOX_APP_TOKEN, "wh-secret-01", "lg-secret-01", FOREIGN_SECRET];

// ---- the suite's fixture ----

export interface ReliabilityFixture {
  readonly emu: EmulatorFixture;
  /** A Cinnox receiver that answers the URL challenge (valid inside tests and hooks). */
  readonly receiverUrl: string;
}

/** What the provider process of the harness is started with: its stack config and HTTP policy. */
interface ProcessOptions {
  config: Record<string, string>;
  policy: PolicyOverrides;
}
let processOptions: ProcessOptions | undefined;
let processContext: ProviderContext | undefined;

/**
 * A new provider process, as each `pulumi up` starts one: a provider context of its own (nothing listed yet, its
 * own clients and limits); `changes` replace its stack config or policy, which later processes keep. The
 * environment is not read: only the config given here counts.
 */
export function newProviderProcess(changes: Partial<ProcessOptions> = {}): void {
  if (!processOptions) throw new Error("newProviderProcess: only inside a reliabilityFixture's tests");
  processOptions = { ...processOptions, ...changes };
  processContext = contextWith(processOptions.config, processOptions.policy);
}

/** The kind's controller in the current provider process. */
function controllerFor(kind: ResourceKind) {
  if (!processContext) throw new Error("reliability harness: no provider process outside a test");
  return controllerIn(processContext, kind);
}

/**
 * Call inside a `describe`: an emulator (reset before each test, rate limits off), a new provider process for each
 * test configured for it through the stack config as the engine would, with the fast policy, a challenge
 * receiver, and Cinnox's refresh notice kept out of the test output. Everything is put back afterwards.
 */
export function reliabilityFixture(maxRetries: number): ReliabilityFixture {
  const emu = withEmulator();
  let receiver: ChallengeReceiver | undefined;
  const writeNotice = notices.write;

  before(async () => {
    notices.write = () => undefined;
    receiver = await startChallengeReceiver("echo");
  });
  beforeEach(() => {
    // The emulator was reset: a new provider process would not remember what the last one listed.
    processOptions = {
      config: {
        "dialpad:apiKey": DEFAULT_DIALPAD_API_KEY,
        "dialpad:baseUrl": emu.url,
        "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN,
        "cinnox:baseUrl": emu.url,
      },
      policy: fastPolicy(maxRetries),
    };
    newProviderProcess();
  });
  after(async () => {
    processOptions = undefined;
    processContext = undefined;
    notices.write = writeNotice;
    await receiver?.close();
  });
  return {
    emu,
    get receiverUrl(): string {
      if (!receiver) throw new Error("reliabilityFixture: no receiver outside a test");
      return receiver.url;
    },
  };
}

// ---- the engine's side: check, then create/update/delete/read, recording what Pulumi would ----

/** What Pulumi records for a resource after a successful create or update. */
export interface Recorded {
  kind: ResourceKind;
  id: string;
  /** The checked (normalised) inputs. */
  inputs: Props;
  outs: Props;
}

/** The engine's check: the normalised inputs, failing the test on any check failure. */
export async function checked(kind: ResourceKind, raw: Props, olds: Props = {}): Promise<Props> {
  const res = await controllerFor(kind).check(olds, raw);
  assert.deepEqual(res.failures ?? [], [], `check of ${kind}`);
  assert.ok(res.inputs);
  return res.inputs;
}

export async function engineCreate(kind: ResourceKind, raw: Props): Promise<Recorded> {
  const inputs = await checked(kind, raw);
  const { id, outs } = await controllerFor(kind).create(inputs);
  assert.ok(id, `${kind}: create returned an id`);
  return { kind, id, inputs, outs: outs ?? {} };
}

export async function engineUpdate(rec: Recorded, raw: Props): Promise<Recorded> {
  const inputs = await checked(rec.kind, raw, rec.inputs);
  const diff = await controllerFor(rec.kind).diff(rec.id, rec.outs, inputs);
  assert.deepEqual(diff.replaces ?? [], [], "the scenarios only make in-place updates");
  // No change, no call: the engine records the new inputs and keeps the outputs.
  if (!diff.changes) return { ...rec, inputs };
  const { outs } = await controllerFor(rec.kind).update(rec.id, rec.outs, inputs);
  return { ...rec, inputs, outs: outs ?? {} };
}

export async function engineDelete(rec: Recorded): Promise<void> {
  await controllerFor(rec.kind).delete(rec.id, rec.outs);
}

export async function engineRead(rec: Recorded): Promise<dynamic.ReadResult<Props>> {
  return controllerFor(rec.kind).read(rec.id, rec.outs);
}

// ---- the vendors' state, reduced to comparable objects ----

/** One object at a vendor, in the provider's input names, as a reviewer would compare it to the program. */
export interface VendorObject {
  kind: string;
  id: string;
  props: Props;
}

/** Drops absent values and turns ids to strings, so equal objects compare equal. */
function clean(props: Record<string, unknown>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}
const idOf = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
type Raw = Record<string, unknown>;
const field = <T>(o: Raw, k: string): T | undefined => o[k] as T | undefined;
const secretOf = (o: Raw): string | undefined => field<{ secret?: string }>(o, "signature")?.secret;
const linkOf = (o: Raw): string | undefined => idOf(field<{ id?: unknown }>(o, "webhook")?.id);

/** How the suite sees one kind at its vendor, without going through the provider. */
interface KindView {
  /** Every object of the kind in the emulator's state dump, in input names. */
  held(state: EmulatorState): VendorObject[];
  /** The object a resource with these (checked) inputs must be at its vendor; undefined when it holds none. */
  declared(id: string, inputs: Props): VendorObject | undefined;
  /** The out-of-band request that makes an object with exactly these (checked) inputs (a twin). */
  twin(inputs: Props, at: { hookId?: string; appId?: string }): OutOfBandInput;
}

const targetOf = (o: Raw): Props => ({ targetType: o.target_type, targetId: idOf(o.target_id) });
const endpointOf = (o: Raw): Props => ({ webhookId: linkOf(o), websocketId: idOf(field<{ id?: unknown }>(o, "websocket")?.id) });
const targetBody = (inputs: Props): Raw =>
  inputs.targetType !== undefined && inputs.targetId !== undefined ? { target_type: inputs.targetType, target_id: Number(inputs.targetId) } : {};
const endpointBody = (inputs: Props): Raw =>
  inputs.webhookId !== undefined ? { webhook_id: inputs.webhookId } : { websocket_id: inputs.websocketId };
const pickFrom = (inputs: Props, keys: readonly string[]): Props => clean(Object.fromEntries(keys.map((k) => [k, inputs[k]])));

/** A v2 subscription type: its own fields in input names (`own`), and its body from inputs (`body`). */
function subscriptionView(kind: ResourceKind, type: SubscriptionKind, own: (o: Raw) => Props, body: (i: Props) => Raw, keys: readonly string[]): KindView {
  const all = ["webhookId", "websocketId", "enabled", ...keys];
  return {
    held: (state) =>
      state.dialpad.subscriptions[type].map((o) => ({ kind, id: String(o.id), props: clean({ ...endpointOf(o), enabled: o.enabled, ...own(o) }) })),
    declared: (id, inputs) => ({ kind, id, props: pickFrom(inputs, all) }),
    twin: (inputs) => ({ method: "POST", path: `/api/v2/subscriptions/${type}`, body: { ...endpointBody(inputs), enabled: inputs.enabled, ...body(inputs) } }),
  };
}

/** An archived event-subscription type (caller-chosen hook id). */
function legacyView(kind: ResourceKind, type: "sms" | "call", own: (o: Raw) => Props, body: (i: Props) => Raw, keys: readonly string[]): KindView {
  return {
    held: (state) =>
      state.dialpad.eventSubscriptions[type].map((l) => ({
        kind, id: String(l.id), props: clean({ url: l.url, enabled: l.enabled, secret: secretOf(l), ...targetOf(l), ...own(l) }),
      })),
    declared: (id, inputs) => ({ kind, id, props: pickFrom(inputs, ["url", "enabled", "secret", "targetType", "targetId", ...keys]) }),
    twin: (inputs, at) => ({
      method: "PUT", path: `/api/v2/event-subscriptions/${type}/${at.hookId ?? String(inputs.hookId)}`,
      body: clean({ url: inputs.url, enabled: inputs.enabled, secret: inputs.secret, ...targetBody(inputs), ...body(inputs) }),
    }),
  };
}

/** A Cinnox event subscription: an app's singleton, counted only while subscribed (`enabled: false` is "removed"). */
function cinnoxView(kind: ResourceKind): KindView {
  const path = definitionOf(kind).api.split("/").pop() ?? "";
  const event = path.replace(/-event-sub$/, "");
  return {
    held: (state) =>
      Object.entries(state.cinnox.subscriptions).flatMap(([appId, events]) => {
        const sub = (events as Record<string, { enabled: boolean; url: string } | undefined>)[event];
        return sub?.enabled ? [{ kind, id: appId, props: { url: sub.url } }] : [];
      }),
    declared: (id, inputs) => (inputs.enabled === false ? undefined : { kind, id, props: pickFrom(inputs, ["url"]) }),
    twin: (inputs, at) => ({ method: "PATCH", path: `/v1/api/apps/${at.appId ?? String(inputs.appId)}/${path}`, body: { enabled: inputs.enabled ?? true, url: inputs.url } }),
  };
}

const sortedStates = (o: Raw): string[] => [...new Set(field<string[]>(o, "call_states") ?? [])].sort();

/** One view per kind: adding a kind to the registry makes the compiler ask for its row here. */
export const KIND_VIEWS = {
  "dialpad:Webhook": {
    held: (state) => state.dialpad.webhooks.map((w) => ({ kind: "dialpad:Webhook", id: w.id, props: clean({ hookUrl: w.hook_url, secret: w.signature?.secret }) })),
    declared: (id, inputs) => ({ kind: "dialpad:Webhook", id, props: pickFrom(inputs, ["hookUrl", "secret"]) }),
    twin: (inputs) => ({ method: "POST", path: "/api/v2/webhooks", body: clean({ hook_url: inputs.hookUrl, secret: inputs.secret }) }),
  },
  "dialpad:Websocket": {
    held: (state) => state.dialpad.websockets.map((w) => ({ kind: "dialpad:Websocket", id: w.id, props: clean({ secret: w.signature?.secret }) })),
    declared: (id, inputs) => ({ kind: "dialpad:Websocket", id, props: pickFrom(inputs, ["secret"]) }),
    twin: (inputs) => ({ method: "POST", path: "/api/v2/websockets", body: clean({ secret: inputs.secret }) }),
  },
  "dialpad:CallSubscription": subscriptionView(
    "dialpad:CallSubscription", "call",
    (o) => ({ callStates: sortedStates(o), groupCallsOnly: o.group_calls_only ?? false, ...targetOf(o) }),
    (i) => ({ call_states: i.callStates, group_calls_only: i.groupCallsOnly, ...targetBody(i) }),
    ["callStates", "groupCallsOnly", "targetType", "targetId"],
  ),
  "dialpad:SmsSubscription": subscriptionView(
    "dialpad:SmsSubscription", "sms",
    (o) => ({ direction: o.direction, includeInternal: o.include_internal ?? false, status: o.status ?? false, ...targetOf(o) }),
    (i) => ({ direction: i.direction, include_internal: i.includeInternal, status: i.status, ...targetBody(i) }),
    ["direction", "includeInternal", "status", "targetType", "targetId"],
  ),
  "dialpad:ContactSubscription": subscriptionView(
    "dialpad:ContactSubscription", "contact", (o) => ({ contactType: o.contact_type }), (i) => ({ contact_type: i.contactType }), ["contactType"],
  ),
  "dialpad:AgentStatusSubscription": subscriptionView(
    "dialpad:AgentStatusSubscription", "agent_status", (o) => ({ agentType: o.agent_type }), (i) => ({ agent_type: i.agentType }), ["agentType"],
  ),
  "dialpad:ChangelogSubscription": subscriptionView("dialpad:ChangelogSubscription", "changelog", () => ({}), () => ({}), []),
  "dialpad:LegacySmsEventSubscription": legacyView(
    "dialpad:LegacySmsEventSubscription", "sms", (o) => ({ direction: o.direction }), (i) => ({ direction: i.direction }), ["direction"],
  ),
  "dialpad:LegacyCallEventSubscription": legacyView(
    "dialpad:LegacyCallEventSubscription", "call",
    (o) => ({ callStates: sortedStates(o), groupCallsOnly: o.group_calls_only ?? false }),
    (i) => ({ call_states: i.callStates, group_calls_only: i.groupCallsOnly }),
    ["callStates", "groupCallsOnly"],
  ),
  "cinnox:InboundSmsSubscription": cinnoxView("cinnox:InboundSmsSubscription"),
  "cinnox:OutboundSmsSubscription": cinnoxView("cinnox:OutboundSmsSubscription"),
  "cinnox:CallSubscription": cinnoxView("cinnox:CallSubscription"),
  "cinnox:EnquirySubscription": cinnoxView("cinnox:EnquirySubscription"),
  "cinnox:EnquiryLabelSubscription": cinnoxView("cinnox:EnquiryLabelSubscription"),
  "cinnox:LabelSubscription": cinnoxView("cinnox:LabelSubscription"),
  "cinnox:ContactSubscription": cinnoxView("cinnox:ContactSubscription"),
  "cinnox:ExternalContactSubscription": cinnoxView("cinnox:ExternalContactSubscription"),
  "cinnox:StaffContactSubscription": cinnoxView("cinnox:StaffContactSubscription"),
} satisfies Record<ResourceKind, KindView>;

/**
 * Every object the emulator holds for company and app, read straight from `/_emulator/state` (not through the
 * provider), for every kind, so a stray object of any kind shows up as an orphan.
 */
export function vendorObjects(state: EmulatorState): VendorObject[] {
  return sortObjects((Object.values(KIND_VIEWS) as KindView[]).flatMap((v) => v.held(state)));
}

/** The object a resource with these (checked) inputs must be at its vendor; undefined when it holds none. */
export function declaredObject(kind: ResourceKind, id: string, inputs: Props): VendorObject | undefined {
  return KIND_VIEWS[kind].declared(id, inputs);
}

/** The objects a set of recorded resources must be at the vendors. */
export function declaredObjects(recorded: Iterable<Recorded>): VendorObject[] {
  const out: VendorObject[] = [];
  for (const r of recorded) {
    const o = declaredObject(r.kind, r.id, r.inputs);
    if (o) out.push(o);
  }
  return sortObjects(out);
}

export function sortObjects(objects: VendorObject[]): VendorObject[] {
  const key = (o: VendorObject) => `${o.kind}\u0000${o.id.padStart(20, "0")}\u0000${JSON.stringify(o.props)}`;
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Asserts the emulator holds exactly `expected`: nothing missing, no duplicate, no orphan. */
export async function assertVendorHolds(url: string, expected: VendorObject[], context: string): Promise<void> {
  assert.deepEqual(vendorObjects(await adminState(url)), sortObjects(expected), `${context}: vendor state differs from the declared state`);
}

// ---- errors ----

/** The error a user would read: names resource, vendor, method, path and what went wrong, and holds no secret. */
export function assertClearError(
  err: unknown,
  expect: { kind: string; vendor: "Dialpad" | "Cinnox"; method: string; path: string; says: RegExp },
): void {
  assert.ok(err instanceof Error, `expected an Error, got ${String(err)}`);
  const escaped = `${expect.vendor} ${expect.method} ${expect.path}`.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  assert.match(err.message, new RegExp(`^${expect.kind}\\b`), "the error names the resource kind");
  assert.match(err.message, new RegExp(`${escaped} failed`), "the error names vendor, method and path");
  assert.match(err.message, expect.says, "the error says what went wrong (status, or no answer)");
  assertNoSecretIn(err, SECRETS);
}

/** Every text a user or a log could get from an error: message, stack, String(), JSON, down the cause chain. */
export function errorTexts(err: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = err; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    out.push(String(e));
    if (e instanceof Error) out.push(e.message, e.stack ?? "");
    try {
      out.push(JSON.stringify(e) ?? "");
    } catch {
      // A cycle: the other forms are enough.
    }
    if (typeof e !== "object") break;
  }
  return out;
}

/** Counted by the reliability summary: how many error texts were scanned for secrets. */
export const secretScans = { errors: 0, found: 0 };

/** Asserts no secret value appears in any text of the error (or its causes). */
export function assertNoSecretIn(err: unknown, secrets: Iterable<string>): void {
  secretScans.errors++;
  const texts = errorTexts(err);
  for (const secret of secrets) {
    const hit = texts.find((t) => t.includes(secret));
    if (hit !== undefined) secretScans.found++;
    assert.ok(hit === undefined, `the error holds a credential or secret (${secret.slice(0, 3)}…): ${hit?.split(secret).join("<HERE>")}`);
  }
}

/** Runs `work`, returning its error (or undefined when it succeeded). */
export async function outcome<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error };
  }
}

// ---- what the faults did ----

/** The faults still armed (count faults disappear once used up). */
async function armedFaults(url: string): Promise<{ id: string; remaining?: number }[]> {
  const res = await fetch(`${url}/_emulator/faults`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { faults: { id: string; remaining?: number }[] }).faults;
}

/**
 * The requests a count fault of `count` (id `faultId`) hit, once every one of them is logged: a delayed request
 * is logged only when the emulator answers it, and none may outlive its test. Bounded wait.
 */
export async function faultedRequests(url: string, faultId: string, count: number): Promise<LoggedRequest[]> {
  for (let i = 0; ; i++) {
    const armed = (await armedFaults(url)).find((f) => f.id === faultId);
    const used = count - (armed?.remaining ?? 0);
    const hit = (await adminRequests(url)).filter((r) => r.fault !== undefined);
    if (hit.length >= used || i >= 100) {
      assert.equal(hit.length, used, "every faulted request was answered or reset");
      return hit;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// ---- objects someone else made (out of band): never changed or deleted by this provider ----

/** The out-of-band request that makes, at the vendor, an object with exactly these (checked) inputs. */
export function twinRequest(kind: ResourceKind, inputs: Props, at: { hookId?: string; appId?: string } = {}): OutOfBandInput {
  return KIND_VIEWS[kind].twin(inputs, at);
}

/** An object made out of band: its API path (as the state dump's `outOfBand` lists it) and its id as vendorObjects shows it. */
export interface ForeignObject {
  path: string;
  kind: string;
  id: string;
}

/** Makes an object out of band (another team, the vendor's admin UI) and says where it is. */
export async function makeForeign(url: string, kind: ResourceKind, request: OutOfBandInput): Promise<ForeignObject> {
  const res = await outOfBand(url, request);
  assert.ok(res.status >= 200 && res.status < 300, `out-of-band ${request.method} ${request.path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  if (request.method === "POST") {
    const id = String((res.body as { id: unknown }).id);
    return { path: `${request.path}/${id}`, kind, id };
  }
  const segments = request.path.split("/");
  const id = kind.startsWith("cinnox:") ? (segments[4] as string) : (segments[segments.length - 1] as string);
  return { path: request.path, kind, id };
}

/** The vendor's raw object at an API path in the state dump, exactly as the API answers it; undefined when absent. */
export function rawAt(state: EmulatorState, path: string): unknown {
  const byId = (items: readonly unknown[], id: string) => items.find((i) => String((i as { id?: unknown }).id) === id);
  let m = /^\/api\/v2\/webhooks\/([^/]+)$/.exec(path);
  if (m) return byId(state.dialpad.webhooks, m[1] as string);
  m = /^\/api\/v2\/websockets\/([^/]+)$/.exec(path);
  if (m) {
    // Its URL is new on every answer (Dialpad's expire hourly): everything else must stay byte for byte.
    const ws = byId(state.dialpad.websockets, m[1] as string) as Record<string, unknown> | undefined;
    if (!ws) return undefined;
    const { websocket_url: _url, ...stable } = ws;
    return stable;
  }
  m = /^\/api\/v2\/subscriptions\/([a-z_]+)\/([^/]+)$/.exec(path);
  if (m) return byId((state.dialpad.subscriptions as Record<string, unknown[]>)[m[1] as string] ?? [], m[2] as string);
  m = /^\/api\/v2\/event-subscriptions\/(sms|call)\/([^/]+)$/.exec(path);
  if (m) return byId(state.dialpad.eventSubscriptions[m[1] as "sms" | "call"], decodeURIComponent(m[2] as string));
  m = /^\/v1\/api\/apps\/([^/]+)\/([^/]+)$/.exec(path);
  if (m) {
    const event = (Object.keys(CINNOX_EVENTS) as CinnoxEventName[]).find((e) => CINNOX_EVENTS[e].path === m?.[2]);
    const app = event ? state.cinnox.subscriptions[decodeURIComponent(m[1] as string)]?.[event] : undefined;
    return app?.enabled ? app : undefined;
  }
  throw new Error(`rawAt: no such API path in the state dump: ${path}`);
}

/** The foreign objects as they are now: raw, for an exact comparison later, and as vendor objects. */
export interface ForeignSnapshot {
  foreign: ForeignObject[];
  raw: Map<string, unknown>;
  objects: VendorObject[];
}

export async function snapshotForeign(url: string, foreign: ForeignObject[]): Promise<ForeignSnapshot> {
  const state = await adminState(url);
  const raw = new Map(foreign.map((f) => [f.path, rawAt(state, f.path)]));
  for (const [path, value] of raw) assert.ok(value !== undefined, `foreign object ${path} exists`);
  const keys = new Set(foreign.map((f) => `${f.kind}\u0000${f.id}`));
  const objects = vendorObjects(state).filter((o) => keys.has(`${o.kind}\u0000${o.id}`));
  assert.equal(objects.length, foreign.length, "every foreign object is seen at the vendor");
  return { foreign, raw, objects };
}

/** Counted by the reliability summary. */
export const foreignChecks = { objects: 0, changed: 0 };

/** No object made out of band was changed or deleted: byte for byte as before, and still marked out of band. */
export async function assertForeignUntouched(url: string, snap: ForeignSnapshot, context: string): Promise<void> {
  const state = await adminState(url);
  for (const f of snap.foreign) {
    foreignChecks.objects++;
    const now = rawAt(state, f.path);
    if (!isDeepStrictEqual(now, snap.raw.get(f.path)) || !state.outOfBand.includes(f.path)) foreignChecks.changed++;
    assert.deepEqual(now, snap.raw.get(f.path), `${context}: the foreign object ${f.path} was changed or deleted`);
    assert.ok(state.outOfBand.includes(f.path), `${context}: ${f.path} is no longer marked as made out of band`);
  }
}
