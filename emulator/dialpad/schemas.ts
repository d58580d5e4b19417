// Dialpad's request bodies and stored records as zod schemas: the single source of the emulator's Dialpad types.
// Enums and required fields follow spec/dialpad-openapi.json; URL, secret and id rules follow api-facts.md.
import { z } from "zod";

export const TARGET_TYPES = [
  "callcenter", "callrouter", "channel", "coachinggroup", "coachingteam", "department",
  "office", "room", "staffgroup", "unknown", "user",
] as const;
export const CALL_STATES = [
  "admin", "admin_recording", "ai_playbook", "all", "barge", "blocked", "call_transcription", "calling",
  "connected", "csat", "dispositions", "eavesdrop", "hangup", "hold", "merged", "missed", "monitor", "parked",
  "pcsat", "postcall", "preanswer", "queued", "recap_action_items", "recap_outcome", "recap_purposes",
  "recap_summary", "recording", "ringing", "takeover", "transcription", "voicemail", "voicemail_uploaded",
] as const;
export const SMS_DIRECTIONS = ["all", "inbound", "outbound"] as const;
export const CONTACT_TYPES = ["local", "shared"] as const;
export const AGENT_TYPES = ["callcenter"] as const;
export const SUBSCRIPTION_KINDS = ["call", "sms", "contact", "agent_status", "changelog"] as const;
export const LEGACY_KINDS = ["sms", "call"] as const;

export const TargetType = z.enum(TARGET_TYPES);
export const CallState = z.enum(CALL_STATES);
export const SmsDirection = z.enum(SMS_DIRECTIONS);
export const ContactType = z.enum(CONTACT_TYPES);
export const AgentType = z.enum(AGENT_TYPES);
export const SubscriptionKind = z.enum(SUBSCRIPTION_KINDS);
export const LegacyKind = z.enum(LEGACY_KINDS);
export type TargetType = z.infer<typeof TargetType>;
export type CallState = z.infer<typeof CallState>;
export type SubscriptionKind = z.infer<typeof SubscriptionKind>;
export type LegacyKind = z.infer<typeof LegacyKind>;

/** http(s) URL without user-info: Dialpad refuses `https://user:pass@host` (api-facts). */
export const HttpUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be an absolute URL" });
    return;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    ctx.addIssue({ code: "custom", message: "must use the http or https scheme" });
  }
  if (url.username !== "" || url.password !== "") {
    ctx.addIssue({ code: "custom", message: "must not contain user-info" });
  }
});

/** The spec marks secrets "[single-line only]". */
export const Secret = z.string().refine((s) => !/[\r\n]/.test(s), "must be a single line");

/** Object ids are int64 in the spec but strings on the wire: accept either, keep the string. */
export const IdInput = z
  .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9]\d{0,17}$/, "must be a positive integer")])
  .transform((v) => String(v));

/** target_id is echoed as a JSON number (the spec's int64); numeric strings are accepted too. */
export const TargetIdInput = z
  .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9]\d{0,15}$/, "must be a positive integer")])
  .transform((v) => Number(v))
  .refine((n) => Number.isSafeInteger(n), "must be a positive integer");

// Every field is nullable in the spec; null on a field with a default means "leave it as it is" (or the default on create).
const link = {
  endpoint_id: IdInput.nullish(),
  // Dialpad's docs and several real clients send webhook_id (api-facts): accepted as a synonym.
  webhook_id: IdInput.nullish(),
  websocket_id: IdInput.nullish(),
};
const target = { target_type: TargetType.nullish(), target_id: TargetIdInput.nullish() };

export const CreateWebhook = z.object({ hook_url: HttpUrl, secret: Secret.nullish() });
export const UpdateWebhook = z.object({ hook_url: HttpUrl.optional(), secret: Secret.nullish() });
export const CreateWebsocket = z.object({ secret: Secret.nullish() });
export const UpdateWebsocket = CreateWebsocket;

const callFields = {
  call_states: z.array(CallState).nullish(),
  enabled: z.boolean().nullish(),
  group_calls_only: z.boolean().nullish(),
  ...target,
  ...link,
};
const smsFields = {
  enabled: z.boolean().nullish(),
  include_internal: z.boolean().nullish(),
  status: z.boolean().nullish(),
  ...target,
  ...link,
};

export const SubscriptionBodies = {
  call: { create: z.object(callFields), update: z.object(callFields) },
  sms: {
    create: z.object({ direction: SmsDirection, ...smsFields }),
    update: z.object({ direction: SmsDirection.nullish(), ...smsFields }),
  },
  // contact_type is required on update as well (spec).
  contact: {
    create: z.object({ contact_type: ContactType, enabled: z.boolean().nullish(), ...link }),
    update: z.object({ contact_type: ContactType, enabled: z.boolean().nullish(), ...link }),
  },
  agent_status: {
    create: z.object({ agent_type: AgentType, enabled: z.boolean().nullish(), ...link }),
    update: z.object({ agent_type: AgentType.nullish(), enabled: z.boolean().nullish(), ...link }),
  },
  changelog: {
    create: z.object({ enabled: z.boolean().nullish(), ...link }),
    update: z.object({ enabled: z.boolean().nullish(), ...link }),
  },
} as const;

export const LegacyBodies = {
  sms: z.object({
    url: HttpUrl,
    direction: SmsDirection,
    enabled: z.boolean().nullish(),
    secret: Secret.nullish(),
    ...target,
  }),
  call: z.object({
    url: HttpUrl,
    enabled: z.boolean().nullish(),
    secret: Secret.nullish(),
    group_calls_only: z.boolean().nullish(),
    call_states: z.array(CallState).nullish(),
    ...target,
  }),
} as const;

// ---- stored records (what the state file holds) ----

/** `outOfBand` marks an object another party created (admin out-of-band); it is never part of an answer. */
const owned = { id: z.string(), companyId: z.string(), outOfBand: z.literal(true).optional() };
const storedTarget = { target_type: TargetType.optional(), target_id: z.number().int().optional() };

export const WebhookRecord = z.object({ ...owned, hook_url: z.string(), secret: z.string().optional() });
export const WebsocketRecord = z.object({ ...owned, secret: z.string().optional() });
export type WebhookRecord = z.infer<typeof WebhookRecord>;
export type WebsocketRecord = z.infer<typeof WebsocketRecord>;

const subBase = { ...owned, endpointId: z.string().optional(), enabled: z.boolean() };
export const SubscriptionRecord = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("call"), ...subBase, call_states: z.array(CallState), group_calls_only: z.boolean(), ...storedTarget }),
  z.object({
    kind: z.literal("sms"), ...subBase, direction: SmsDirection, include_internal: z.boolean(), status: z.boolean(), ...storedTarget,
  }),
  z.object({ kind: z.literal("contact"), ...subBase, contact_type: ContactType }),
  z.object({ kind: z.literal("agent_status"), ...subBase, agent_type: AgentType }),
  z.object({ kind: z.literal("changelog"), ...subBase }),
]);
export type SubscriptionRecord = z.infer<typeof SubscriptionRecord>;

const legacyBase = { ...owned, url: z.string(), enabled: z.boolean(), secret: z.string().optional(), ...storedTarget };
export const LegacyRecord = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sms"), ...legacyBase, direction: SmsDirection }),
  z.object({ kind: z.literal("call"), ...legacyBase, call_states: z.array(CallState), group_calls_only: z.boolean() }),
]);
export type LegacyRecord = z.infer<typeof LegacyRecord>;

export interface Target { target_type?: TargetType; target_id?: number }

/** The target of any stored subscription; kinds without one target the whole company. */
export function targetOf(rec: SubscriptionRecord | LegacyRecord): Target {
  return "target_type" in rec && rec.target_type !== undefined ? { target_type: rec.target_type, target_id: rec.target_id } : {};
}
