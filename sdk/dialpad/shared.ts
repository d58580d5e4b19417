// What the Dialpad resource classes share: endpoint and target arguments and the vendor's enums as types
// (derived from the provider's lists, which a contract test keeps equal to Dialpad's OpenAPI file).
import type * as pulumi from "@pulumi/pulumi";
export type { TargetType, CallState, SmsDirection, ContactType, AgentType } from "../../provider/dialpad/enums";
import type { TargetType } from "../../provider/dialpad/enums";

/** A Dialpad id: Dialpad answers strings; numbers are accepted and normalised to decimal strings. */
export type DialpadId = string | number;

/** Where events of a subscription go: exactly one of the two. */
export interface EndpointArgs {
  /** Id of the `dialpad.Webhook` events are delivered to (e.g. `hook.id`). Give this or `websocketId`. */
  webhookId?: pulumi.Input<DialpadId>;
  /** Id of a Dialpad websocket events are delivered to instead of a webhook. Give this or `webhookId`. */
  websocketId?: pulumi.Input<DialpadId>;
}

/** Limits a subscription to one target; both or neither. */
export interface TargetArgs {
  /** Kind of target whose events are sent (office, department, user, callcenter, ...); requires `targetId`. Absent: the whole company. */
  targetType?: pulumi.Input<TargetType>;
  /** Id of that target (positive integer); requires `targetType`. */
  targetId?: pulumi.Input<DialpadId>;
}

