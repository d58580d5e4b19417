// dialpad:AgentStatusSubscription: call-center agents' status events Dialpad sends to a webhook or websocket.
import { z } from "zod";
import { positiveId } from "../fields";
import { AGENT_TYPES } from "./enums";
import { endpointFields } from "./fields";
import { subscriptionKind } from "./subscription";
import { subscriptionProto } from "./wire";

export const KIND = "dialpad:AgentStatusSubscription";

export const agentStatusSubscriptionInputs = z.object({
  ...endpointFields,
  agentType: z.enum(AGENT_TYPES),
  enabled: z.boolean().default(true),
  adoptId: positiveId().optional(),
});

export const agentStatusSubscriptionProto = subscriptionProto({ agent_type: z.string() });

const kind = subscriptionKind({
  kind: KIND,
  type: "agent_status",
  summary: "Which agent-status events (call-center agents) Dialpad sends to a webhook or websocket.",
  inputs: agentStatusSubscriptionInputs,
  proto: agentStatusSubscriptionProto,
  targeted: false,
  fromProto: (p) => ({ agentType: p.agent_type }),
  body: (i) => ({ agent_type: i.agentType }),
});

export const { definition, fromProto: agentStatusSubscriptionFromProto, controller: agentStatusSubscriptionController } = kind;
