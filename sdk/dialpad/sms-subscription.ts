// dialpad.SmsSubscription: the resource class users declare; the work happens in
// provider/dialpad/sms-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/sms-subscription";
import type { ArgsMatchSchema } from "../resource";
import { Subscription } from "./subscription";
import { DialpadId, EndpointArgs, SmsDirection, TargetArgs, TargetType } from "./shared";

export type { SmsDirection };

export interface SmsSubscriptionArgs extends EndpointArgs, TargetArgs {
  /** Which messages: `"inbound"`, `"outbound"` or `"all"`. */
  direction: pulumi.Input<SmsDirection>;
  /** Default true. false keeps the subscription but sends nothing. */
  enabled?: pulumi.Input<boolean>;
  /** Default false. true also sends messages between users of the company. */
  includeInternal?: pulumi.Input<boolean>;
  /** Default false. true also sends delivery-status events of outbound messages. */
  status?: pulumi.Input<boolean>;
  /** Id of an existing SMS subscription to take over instead of creating one (GET, then PATCH to these inputs). */
  adoptId?: pulumi.Input<DialpadId>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<SmsSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A Dialpad SMS event subscription (`/api/v2/subscriptions/sms`). Every property updates in place
 * (`PATCH /subscriptions/sms/{id}`); nothing replaces it. Needs `dialpad:apiKey`.
 */
export class SmsSubscription extends Subscription {
  declare public readonly direction: pulumi.Output<SmsDirection>;
  declare public readonly includeInternal: pulumi.Output<boolean>;
  declare public readonly status: pulumi.Output<boolean>;
  declare public readonly targetType: pulumi.Output<TargetType | undefined>;
  declare public readonly targetId: pulumi.Output<string | undefined>;

  constructor(name: string, args: SmsSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
