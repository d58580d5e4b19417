// What Dialpad's API answers and what the provider sends, as zod schemas and types. Answers keep unknown
// fields, so a newer API does not break reads.
import { z } from "zod";

/** Ids are int64 in the spec and strings on the wire; accept both, keep a string. */
export const wireId = z.union([z.string(), z.number()]).transform(String);

export const signatureProto = z.looseObject({ algo: z.string().optional(), secret: z.string().optional(), type: z.string().optional() });

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

export const webhookProto = z.looseObject({ id: wireId, hook_url: z.string(), signature: signatureProto.nullish() });
export type WebhookProto = z.output<typeof webhookProto>;

export const websocketProto = z.looseObject({ id: wireId, websocket_url: z.string().nullish(), signature: signatureProto.nullish() });
export type WebsocketProto = z.output<typeof websocketProto>;

/** A v2 subscription of any type: its own fields plus target and linked endpoint. */
export const subscriptionProto = <F extends z.ZodRawShape>(fields: F) =>
  z.looseObject({ id: wireId, enabled: z.boolean(), ...target, ...linkedEndpoints, ...fields });

/** An archived event subscription (`/event-subscriptions/{sms|call}`): the caller-chosen id, the URL and a signature. */
export const legacyProto = <F extends z.ZodRawShape>(fields: F) =>
  z.looseObject({ id: wireId, url: z.string(), enabled: z.boolean(), ...target, signature: signatureProto.nullish(), ...fields });

export const listOf = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item).nullish(), cursor: z.string().nullish() });

/** Dialpad's error body: `{"error": {"code", "message"}}`. */
export const dialpadErrorMessage = (body: unknown): string | undefined => {
  const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
  return parsed.success ? parsed.data.error.message : undefined;
};
