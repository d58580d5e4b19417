// cinnox.ContactSubscription: the contact event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/contact-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type ContactSubscriptionArgs = EventSubscriptionArgs;

/** The contact event subscription of one Cinnox app (`…/contact-event-sub`); see `EventSubscription`. */
export class ContactSubscription extends EventSubscription {
  constructor(name: string, args: ContactSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
