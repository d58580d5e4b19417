// dialpad:LegacySmsEventSubscription: an SMS subscription of the archived /api/v2/event-subscriptions/sms
// API, where the caller picks the id ("hook id") and PUT creates or overwrites.
import { z } from "zod";
import { SMS_DIRECTIONS } from "./enums";
import { legacyFields, legacyKind } from "./legacy";
import { legacyProto } from "./wire";

export const KIND = "dialpad:LegacySmsEventSubscription";

export const legacySmsEventSubscriptionInputs = z.object({
  hookId: legacyFields.hookId,
  url: legacyFields.url,
  direction: z.enum(SMS_DIRECTIONS),
  enabled: legacyFields.enabled,
  secret: legacyFields.secret,
  targetType: legacyFields.targetType,
  targetId: legacyFields.targetId,
  adoptExisting: legacyFields.adoptExisting,
});

export const legacySmsProto = legacyProto({ direction: z.string() });

const kind = legacyKind({
  kind: KIND,
  type: "sms",
  summary: "An SMS subscription of Dialpad's archived event-subscription API, under a hook id you choose.",
  inputs: legacySmsEventSubscriptionInputs,
  proto: legacySmsProto,
  fromProto: (p) => ({ direction: p.direction }),
  body: (i) => ({ direction: i.direction }),
});

export const { definition, fromProto: legacySmsFromProto, controller: legacySmsEventSubscriptionController } = kind;
