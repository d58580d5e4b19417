// dialpad.LegacySmsEventSubscription: the resource class users declare; the work happens in
// provider/dialpad/legacy-sms-event-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/legacy-sms-event-subscription";
import { ArgsMatchSchema, resourceOptions, resourceProps } from "../resource";
import { thinProvider } from "../thin-provider";
import { SmsDirection, TargetArgs, TargetType } from "./shared";

export interface LegacySmsEventSubscriptionArgs extends TargetArgs {
  /** The id you choose for the subscription (the "hook id"): one line, no "/", at most 200 characters. Changing it replaces the resource. */
  hookId: pulumi.Input<string>;
  /** The URL Dialpad POSTs SMS events to: http or https, without user-info. */
  url: pulumi.Input<string>;
  /** Which messages: `"inbound"`, `"outbound"` or `"all"`. */
  direction: pulumi.Input<SmsDirection>;
  /** Default true. */
  enabled?: pulumi.Input<boolean>;
  /** Secret Dialpad signs deliveries with (HS256 JWT); one line. Always stored as a secret. */
  secret?: pulumi.Input<string>;
  /**
   * Default false: creating over a hook id that already exists fails, because Dialpad's PUT would silently
   * overwrite someone else's subscription. true takes the existing subscription over.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<LegacySmsEventSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * An SMS subscription of Dialpad's archived event-subscription API (`/api/v2/event-subscriptions/sms/{hookId}`),
 * for companies whose subscriptions were made with it (the v2 subscription API cannot see them). Updates are
 * one `PUT` of the whole declared state; changing `hookId` replaces the resource. Needs `dialpad:apiKey`.
 */
export class LegacySmsEventSubscription extends pulumi.dynamic.Resource {
  /** Equal to the resource id. */
  declare public readonly hookId: pulumi.Output<string>;
  declare public readonly url: pulumi.Output<string>;
  declare public readonly direction: pulumi.Output<SmsDirection>;
  declare public readonly enabled: pulumi.Output<boolean>;
  /** The signature secret Dialpad holds (secret output). */
  declare public readonly secret: pulumi.Output<string | undefined>;
  declare public readonly targetType: pulumi.Output<TargetType | undefined>;
  declare public readonly targetId: pulumi.Output<string | undefined>;
  declare public readonly adoptExisting: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: LegacySmsEventSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "dialpad", "LegacySmsEventSubscription");
  }
}
