// dialpad:SmsSubscription: which SMS events (direction, target, internal, delivery status) Dialpad sends
// to a webhook or websocket. Schema, mapping to and from /api/v2/subscriptions/sms, then the lifecycle.
import { z } from "zod";
import { Props, comparedKeys, defineController } from "../controller";
import { positiveId } from "../fields";
import { DialpadClient, SmsSubscriptionProto, dialpadClient } from "./client";
import {
  SMS_DIRECTIONS, endpointBody, endpointFields, endpointRule, collectionLifecycle, targetAndEndpointFromProto, targetBody,
  targetCreateBody, targetFields, targetRule,
} from "./common";

export const KIND = "dialpad:SmsSubscription";

// ---- schema ----

export const smsSubscriptionInputs = z.object({
  ...endpointFields,
  direction: z.enum(SMS_DIRECTIONS),
  enabled: z.boolean().default(true),
  includeInternal: z.boolean().default(false),
  status: z.boolean().default(false),
  ...targetFields,
  adoptId: positiveId().optional(),
});
export type SmsSubscriptionInputs = z.output<typeof smsSubscriptionInputs>;
const CREATE_ONLY = ["adoptId"] as const;

// ---- mapping ----

export function smsSubscriptionFromProto(p: SmsSubscriptionProto): Props {
  return {
    ...targetAndEndpointFromProto(p),
    direction: p.direction,
    enabled: p.enabled,
    includeInternal: p.include_internal ?? false,
    status: p.status ?? false,
  };
}

const fields = (i: SmsSubscriptionInputs) => ({
  ...endpointBody(i),
  direction: i.direction,
  enabled: i.enabled,
  include_internal: i.includeInternal,
  status: i.status,
});

// ---- lifecycle ----

export function smsSubscriptionController(client: () => DialpadClient) {
  return defineController({
    kind: KIND,
    inputs: smsSubscriptionInputs,
    rules: [endpointRule, targetRule],
    createOnly: CREATE_ONLY,
    ...collectionLifecycle({
      api: () => client().smsSubscriptions,
      fromProto: smsSubscriptionFromProto,
      createBody: (i: SmsSubscriptionInputs) => ({ ...fields(i), ...targetCreateBody(i) }),
      updateBody: (i: SmsSubscriptionInputs) => ({ ...fields(i), ...targetBody(i) }),
      compared: comparedKeys(smsSubscriptionInputs, CREATE_ONLY),
    }),
  });
}

export const controller = smsSubscriptionController(dialpadClient);
