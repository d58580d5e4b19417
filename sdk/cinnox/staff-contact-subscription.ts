// cinnox.StaffContactSubscription: the staff contact event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/staff-contact-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type StaffContactSubscriptionArgs = EventSubscriptionArgs;

/** The staff contact event subscription of one Cinnox app (`…/staff-contact-event-sub`); see `EventSubscription`. */
export class StaffContactSubscription extends EventSubscription {
  constructor(name: string, args: StaffContactSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
