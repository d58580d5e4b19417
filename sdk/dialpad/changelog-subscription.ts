// dialpad.ChangelogSubscription: the resource class users declare; the work happens in
// provider/dialpad/changelog-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/changelog-subscription";
import { ArgsMatchSchema, resourceOptions, resourceProps } from "../resource";
import { thinProvider } from "../thin-provider";
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
export class ChangelogSubscription extends pulumi.dynamic.Resource {
  declare public readonly webhookId: pulumi.Output<string | undefined>;
  declare public readonly websocketId: pulumi.Output<string | undefined>;
  declare public readonly enabled: pulumi.Output<boolean>;
  declare public readonly adoptId: pulumi.Output<string | undefined>;

  constructor(name: string, args: ChangelogSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "dialpad", "ChangelogSubscription");
  }
}
