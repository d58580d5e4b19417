// dialpad.Webhook: the resource class users declare; the work happens in provider/dialpad/webhook.ts,
// reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/webhook";
import { ArgsMatchSchema, resourceOptions, resourceProps } from "../resource";
import { thinProvider } from "../thin-provider";
import { DialpadId } from "./shared";

export interface WebhookArgs {
  /** The URL Dialpad POSTs events to: http or https, without user-info. Updated in place. */
  hookUrl: pulumi.Input<string>;
  /**
   * Secret Dialpad signs deliveries with (HS256 JWT, see `events.dialpad.verify`); one line. Always stored
   * as a secret. Absent: deliveries are plain JSON; removing it later removes the signature.
   */
  secret?: pulumi.Input<string>;
  /** Id of an existing webhook to take over instead of creating one: create GETs it, then PATCHes it to these inputs. */
  adoptId?: pulumi.Input<DialpadId>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<WebhookArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A Dialpad webhook (`/api/v2/webhooks`): where call and SMS subscriptions deliver events. Every property
 * updates in place (`PATCH /webhooks/{id}`); nothing replaces it. Needs `dialpad:apiKey`.
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** The URL Dialpad delivers to, as Dialpad holds it. */
  declare public readonly hookUrl: pulumi.Output<string>;
  /** The signature secret Dialpad holds (secret output); undefined when deliveries are unsigned. */
  declare public readonly secret: pulumi.Output<string | undefined>;
  /** The adopted webhook's id, when the resource was created by adoption. */
  declare public readonly adoptId: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "dialpad", "Webhook");
  }
}
