// dialpad.CallSubscription: the resource class users declare; the work happens in
// provider/dialpad/call-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/call-subscription";
import type { ArgsMatchSchema } from "../resource";
import { Subscription } from "./subscription";
import { CallState, DialpadId, EndpointArgs, TargetArgs, TargetType } from "./shared";

export type { CallState };

export interface CallSubscriptionArgs extends EndpointArgs, TargetArgs {
  /** Call states whose events are sent (`"all"` for every one). A set: order and repeats do not matter. At least one. */
  callStates: pulumi.Input<pulumi.Input<CallState>[]>;
  /** Default true. false keeps the subscription but sends nothing. */
  enabled?: pulumi.Input<boolean>;
  /** Default false. true sends events of group calls (call centers, departments, ...) only. */
  groupCallsOnly?: pulumi.Input<boolean>;
  /** Id of an existing call subscription to take over instead of creating one (GET, then PATCH to these inputs). */
  adoptId?: pulumi.Input<DialpadId>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<CallSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A Dialpad call event subscription (`/api/v2/subscriptions/call`). Every property updates in place
 * (`PATCH /subscriptions/call/{id}`); nothing replaces it. Needs `dialpad:apiKey`.
 */
export class CallSubscription extends Subscription {
  /** Sorted and de-duplicated. */
  declare public readonly callStates: pulumi.Output<CallState[]>;
  declare public readonly groupCallsOnly: pulumi.Output<boolean>;
  declare public readonly targetType: pulumi.Output<TargetType | undefined>;
  declare public readonly targetId: pulumi.Output<string | undefined>;

  constructor(name: string, args: CallSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
