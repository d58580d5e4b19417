// cinnox.InboundSmsSubscription: the resource class users declare; the work happens in
// provider/cinnox/inbound-sms-subscription.ts, reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/cinnox/inbound-sms-subscription";
import { ArgsMatchSchema, resourceOptions, resourceProps } from "../resource";
import { thinProvider } from "../thin-provider";

export interface InboundSmsSubscriptionArgs {
  /**
   * The Cinnox app (App ID from the Cinnox dashboard) whose inbound SMS are delivered. Not empty.
   * Changing it replaces the resource: the old app's subscription is disabled, then the new app is subscribed.
   */
  appId: pulumi.Input<string>;
  /**
   * Where Cinnox POSTs inbound-SMS notifications: an http or https URL without user-info. Cinnox verifies it
   * when it is set: it POSTs `{"challenge": "<string>"}` and the receiver must answer
   * `{"code": 0, "result": {"challenge": "<the same string>"}}` within 5 s (`events.cinnox.challengeResponse`
   * builds that answer), so deploy the receiver first.
   */
  url: pulumi.Input<string>;
  /** Default true. false keeps the resource but removes the subscription at Cinnox (no deliveries). */
  enabled?: pulumi.Input<boolean>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<InboundSmsSubscriptionArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * The inbound-SMS event subscription of one Cinnox app, set with
 * `PATCH {cinnox:baseUrl}/v1/api/apps/{appId}/inbound-sms-event-sub`; destroying it sends the same PATCH
 * with `enabled: false`. Needs `cinnox:appToken` (secret) and `cinnox:baseUrl` in the stack config, or
 * `CINNOX_APP_TOKEN` and `CINNOX_BASE_URL` in the environment.
 *
 * Refresh: Cinnox has no read endpoint for this subscription, so `pulumi refresh` keeps the recorded state
 * unchanged (and prints a note saying so); it cannot detect a change made in the Cinnox dashboard.
 *
 * Replacements delete before they create (`deleteBeforeReplace` defaults to true): with create-before-delete,
 * replacing a subscription that keeps its app would end with that app disabled.
 *
 * One subscription per app: two resources (in one stack or in several) with the same `appId` overwrite each
 * other (the last `pulumi up` wins), and destroying either one disables the app's subscription for both.
 */
export class InboundSmsSubscription extends pulumi.dynamic.Resource {
  /** The Cinnox app id; also the resource id. */
  declare public readonly appId: pulumi.Output<string>;
  /** The URL Cinnox delivers to, as Cinnox confirmed it. */
  declare public readonly url: pulumi.Output<string>;
  /** Whether the subscription is on at Cinnox. */
  declare public readonly enabled: pulumi.Output<boolean>;
  /** RFC 3339 time of Cinnox's last change to the subscription (from its answer to the last PATCH). */
  declare public readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: InboundSmsSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "cinnox", "InboundSmsSubscription");
  }
}
