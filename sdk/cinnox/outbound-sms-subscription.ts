// cinnox.OutboundSmsSubscription: the outbound SMS (delivery records) event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/outbound-sms-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type OutboundSmsSubscriptionArgs = EventSubscriptionArgs;

/** The outbound SMS (delivery records) event subscription of one Cinnox app (`…/outbound-sms-event-sub`); see `EventSubscription`. */
export class OutboundSmsSubscription extends EventSubscription {
  constructor(name: string, args: OutboundSmsSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
