// "Simulate" calls: Dialpad call/SMS events and every Cinnox event, delivered over real HTTP to the subscribers.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { CallState, SmsDirection, TargetIdInput, TargetType, targetOf, type SubscriptionRecord, type LegacyRecord } from "./dialpad/schemas";
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
export const SimulateCinnox = z.object({ appId: z.string().min(1), event: z.record(z.string(), z.unknown()).optional() });

export interface SimulateResult { event: Record<string, unknown>; deliveries: Delivery[] }

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

/** Where a v2 subscription delivers: its linked webhook. Websocket-linked and unlinked ones have no URL to POST to. */
function webhookOf(rt: Runtime, sub: SubscriptionRecord): { url: string; secret?: string } | undefined {
  const w = sub.endpointId === undefined ? undefined : rt.store.webhooks.get(sub.endpointId);
  return w ? { url: w.hook_url, secret: w.secret } : undefined;
}

async function fanOut(
  rt: Runtime,
  event: Event,
  companyId: string | undefined,
  matchV2: (s: SubscriptionRecord) => boolean,
  matchLegacy: (e: LegacyRecord) => boolean,
): Promise<Delivery[]> {
  const inCompany = (c: string): boolean => companyId === undefined || c === companyId;
  const jobs: Promise<Delivery>[] = [];
  for (const s of rt.store.subscriptions.values()) {
    if (!s.enabled || !inCompany(s.companyId) || !matchV2(s) || !targetMatches(s, event)) continue;
    const hook = webhookOf(rt, s);
    if (hook) jobs.push(deliver(rt.self, s.id, hook.url, event, hook.secret));
  }
  for (const e of rt.store.eventSubscriptions.values()) {
    if (!e.enabled || !inCompany(e.companyId) || !matchLegacy(e) || !targetMatches(e, event)) continue;
    jobs.push(deliver(rt.self, e.id, e.url, event, e.secret));
  }
  return Promise.all(jobs);
}

const statesMatch = (states: readonly string[], state: string): boolean => states.includes("all") || states.includes(state);

export async function simulateCall(rt: Runtime, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateCall, body);
  const event = buildCallEvent(input);
  const state = String(event.state);
  const deliveries = await fanOut(
    rt, event, input.company_id,
    // group_calls_only is not simulated: the emulator has no notion of group calls.
    (s) => s.kind === "call" && statesMatch(s.call_states, state),
    (e) => e.kind === "call" && statesMatch(e.call_states, state),
  );
  return { event, deliveries };
}

export async function simulateSms(rt: Runtime, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateSms, body);
  const event = buildSmsEvent(input);
  const direction = String(event.direction);
  const internalOk = (includeInternal: boolean): boolean => event.is_internal !== true || includeInternal;
  const deliveries = await fanOut(
    rt, event, input.company_id,
    (s) => s.kind === "sms" && (s.direction === "all" || s.direction === direction) && internalOk(s.include_internal),
    (e) => e.kind === "sms" && (e.direction === "all" || e.direction === direction),
  );
  return { event, deliveries };
}

/** One Cinnox notification of `event`, with the body's `event` fields laid over it, to the app's enabled URL for that event. */
export async function simulateCinnox(rt: Runtime, name: CinnoxEventName, body: unknown): Promise<SimulateResult> {
  const input = parse(SimulateCinnox, body);
  const event: Event = { ...CINNOX_EVENTS[name].notification(input.appId), ...input.event };
  const sub = rt.store.cinnox.get(cinnoxKey(input.appId, name));
  // Cinnox notifications are unsigned JSON; the subscription id of the delivery record is the app id.
  const deliveries = sub?.enabled ? [await deliver(rt.self, input.appId, sub.url, event, undefined)] : [];
  return { event, deliveries };
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ApiError(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
}
