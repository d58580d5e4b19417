// cinnox.LabelSubscription: the label event subscription of one Cinnox app (see ./event-subscription).
import type * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/label-subscription";
import { EventSubscription, type EventSubscriptionArgs } from "./event-subscription";

export type LabelSubscriptionArgs = EventSubscriptionArgs;

/** The label event subscription of one Cinnox app (`…/label-event-sub`); see `EventSubscription`. */
export class LabelSubscription extends EventSubscription {
  constructor(name: string, args: LabelSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
