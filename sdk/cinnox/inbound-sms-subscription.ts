// cinnox.InboundSmsSubscription: the inbound-SMS event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/inbound-sms-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type InboundSmsSubscriptionArgs = EventSubscriptionArgs;

/** The inbound-SMS event subscription of one Cinnox app (`…/inbound-sms-event-sub`); see `EventSubscription`. */
export class InboundSmsSubscription extends EventSubscription {
  constructor(name: string, args: InboundSmsSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
