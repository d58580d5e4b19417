// dialpad.ChangelogSubscription: the resource class users declare; the work happens in
// provider/dialpad/changelog-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/changelog-subscription";
import type { ArgsMatchSchema } from "../resource";
import { Subscription } from "./subscription";
import { DialpadId, EndpointArgs } from "./shared";

export interface ChangelogSubscriptionArgs extends EndpointArgs {
  /** Default true. false keeps the subscription but sends nothing. */
  enabled?: pulumi.Input<boolean>;
  /** Id of an existing change-log subscription to take over instead of creating one (GET, then PATCH to these inputs). */
  adoptId?: pulumi.Input<DialpadId>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<ChangelogSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A Dialpad change-log event subscription (`/api/v2/subscriptions/changelog`). Every property updates in
 * place (`PATCH /subscriptions/changelog/{id}`); nothing replaces it. Needs `dialpad:apiKey`.
 */
export class ChangelogSubscription extends Subscription {
  constructor(name: string, args: ChangelogSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
