// cinnox.ExternalContactSubscription: the external contact event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/external-contact-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type ExternalContactSubscriptionArgs = EventSubscriptionArgs;

/** The external contact event subscription of one Cinnox app (`…/external-contact-event-sub`); see `EventSubscription`. */
export class ExternalContactSubscription extends EventSubscription {
  constructor(name: string, args: ExternalContactSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
