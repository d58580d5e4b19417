// dialpad:LegacySmsEventSubscription: an SMS subscription of the archived /api/v2/event-subscriptions/sms
// API, where the caller picks the id ("hook id") and PUT creates or overwrites. Schema, mapping, lifecycle.
import { z } from "zod";
import { Props, changedProperties, defineController } from "../controller";
import { httpUrl, singleLineSecret } from "../fields";
import { NotFoundError } from "../http";
import { DialpadClient, LegacySmsProto, dialpadClient } from "./client";
import { SMS_DIRECTIONS, targetBody, targetFields, targetRule } from "./common";

export const KIND = "dialpad:LegacySmsEventSubscription";

// ---- schema ----

export const legacySmsEventSubscriptionInputs = z.object({
  hookId: z
    .string()
    .min(1, { error: "must not be empty" })
    .max(200, { error: "must be at most 200 characters" })
    // A URL path segment that reads well in a log: no "/" and no control characters.
    .refine((s) => ![...s].some((ch) => ch === "/" || ch.charCodeAt(0) < 0x20), { error: "must be one line without '/'" }),
  url: httpUrl(),
  direction: z.enum(SMS_DIRECTIONS),
  enabled: z.boolean().default(true),
  secret: singleLineSecret().optional(),
  ...targetFields,
  adoptExisting: z.boolean().optional(),
});
export type LegacySmsEventSubscriptionInputs = z.output<typeof legacySmsEventSubscriptionInputs>;

/** What a subscription found under the hook id must hold to count as already declared (all but the id and flags). */
const COMPARED = ["url", "direction", "enabled", "secret", "targetType", "targetId"] as const;

// ---- mapping ----

export function legacySmsFromProto(p: LegacySmsProto): Props {
  return {
    hookId: p.id,
    url: p.url,
    direction: p.direction,
    enabled: p.enabled,
    secret: p.signature?.secret || undefined,
    targetType: p.target_type ?? undefined,
    targetId: p.target_id ?? undefined,
  };
}

/** PUT replaces the whole object, so the body is always the full declared state. */
function body(i: LegacySmsEventSubscriptionInputs) {
  const { target_type, target_id } = targetBody(i);
  return {
    url: i.url,
    direction: i.direction,
    enabled: i.enabled,
    ...(i.secret !== undefined ? { secret: i.secret } : {}),
    ...(target_type !== null && target_id !== null ? { target_type, target_id } : {}),
  };
}

// ---- lifecycle ----

export function legacySmsEventSubscriptionController(client: () => DialpadClient) {
  return defineController({
    kind: KIND,
    inputs: legacySmsEventSubscriptionInputs,
    rules: [targetRule],
    replaceOn: ["hookId"],
    createOnly: ["adoptExisting"],
    async create(inputs) {
      const api = client().legacySms;
      // The PUT would silently overwrite a subscription someone else made under this hook id.
      if (!inputs.adoptExisting) {
        const existing = await api.get(inputs.hookId).then(
          (p) => p,
          (err: unknown) => (err instanceof NotFoundError ? undefined : Promise.reject(err)),
        );
        // Already exactly as declared: most likely our own earlier create whose answer was lost, and
        // taking it over overwrites nothing, so a second `pulumi up` converges instead of failing.
        if (existing && changedProperties(COMPARED, legacySmsFromProto(existing), inputs).length === 0) {
          return { id: existing.id, outs: legacySmsFromProto(existing) };
        }
        if (existing) {
          throw new Error(
            `hook id "${inputs.hookId}" already exists in Dialpad; refusing to overwrite it. ` +
              "Set adoptExisting: true to take it over, or choose another hookId",
          );
        }
      }
      const p = await api.put(inputs.hookId, body(inputs));
      return { id: p.id, outs: legacySmsFromProto(p) };
    },
    read: async (id) => legacySmsFromProto(await client().legacySms.get(id)),
    update: async (id, _olds, news) => legacySmsFromProto(await client().legacySms.put(id, body(news))),
    delete: async (id) => void (await client().legacySms.delete(id)),
  });
}

export const controller = legacySmsEventSubscriptionController(dialpadClient);
