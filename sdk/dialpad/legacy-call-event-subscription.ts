// dialpad.LegacyCallEventSubscription: the resource class users declare; the work happens in
// provider/dialpad/legacy-call-event-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/legacy-call-event-subscription";
import { ArgsMatchSchema, resourceOptions, resourceProps } from "../resource";
import { thinProvider } from "../thin-provider";
import { CallState, TargetArgs, TargetType } from "./shared";

export interface LegacyCallEventSubscriptionArgs extends TargetArgs {
  /** The id you choose for the subscription (the "hook id"): one line, no "/", "?", "#", "%", at most 200 characters. Changing it replaces the resource. */
  hookId: pulumi.Input<string>;
  /** The URL Dialpad POSTs call events to: http or https, without user-info. */
  url: pulumi.Input<string>;
  /** Call states whose events are sent (`"all"` for every one). A set: order and repeats do not matter. At least one. */
  callStates: pulumi.Input<pulumi.Input<CallState>[]>;
  /** Default true. */
  enabled?: pulumi.Input<boolean>;
  /** Default false. true sends events of group calls (call centers, departments, ...) only. */
  groupCallsOnly?: pulumi.Input<boolean>;
  /** Secret Dialpad signs deliveries with (HS256 JWT); one line. Always stored as a secret. */
  secret?: pulumi.Input<string>;
  /**
   * Default false: creating over a hook id that already exists fails, because Dialpad's PUT would silently
   * overwrite someone else's subscription. true takes the existing subscription over.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<LegacyCallEventSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A call subscription of Dialpad's archived event-subscription API (`/api/v2/event-subscriptions/call/{hookId}`),
 * for companies whose subscriptions were made with it (the v2 subscription API cannot see them). Updates are
 * one `PUT` of the whole declared state; changing `hookId` replaces the resource. Needs `dialpad:apiKey`.
 */
export class LegacyCallEventSubscription extends pulumi.dynamic.Resource {
  /** Equal to the resource id. */
  declare public readonly hookId: pulumi.Output<string>;
  declare public readonly url: pulumi.Output<string>;
  /** Sorted and de-duplicated. */
  declare public readonly callStates: pulumi.Output<CallState[]>;
  declare public readonly enabled: pulumi.Output<boolean>;
  declare public readonly groupCallsOnly: pulumi.Output<boolean>;
  /** The signature secret Dialpad holds (secret output). */
  declare public readonly secret: pulumi.Output<string | undefined>;
  declare public readonly targetType: pulumi.Output<TargetType | undefined>;
  declare public readonly targetId: pulumi.Output<string | undefined>;
  declare public readonly adoptExisting: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: LegacyCallEventSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "dialpad", "LegacyCallEventSubscription");
  }
}
