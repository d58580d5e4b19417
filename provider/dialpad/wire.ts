// What Dialpad's API answers and what the provider sends, as zod schemas and types. Answers are input
// too: ids must have the shape Dialpad documents before they reach a path, a name or the state (a server-made
// id is a decimal int64; a legacy hook id obeys the same rules as the one a program declares), fields follow
// the spec's nullability (almost every field of a proto may be null), and unknown fields are kept so that a
// newer API does not break reads.
import { z } from "zod";
import { isPathSegment, isServerId } from "../fields";

/**
 * A server-made id (int64 in the spec, a JSON string on the wire): a decimal string, or a number that is an
 * exact safe integer. Anything else (text, a sign, a fraction, a line break and code after it) is refused.
 */
export const wireId = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const s = typeof v === "number" ? (Number.isSafeInteger(v) ? String(v) : "") : v;
    if (!isServerId(s)) {
      ctx.addIssue({ code: "custom", message: "is not an id Dialpad makes (a positive decimal integer of at most int64)" });
      return z.NEVER;
    }
    return s;
  });

/** A legacy subscription's id: the caller-chosen hook id, held to the rules a declared one must pass. */
export const hookIdWire = z.string().refine(isPathSegment, { error: "is not a valid hook id (one line, at most 200 characters, no '/', '?', '#', '%', '\\')" });

export const signatureProto = z.looseObject({ algo: z.string().nullish(), secret: z.string().nullish(), type: z.string().nullish() });

const linkedEndpoints = {
  webhook: z.looseObject({ id: wireId }).nullish(),
  websocket: z.looseObject({ id: wireId }).nullish(),
};
const target = { target_type: z.string().nullish(), target_id: wireId.nullish() };

/** The part of a subscription answer that names its webhook or websocket (embedded, never `endpoint_id`). */
export const endpointLinks = z.looseObject(linkedEndpoints);
export type EndpointLinks = z.output<typeof endpointLinks>;
export const targetWire = z.looseObject(target);
export type TargetWire = z.output<typeof targetWire>;

/** `hook_url` may be null (spec): such a webhook is read with no URL, so a declared one shows as a change. */
export const webhookProto = z.looseObject({ id: wireId, hook_url: z.string().nullish(), signature: signatureProto.nullish() });
export type WebhookProto = z.output<typeof webhookProto>;

export const websocketProto = z.looseObject({ id: wireId, websocket_url: z.string().nullish(), signature: signatureProto.nullish() });
export type WebsocketProto = z.output<typeof websocketProto>;

/**
 * `enabled` may be null (spec, with "default": true): read as that documented default, so a null is no drift
 * from a subscription declared enabled.
 */
const enabledWire = z.boolean().nullish().transform((v) => v ?? true);

/** A v2 subscription of any type: its own fields plus target and linked endpoint. */
export const subscriptionProto = <F extends z.ZodRawShape>(fields: F) =>
  z.looseObject({ id: wireId, enabled: enabledWire, ...target, ...linkedEndpoints, ...fields });

/** An archived event subscription (`/event-subscriptions/{sms|call}`): the caller-chosen id, the URL and a signature. */
export const legacyProto = <F extends z.ZodRawShape>(fields: F) =>
  z.looseObject({ id: hookIdWire, url: z.string().nullish(), enabled: enabledWire, ...target, signature: signatureProto.nullish(), ...fields });

/** A list page as received: items are parsed one by one by the caller, so one odd object does not hide the others. */
export const listPage = z.looseObject({ items: z.array(z.unknown()).nullish(), cursor: z.string().nullish() });

/** Dialpad's error body: `{"error": {"code", "message"}}`. */
export const dialpadErrorMessage = (body: unknown): string | undefined => {
  const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
  return parsed.success ? parsed.data.error.message : undefined;
};
