// What the Dialpad resource classes share: endpoint and target arguments, the vendor's enums as types
// (derived from the provider's lists), and the secret handling of `secret` inputs and outputs.
import * as pulumi from "@pulumi/pulumi";
import type { SMS_DIRECTIONS, TARGET_TYPES } from "../../provider/dialpad/common";
export type { SameKeys } from "../same-keys";

/** Marks a plain-string secret input as secret, so it never reaches the state or a preview in clear text. */
export function secretInput(value: pulumi.Input<string> | undefined): pulumi.Input<string> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

/** The caller's options plus `secret` as a secret output (the signature secret Dialpad answers). */
export function withSecretOutputs(opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "secret"] };
}

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

export type TargetType = (typeof TARGET_TYPES)[number];

export type SmsDirection = (typeof SMS_DIRECTIONS)[number];
