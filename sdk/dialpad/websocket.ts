// dialpad.Websocket: the resource class users declare; the work happens in provider/dialpad/websocket.ts,
// reached through the thin serialized provider.
import * as pulumi from "@pulumi/pulumi";
import { definition } from "../../provider/dialpad/websocket";
import { ArgsMatchSchema, resourceOptions, resourceProps } from "../resource";
import { thinProvider } from "../thin-provider";
import { DialpadId } from "./shared";

export interface WebsocketArgs {
  /**
   * Secret Dialpad signs the events it streams with (HS256 JWT); one line. Always stored as a secret.
   * Absent: events are plain JSON; removing it later removes the signature.
   */
  secret?: pulumi.Input<string>;
  /** Id of an existing websocket to take over instead of creating one: create GETs it, then PATCHes it to these inputs. */
  adoptId?: pulumi.Input<DialpadId>;
}

// Args is the schema's input type, property by property (types and optionality): checked by the compiler.
const argsMatchSchema: ArgsMatchSchema<WebsocketArgs, typeof definition.inputs> = true;
void argsMatchSchema;

/**
 * A Dialpad websocket (`/api/v2/websockets`): an endpoint subscriptions can stream events to instead of a
 * webhook (`websocketId: ws.id`). `secret` updates in place (`PATCH /websockets/{id}`); nothing replaces it.
 * Needs `dialpad:apiKey`.
 */
export class Websocket extends pulumi.dynamic.Resource {
  /** The signature secret Dialpad holds (secret output); undefined when events are unsigned. */
  declare public readonly secret: pulumi.Output<string | undefined>;
  /**
   * The `wss://…/events/<token>` URL Dialpad gave at the last create or update (secret output: the token lets
   * anyone connect). It expires after an hour, so a program must not connect with it later: ask Dialpad for a
   * fresh one (`GET /api/v2/websockets/{id}`) when connecting. Refresh keeps it as recorded: never a diff or drift.
   */
  declare public readonly websocketUrl: pulumi.Output<string | undefined>;
  /** The adopted websocket's id, when the resource was created by adoption. */
  declare public readonly adoptId: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebsocketArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(thinProvider(definition.kind), name, resourceProps(definition, args), resourceOptions(definition, opts), "dialpad", "Websocket");
  }
}
