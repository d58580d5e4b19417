// cinnox.CallSubscription: the call (CallStart / CallEnd) event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/call-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type CallSubscriptionArgs = EventSubscriptionArgs;

/** The call (CallStart / CallEnd) event subscription of one Cinnox app (`…/call-event-sub`); see `EventSubscription`. */
export class CallSubscription extends EventSubscription {
  constructor(name: string, args: CallSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
