// dialpad.ContactSubscription: the resource class users declare; the work happens in
// provider/dialpad/contact-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/contact-subscription";
import type { ArgsMatchSchema } from "../resource";
import { Subscription } from "./subscription";
import { ContactType, DialpadId, EndpointArgs } from "./shared";

export type { ContactType };

export interface ContactSubscriptionArgs extends EndpointArgs {
  /** Which contacts' events: `"local"` (a user's own contacts) or `"shared"` (the company's). */
  contactType: pulumi.Input<ContactType>;
  /** Default true. false keeps the subscription but sends nothing. */
  enabled?: pulumi.Input<boolean>;
  /** Id of an existing contact subscription to take over instead of creating one (GET, then PATCH to these inputs). */
  adoptId?: pulumi.Input<DialpadId>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<ContactSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A Dialpad contact event subscription (`/api/v2/subscriptions/contact`). Every property updates in place
 * (`PATCH /subscriptions/contact/{id}`); nothing replaces it. Needs `dialpad:apiKey`.
 */
export class ContactSubscription extends Subscription {
  declare public readonly contactType: pulumi.Output<ContactType>;

  constructor(name: string, args: ContactSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(definition, name, args, opts);
  }
}
