// dialpad:SmsSubscription: which SMS events (direction, internal, delivery status, target) Dialpad sends.
import { z } from "zod";
import { positiveId } from "../fields";
import { SMS_DIRECTIONS } from "./enums";
import { endpointFields, targetFields } from "./fields";
import { subscriptionKind } from "./subscription";
import { subscriptionProto } from "./wire";

export const KIND = "dialpad:SmsSubscription";

export const smsSubscriptionInputs = z.object({
  ...endpointFields,
  direction: z.enum(SMS_DIRECTIONS),
  enabled: z.boolean().default(true),
  includeInternal: z.boolean().default(false),
  status: z.boolean().default(false),
  ...targetFields,
  adoptId: positiveId().optional(),
});

export const smsSubscriptionProto = subscriptionProto({
  direction: z.string(), include_internal: z.boolean().nullish(), status: z.boolean().nullish(),
});

const kind = subscriptionKind({
  kind: KIND,
  type: "sms",
  summary: "Which SMS events (direction, internal messages, delivery status, target) Dialpad sends to a webhook or websocket.",
  inputs: smsSubscriptionInputs,
  proto: smsSubscriptionProto,
  targeted: true,
  fromProto: (p) => ({ direction: p.direction, includeInternal: p.include_internal ?? false, status: p.status ?? false }),
  body: (i) => ({ direction: i.direction, include_internal: i.includeInternal, status: i.status }),
});

export const { definition, fromProto: smsSubscriptionFromProto, controller: smsSubscriptionController } = kind;
