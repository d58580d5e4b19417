// The input fields Dialpad subscriptions share (where events go, which target they cover), their
// cross-property rules, and their mapping to and from the API's bodies.
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import type { CrossRule, Props } from "../controller";
import { idForApi, positiveId, sortedSet } from "../fields";
import { CALL_STATES, TARGET_TYPES } from "./enums";
import type { EndpointLinks, TargetWire } from "./wire";

export const targetFields = {
  targetType: z.enum(TARGET_TYPES).optional(),
  targetId: positiveId().optional(),
};

export const endpointFields = {
  webhookId: positiveId().optional(),
  websocketId: positiveId().optional(),
};

/**
 * The call states a subscription delivers (a set). "all" already means every state, so naming it beside
 * others says two different things at once: refused rather than guessed.
 */
export const callStatesField = () =>
  sortedSet(z.enum(CALL_STATES)).refine((states) => !(states.includes("all") && states.length > 1), {
    error: '"all" already covers every call state: give it alone, or list the states without it',
  });

interface Target { targetType?: string; targetId?: string }
interface Endpoint { webhookId?: string; websocketId?: string }

/** targetType and targetId go together; the failure names the one missing. */
export const targetRule: CrossRule<Target> = {
  involves: ["targetType", "targetId"],
  test(v): CheckFailure[] {
    if (v.targetType !== undefined && v.targetId === undefined) return [{ property: "targetId", reason: "is required when targetType is set" }];
    if (v.targetId !== undefined && v.targetType === undefined) return [{ property: "targetType", reason: "is required when targetId is set" }];
    return [];
  },
};

/** A subscription delivers to exactly one webhook or websocket. */
export const endpointRule: CrossRule<Endpoint> = {
  involves: ["webhookId", "websocketId"],
  test(v): CheckFailure[] {
    if (v.webhookId !== undefined && v.websocketId !== undefined) {
      return [{ property: "websocketId", reason: "give webhookId or websocketId, not both" }];
    }
    if (v.webhookId === undefined && v.websocketId === undefined) {
      return [{ property: "webhookId", reason: "is required (or websocketId)" }];
    }
    return [];
  },
};

/** Target fields for a body: both set, or both null, which clears a target set before (PATCH/PUT). */
export function targetBody(v: Target): { target_type: string | null; target_id: number | string | null } {
  return v.targetType !== undefined && v.targetId !== undefined
    ? { target_type: v.targetType, target_id: idForApi(v.targetId) }
    : { target_type: null, target_id: null };
}

/** Target fields for a create body: only when set. */
export function targetCreateBody(v: Target): { target_type?: string; target_id?: number | string } {
  return v.targetType !== undefined && v.targetId !== undefined ? { target_type: v.targetType, target_id: idForApi(v.targetId) } : {};
}

export function endpointBody(v: Endpoint): { webhook_id?: number | string; websocket_id?: number | string } {
  return v.webhookId !== undefined ? { webhook_id: idForApi(v.webhookId) } : v.websocketId !== undefined ? { websocket_id: idForApi(v.websocketId) } : {};
}

/** The API's target, in input names. */
export function targetFromProto(p: TargetWire): Props {
  return { targetType: p.target_type ?? undefined, targetId: p.target_id ?? undefined };
}

/** The API's embedded webhook or websocket, in input names. */
export function endpointFromProto(p: EndpointLinks): Props {
  return { webhookId: p.webhook?.id ?? undefined, websocketId: p.websocket?.id ?? undefined };
}
