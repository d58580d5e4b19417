// "Simulate" calls: an event of every Dialpad subscription kind (call, SMS, contact, agent status, change log) and
// every Cinnox event, delivered over real HTTP to the subscribers.
import { randomInt } from "node:crypto";
import { z } from "zod";
import {
  AgentType, CallState, ContactType, SmsDirection, TargetIdInput, TargetType, targetOf,
  type LegacyRecord, type SubscriptionKind, type SubscriptionRecord,
} from "./dialpad/schemas";
import { CINNOX_EVENTS, type CinnoxEventName } from "./cinnox-events";
import { deliver, type Delivery } from "./delivery";
import { ApiError } from "./errors";
import type { Runtime } from "./runtime";
import { cinnoxKey } from "./store";

const target = { target_type: TargetType.optional(), target_id: TargetIdInput.optional() };
const bothOrNeither = (b: { target_type?: unknown; target_id?: unknown }): boolean => (b.target_type === undefined) === (b.target_id === undefined);
const TOGETHER = "target_type and target_id must be given together";

export const SimulateCall = z
  .object({
    state: CallState.exclude(["all"]).default("ringing"),
    ...target,
    /** Only this company's subscriptions; every company's when absent. */
    company_id: z.string().optional(),
    event: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(bothOrNeither, TOGETHER);
export const SimulateSms = z
  .object({
    direction: SmsDirection.exclude(["all"]).default("inbound"),
    ...target,
    company_id: z.string().optional(),
    event: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(bothOrNeither, TOGETHER);
export const SimulateContact = z.object({
  contact_type: ContactType.default("shared"),
  /** The contact event's `event` field. */
  action: z.enum(["Created", "Updated", "Deleted"]).default("Created"),
  company_id: z.string().optional(),
  event: z.record(z.string(), z.unknown()).optional(),
});
export const SimulateAgentStatus = z.object({
  agent_type: AgentType.default("callcenter"),
  on_duty_status: z.string().min(1).default("available"),
  company_id: z.string().optional(),
  event: z.record(z.string(), z.unknown()).optional(),
});
export const SimulateChangelog = z.object({
  action: z.string().min(1).default("updated_ivr"),
  company_id: z.string().optional(),
  event: z.record(z.string(), z.unknown()).optional(),
});
export const SimulateCinnox = z.object({ appId: z.string().min(1), event: z.record(z.string(), z.unknown()).optional() });

/** A matching subscription the emulator did not deliver to: it is linked to a websocket, which the emulator does not serve. */
export interface Undelivered { subscriptionId: string; websocketId: string; reason: string }

export interface SimulateResult {
  event: Record<string, unknown>;
  deliveries: Delivery[];
  /** Matching websocket-linked subscriptions (no HTTP delivery; the emulator serves no websocket connections). */
  undelivered: Undelivered[];
}

const WEBSOCKET_NOT_SERVED = "linked to a websocket: the emulator serves no websocket connections, so nothing was streamed";

type Event = Record<string, unknown>;
const DEFAULT_TARGET = { type: "user", id: 5001 } as const;

function eventTarget(event: Event): { type?: unknown; id?: unknown } {
  const t = event.target;
  return typeof t === "object" && t !== null ? (t as { type?: unknown; id?: unknown }) : {};
}

/** No target on the subscription = the whole company; otherwise the event's target must be that one. */
function targetMatches(rec: SubscriptionRecord | LegacyRecord, event: Event): boolean {
  const sub = targetOf(rec);
  if (sub.target_type === undefined) return true;
  const t = eventTarget(event);
  return t.type === sub.target_type && Number(t.id) === sub.target_id;
}

export function buildCallEvent(input: z.output<typeof SimulateCall>): Event {
  const now = Date.now();
  const callId = randomInt(1e9, 9e9);
  const type = input.target_type ?? DEFAULT_TARGET.type;
  const id = input.target_id ?? DEFAULT_TARGET.id;
  return {
    call_id: callId, master_call_id: callId, entry_point_call_id: callId, state: input.state, direction: "inbound",
    external_number: "+15555550100", internal_number: "+15555550199",
    date_started: now, date_rang: now, date_connected: null, date_ended: null, event_timestamp: now,
    duration: null, total_duration: null, talk_time: null,
    contact: { id: "7001", name: "Ada Example", phone: "+15555550100", email: "ada@example.com", type: "local" },
    target: { id, name: "Emulator Target", phone: "+15555550199", email: "target@example.com", office_id: 6001, type },
    call_recording_ids: [], recording_details: [], was_recorded: false, voicemail_link: null, labels: [],
    is_transferred: false, csat_score: null, mos_score: null, transcription_text: null,
    ...input.event,
  };
}

export function buildSmsEvent(input: z.output<typeof SimulateSms>): Event {
  const now = Date.now();
  const text = "Hello from the emulator";
  return {
    id: randomInt(1e9, 9e9), created_date: now, direction: input.direction,
    target: { id: input.target_id ?? DEFAULT_TARGET.id, type: input.target_type ?? DEFAULT_TARGET.type, name: "Emulator Target", phone_number: "+15555550199" },
    contact: { id: "7001", name: "Ada Example", phone_number: "+15555550100" },
    sender_id: null, from_number: "+15555550100", to_number: ["+15555550199"],
    mms: false, mms_url: null, text, text_content: text, event_timestamp: now, is_internal: false,
    message_status: input.direction === "inbound" ? "received" : "pending", message_delivery_result: null,
    ...input.event,
  };
}

export function buildContactEvent(input: z.output<typeof SimulateContact>): Event {
  return {
    event: input.action,
    contact: {
      id: String(randomInt(1e9, 9e9)), type: input.contact_type,
      first_name: "Ada", last_name: "Example", display_name: "Ada Example",
      phones: ["+15555550100"], primary_phone: "+15555550100", emails: ["ada@example.com"], primary_email: "ada@example.com",
      company_name: "Example Ltd", job_title: "Engineer", urls: [], trunk_group: null, extension: null,
    },
    ...input.event,
  };
}

export function buildAgentStatusEvent(input: z.output<typeof SimulateAgentStatus>): Event {
  const now = Date.now();
  return {
    availability_status: "available", call_center_ids: [4001], date: now, event_timestamp: now,
    on_duty_status: input.on_duty_status, on_duty_status_reason: null, powerdialer_mode: false, powerdialer_session: null,
    target: { id: randomInt(1e9, 9e9), name: "Emulator Agent", email: "agent@example.com", phone_number: "+15555550199", type: "user" },
    ...input.event,
  };
}

export function buildChangelogEvent(input: z.output<typeof SimulateChangelog>): Event {
  return {
    action: input.action, note: "Changed in the emulator", additional_data: null,
    target: { type: "office", id: 6001 }, changed_by: { name: "Emulator Admin", id: 5001, type: "user" }, date: Date.now(),
    ...input.event,
  };
}

type Endpoint = { webhook: { url: string; secret?: string } } | { websocketId: string } | undefined;

/** Where a v2 subscription delivers: its linked webhook, or a websocket (not served); unlinked ones go nowhere. */
function endpointOf(rt: Runtime, sub: SubscriptionRecord): Endpoint {
  if (sub.endpointId === undefined) return undefined;
  const w = rt.store.webhooks.get(sub.endpointId);
  if (w) return { webhook: { url: w.hook_url, secret: w.secret } };
  return rt.store.websockets.get(sub.endpointId) ? { websocketId: sub.endpointId } : undefined;
}

async function fanOut(
  rt: Runtime,
  event: Event,
  companyId: string | undefined,
  matchV2: (s: SubscriptionRecord) => boolean,
  matchLegacy: (e: LegacyRecord) => boolean,
): Promise<SimulateResult> {
  const inCompany = (c: string): boolean => companyId === undefined || c === companyId;
  const jobs: Promise<Delivery>[] = [];
  const undelivered: Undelivered[] = [];
  for (const s of rt.store.subscriptions.values()) {
    if (!s.enabled || !inCompany(s.companyId) || !matchV2(s) || !targetMatches(s, event)) continue;
    const endpoint = endpointOf(rt, s);
    if (endpoint && "webhook" in endpoint) jobs.push(deliver(rt.self, s.id, endpoint.webhook.url, event, endpoint.webhook.secret));
    else if (endpoint) undelivered.push({ subscriptionId: s.id, websocketId: endpoint.websocketId, reason: WEBSOCKET_NOT_SERVED });
  }
  for (const e of rt.store.eventSubscriptions.values()) {
    if (!e.enabled || !inCompany(e.companyId) || !matchLegacy(e) || !targetMatches(e, event)) continue;
    jobs.push(deliver(rt.self, e.id, e.url, event, e.secret));
  }
  return { event, deliveries: await Promise.all(jobs), undelivered };
}

const statesMatch = (states: readonly string[], state: string): boolean => states.includes("all") || states.includes(state);

export async function simulateCall(rt: Runtime, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateCall, body);
  const event = buildCallEvent(input);
  const state = String(event.state);
  return fanOut(
    rt, event, input.company_id,
    // group_calls_only is not simulated: the emulator has no notion of group calls.
    (s) => s.kind === "call" && statesMatch(s.call_states, state),
    (e) => e.kind === "call" && statesMatch(e.call_states, state),
  );
}

export async function simulateSms(rt: Runtime, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateSms, body);
  const event = buildSmsEvent(input);
  const direction = String(event.direction);
  const internalOk = (includeInternal: boolean): boolean => event.is_internal !== true || includeInternal;
  return fanOut(
    rt, event, input.company_id,
    (s) => s.kind === "sms" && (s.direction === "all" || s.direction === direction) && internalOk(s.include_internal),
    (e) => e.kind === "sms" && (e.direction === "all" || e.direction === direction),
  );
}

const noLegacy = (): boolean => false;

/** Contact subscriptions of the contact's type (`contact.type`: local or shared). */
export async function simulateContact(rt: Runtime, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateContact, body);
  const event = buildContactEvent(input);
  const contact = event.contact;
  const type = typeof contact === "object" && contact !== null ? (contact as { type?: unknown }).type : undefined;
  return fanOut(rt, event, input.company_id, (s) => s.kind === "contact" && s.contact_type === type, noLegacy);
}

/** Agent-status subscriptions of the agent type (only `callcenter` exists). */
export async function simulateAgentStatus(rt: Runtime, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateAgentStatus, body);
  const event = buildAgentStatusEvent(input);
  return fanOut(rt, event, input.company_id, (s) => s.kind === "agent_status" && s.agent_type === input.agent_type, noLegacy);
}

/** Every change-log subscription of the company. */
export async function simulateChangelog(rt: Runtime, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateChangelog, body);
  return fanOut(rt, buildChangelogEvent(input), input.company_id, (s) => s.kind === "changelog", noLegacy);
}

/** One simulation per Dialpad subscription kind: `POST /_emulator/simulate/dialpad/<kind>`. */
export const SIMULATE_DIALPAD: Record<SubscriptionKind, (rt: Runtime, body: unknown) => Promise<SimulateResult>> = {
  call: simulateCall,
  sms: simulateSms,
  contact: simulateContact,
  agent_status: simulateAgentStatus,
  changelog: simulateChangelog,
};

/** One Cinnox notification of `event`, with the body's `event` fields laid over it, to the app's enabled URL for that event. */
export async function simulateCinnox(rt: Runtime, name: CinnoxEventName, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateCinnox, body);
  const event: Event = { ...CINNOX_EVENTS[name].notification(input.appId), ...input.event };
  const sub = rt.store.cinnox.get(cinnoxKey(input.appId, name));
  // Cinnox notifications are unsigned JSON; the subscription id of the delivery record is the app id.
  const deliveries = sub?.enabled ? [await deliver(rt.self, input.appId, sub.url, event, undefined)] : [];
  return { event, deliveries, undelivered: [] };
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ApiError(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
}
