// What the Dialpad resources share: the vendor's enums, the endpoint and target fields with their rules,
// their mapping to and from the API, and the search that adopts the object a lost create made.
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { CrossRule, Props, changedProperties } from "../controller";
import { idForApi, positiveId } from "../fields";
import type { DialpadCollection } from "./client";
import { NotFoundError } from "../http";

// From Dialpad's OpenAPI file (spec/dialpad-openapi.json).
export const TARGET_TYPES = [
  "callcenter", "callrouter", "channel", "coachinggroup", "coachingteam", "department",
  "office", "room", "staffgroup", "unknown", "user",
] as const;
export const CALL_STATES = [
  "admin", "admin_recording", "ai_playbook", "all", "barge", "blocked", "call_transcription", "calling",
  "connected", "csat", "dispositions", "eavesdrop", "hangup", "hold", "merged", "missed", "monitor", "parked",
  "pcsat", "postcall", "preanswer", "queued", "recap_action_items", "recap_outcome", "recap_purposes",
  "recap_summary", "recording", "ringing", "takeover", "transcription", "voicemail", "voicemail_uploaded",
] as const;
export const SMS_DIRECTIONS = ["all", "inbound", "outbound"] as const;

export const targetFields = {
  targetType: z.enum(TARGET_TYPES).optional(),
  targetId: positiveId().optional(),
};

export const endpointFields = {
  webhookId: positiveId().optional(),
  websocketId: positiveId().optional(),
};

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

/** The API's target and embedded endpoint, in input names. */
export function targetAndEndpointFromProto(p: {
  target_type?: string | null; target_id?: string | null; webhook?: { id: string } | null; websocket?: { id: string } | null;
}): Props {
  return {
    targetType: p.target_type ?? undefined,
    targetId: p.target_id ?? undefined,
    webhookId: p.webhook?.id ?? undefined,
    websocketId: p.websocket?.id ?? undefined,
  };
}

/**
 * The object a lost create most likely made: among `items` whose properties equal what was sent, the
 * one with the highest id (Dialpad ids grow), or undefined.
 */
export function newestMatch<P extends { id: string }>(items: P[], toProps: (p: P) => Props, sent: Props, keys: readonly string[]): P | undefined {
  const matches = items.filter((p) => changedProperties(keys, toProps(p), sent).length === 0);
  return matches.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : 1)).pop();
}

/** Runs the GET of an adoption; a missing object is a clear error rather than a silent create. */
export async function adoptable<T>(get: () => Promise<T>, adoptId: string): Promise<T> {
  try {
    return await get();
  } catch (err) {
    if (err instanceof NotFoundError) throw new Error(`adoptId ${adoptId}: no such object to adopt (${err.message})`, { cause: err });
    throw err;
  }
}

/**
 * create/read/update/delete of a resource kept in a Dialpad collection with server-made ids: create POSTs
 * (adopting what a lost answer created) or, with `adoptId`, GETs then PATCHes that object; update is one
 * PATCH of the declared state.
 */
export function collectionLifecycle<P extends { id: string }, I extends { adoptId?: string }, B>(o: {
  api: () => DialpadCollection<P, B>;
  fromProto: (p: P) => Props;
  createBody: (inputs: I) => B;
  updateBody: (inputs: I) => B;
  /** Properties compared to recognise the object a lost create made. */
  compared: readonly string[];
}) {
  return {
    async create(inputs: I): Promise<{ id: string; outs: Props }> {
      const api = o.api();
      const { adoptId } = inputs;
      const p =
        adoptId !== undefined
          ? await adoptable(() => api.get(adoptId), adoptId).then(() => api.update(adoptId, o.updateBody(inputs)))
          : await api.create(o.createBody(inputs), async () => newestMatch(await api.list(), o.fromProto, inputs, o.compared));
      return { id: p.id, outs: o.fromProto(p) };
    },
    read: async (id: string) => o.fromProto(await o.api().get(id)),
    update: async (id: string, _olds: Props, news: I) => o.fromProto(await o.api().update(id, o.updateBody(news))),
    delete: async (id: string) => void (await o.api().delete(id)),
  };
}
