// cinnox.EnquiryLabelSubscription: the enquiry label event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/enquiry-label-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type EnquiryLabelSubscriptionArgs = EventSubscriptionArgs;

/** The enquiry label event subscription of one Cinnox app (`…/inquiry-label-event-sub`); see `EventSubscription`. */
export class EnquiryLabelSubscription extends EventSubscription {
  constructor(name: string, args: EnquiryLabelSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
