// cinnox.EnquirySubscription: the enquiry event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/enquiry-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type EnquirySubscriptionArgs = EventSubscriptionArgs;

/** The enquiry event subscription of one Cinnox app (`…/inquiry-event-sub`); see `EventSubscription`. */
export class EnquirySubscription extends EventSubscription {
  constructor(name: string, args: EnquirySubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
