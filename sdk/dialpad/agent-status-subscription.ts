// dialpad.AgentStatusSubscription: the resource class users declare; the work happens in
// provider/dialpad/agent-status-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/agent-status-subscription";
import type { ArgsMatchSchema } from "../resource";
import { Subscription } from "./subscription";
import { AgentType, DialpadId, EndpointArgs } from "./shared";

export type { AgentType };

export interface AgentStatusSubscriptionArgs extends EndpointArgs {
  /** Which agents: `"callcenter"` (the only type Dialpad offers). */
  agentType: pulumi.Input<AgentType>;
  /** Default true. false keeps the subscription but sends nothing. */
  enabled?: pulumi.Input<boolean>;
  /** Id of an existing agent-status subscription to take over instead of creating one (GET, then PATCH to these inputs). */
  adoptId?: pulumi.Input<DialpadId>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<AgentStatusSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A Dialpad agent-status event subscription (`/api/v2/subscriptions/agent_status`). Every property updates in
 * place (`PATCH /subscriptions/agent_status/{id}`); nothing replaces it. Needs `dialpad:apiKey`.
 */
export class AgentStatusSubscription extends Subscription {
  declare public readonly agentType: pulumi.Output<AgentType>;

  constructor(name: string, args: AgentStatusSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
