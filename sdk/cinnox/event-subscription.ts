// What every Cinnox event-subscription class shares: the arguments, the outputs, and the construction from
// the kind's definition. Each class (inbound SMS, outbound SMS, call, ...) names only its kind.
import * as pulumi from "@pulumi/pulumi";
import type { eventSubscriptionInputs } from "../../provider/cinnox/event-subscription";
import type { KindDefinition } from "../../provider/kind";
import { ArgsMatchSchema, resourceOptions, resourceProps } from "../resource";
import { thinProvider, type ResourceKind } from "../thin-provider";

export interface EventSubscriptionArgs {
  /**
   * The Cinnox app (App ID from the Cinnox dashboard) whose events are delivered. Not empty, one line, no
   * "/", "?", "#" or "%". Changing it replaces the resource: the old app's subscription is disabled, then the
   * new app is subscribed.
   */
  appId: pulumi.Input<string>;
  /**
   * Where Cinnox POSTs the notifications: an http or https URL without user-info. Cinnox verifies it when it
   * is set: it POSTs `{"challenge": "<string>"}` and the receiver must answer
   * `{"code": 0, "result": {"challenge": "<the same string>"}}` within 5 s (`events.cinnox.challengeResponse`
   * builds that answer; `events.createHandler` does it for you), so deploy the receiver first.
   */
  url: pulumi.Input<string>;
  /** Default true. false keeps the resource but removes the subscription at Cinnox (no deliveries). */
  enabled?: pulumi.Input<boolean>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<EventSubscriptionArgs, typeof eventSubscriptionInputs> = true;
void argsMatchSchema;

/**
 * One Cinnox event subscription of one app, set with `PATCH {cinnox:baseUrl}/v1/api/apps/{appId}/<event>-event-sub`;
 * destroying it sends the same PATCH with `enabled: false`. Needs `cinnox:appToken` (secret) and `cinnox:baseUrl`.
 *
 * Refresh: Cinnox has no read endpoint for event subscriptions, so `pulumi refresh` keeps the recorded state
 * (and says so); it cannot detect a change made in the Cinnox dashboard. Replacements delete before they create.
 * One subscription per app and event: two resources of the same class with the same `appId` overwrite each
 * other (the last `pulumi up` wins). Subscriptions to different events of one app are independent.
 */
export abstract class EventSubscription extends pulumi.dynamic.Resource {
  /** The Cinnox app id; also the resource id. */
  declare public readonly appId: pulumi.Output<string>;
  /** The URL Cinnox delivers to, as Cinnox confirmed it. */
  declare public readonly url: pulumi.Output<string>;
  /** Whether the subscription is on at Cinnox. */
  declare public readonly enabled: pulumi.Output<boolean>;
  /** RFC 3339 time of Cinnox's last change to the subscription (from its answer to the last PATCH). */
  declare public readonly updatedAt: pulumi.Output<string | undefined>;

  protected constructor(
    definition: KindDefinition & { kind: ResourceKind },
    name: string,
    args: EventSubscriptionArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "cinnox", definition.kind.replace(/^cinnox:/, ""));
  }
}
