// dialpad:CallSubscription: which call events (states, target) Dialpad sends to a webhook or websocket.
// Schema, mapping to and from /api/v2/subscriptions/call, then the lifecycle.
import { z } from "zod";
import { Props, comparedKeys, defineController } from "../controller";
import { positiveId, sortedSet } from "../fields";
import { CallSubscriptionProto, DialpadClient, dialpadClient } from "./client";
import {
  CALL_STATES, endpointBody, endpointFields, endpointRule, collectionLifecycle, targetAndEndpointFromProto, targetBody,
  targetCreateBody, targetFields, targetRule,
} from "./common";

export const KIND = "dialpad:CallSubscription";

// ---- schema ----

export const callSubscriptionInputs = z.object({
  ...endpointFields,
  callStates: sortedSet(z.enum(CALL_STATES)),
  enabled: z.boolean().default(true),
  groupCallsOnly: z.boolean().default(false),
  ...targetFields,
  adoptId: positiveId().optional(),
});
export type CallSubscriptionInputs = z.output<typeof callSubscriptionInputs>;
const CREATE_ONLY = ["adoptId"] as const;

// ---- mapping ----

export function callSubscriptionFromProto(p: CallSubscriptionProto): Props {
  return {
    ...targetAndEndpointFromProto(p),
    callStates: [...new Set(p.call_states ?? [])].sort(),
    enabled: p.enabled,
    groupCallsOnly: p.group_calls_only ?? false,
  };
}

const fields = (i: CallSubscriptionInputs) => ({
  ...endpointBody(i),
  call_states: i.callStates,
  enabled: i.enabled,
  group_calls_only: i.groupCallsOnly,
});

// ---- lifecycle ----

export function callSubscriptionController(client: () => DialpadClient) {
  return defineController({
    kind: KIND,
    inputs: callSubscriptionInputs,
    rules: [endpointRule, targetRule],
    createOnly: CREATE_ONLY,
    ...collectionLifecycle({
      api: () => client().callSubscriptions,
      fromProto: callSubscriptionFromProto,
      createBody: (i: CallSubscriptionInputs) => ({ ...fields(i), ...targetCreateBody(i) }),
      updateBody: (i: CallSubscriptionInputs) => ({ ...fields(i), ...targetBody(i) }),
      compared: comparedKeys(callSubscriptionInputs, CREATE_ONLY),
    }),
  });
}

export const controller = callSubscriptionController(dialpadClient);
