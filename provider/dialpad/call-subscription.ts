// dialpad:CallSubscription: which call events (states, target) Dialpad sends to a webhook or websocket.
import { z } from "zod";
import { positiveId } from "../fields";
import { callStatesField, endpointFields, targetFields } from "./fields";
import { subscriptionKind } from "./subscription";
import { subscriptionProto } from "./wire";

export const KIND = "dialpad:CallSubscription";

export const callSubscriptionInputs = z.object({
  ...endpointFields,
  callStates: callStatesField(),
  enabled: z.boolean().default(true),
  groupCallsOnly: z.boolean().default(false),
  ...targetFields,
  adoptId: positiveId().optional(),
});

export const callSubscriptionProto = subscriptionProto({ call_states: z.array(z.string()).nullish(), group_calls_only: z.boolean().nullish() });

const kind = subscriptionKind({
  kind: KIND,
  type: "call",
  summary: "Which call events (states, target) Dialpad sends to a webhook or websocket.",
  inputs: callSubscriptionInputs,
  proto: callSubscriptionProto,
  targeted: true,
  fromProto: (p) => ({ callStates: [...new Set(p.call_states ?? [])].sort(), groupCallsOnly: p.group_calls_only ?? false }),
  body: (i) => ({ call_states: i.callStates, group_calls_only: i.groupCallsOnly }),
});

export const { definition, fromProto: callSubscriptionFromProto, controller: callSubscriptionController } = kind;
