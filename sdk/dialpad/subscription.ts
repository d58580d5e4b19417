// What every Dialpad v2 subscription class shares: where it delivers (a webhook or a websocket), `enabled`,
// adoption, and the construction from the kind's definition. Each class adds its own properties.
import * as pulumi from "@pulumi/pulumi";
import type { KindDefinition } from "../../provider/kind";
import { resourceOptions, resourceProps } from "../resource";
import { thinProvider, type ResourceKind } from "../thin-provider";

export abstract class Subscription extends pulumi.dynamic.Resource {
  /** The webhook events are delivered to, when it is a webhook. */
  declare public readonly webhookId: pulumi.Output<string | undefined>;
  /** The websocket events are streamed to, when it is a websocket. */
  declare public readonly websocketId: pulumi.Output<string | undefined>;
  declare public readonly enabled: pulumi.Output<boolean>;
  /** The adopted subscription's id, when the resource was created by adoption. */
  declare public readonly adoptId: pulumi.Output<string | undefined>;

  protected constructor(definition: KindDefinition & { kind: ResourceKind }, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "dialpad", definition.kind.replace(/^dialpad:/, ""));
  }
}
