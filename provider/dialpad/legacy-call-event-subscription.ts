// dialpad:LegacyCallEventSubscription: a call subscription of the archived /api/v2/event-subscriptions/call
// API, where the caller picks the id ("hook id") and PUT creates or overwrites.
import { z } from "zod";
import { callStatesField } from "./fields";
import { legacyFields, legacyKind } from "./legacy";
import { legacyProto } from "./wire";

export const KIND = "dialpad:LegacyCallEventSubscription";

export const legacyCallEventSubscriptionInputs = z.object({
  hookId: legacyFields.hookId,
  url: legacyFields.url,
  callStates: callStatesField(),
  enabled: legacyFields.enabled,
  groupCallsOnly: z.boolean().default(false),
  secret: legacyFields.secret,
  targetType: legacyFields.targetType,
  targetId: legacyFields.targetId,
  adoptExisting: legacyFields.adoptExisting,
});

export const legacyCallProto = legacyProto({ call_states: z.array(z.string()).nullish(), group_calls_only: z.boolean().nullish() });

const kind = legacyKind({
  kind: KIND,
  type: "call",
  summary: "A call subscription of Dialpad's archived event-subscription API, under a hook id you choose.",
  inputs: legacyCallEventSubscriptionInputs,
  proto: legacyCallProto,
  fromProto: (p) => ({ callStates: [...new Set(p.call_states ?? [])].sort(), groupCallsOnly: p.group_calls_only ?? false }),
  body: (i) => ({ call_states: i.callStates, group_calls_only: i.groupCallsOnly }),
});

export const { definition, fromProto: legacyCallFromProto, controller: legacyCallEventSubscriptionController } = kind;
