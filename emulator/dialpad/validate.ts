// Body validation shared by every Dialpad route: zod parsing into 400s, the target pair rule, endpoint links, path ids.
import type { z } from "zod";
import { ApiError } from "../errors";
import type { Store } from "../store";
import type { TargetType } from "./schemas";

/** Parses `body` with `schema`, or throws a 400 whose message names the first offending field. */
export function parseBody<S extends z.ZodType>(schema: S, body: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "body";
  const top = issue?.path[0];
  const missing = issue !== undefined && issue.path.length === 1 && typeof top === "string" && body[top] === undefined;
  throw new ApiError(400, missing ? `${field} is required` : `${field}: ${issue?.message ?? "invalid value"}`);
}

export type TargetChange =
  | { kind: "unchanged" }
  | { kind: "clear" }
  | { kind: "set"; target_type: TargetType; target_id: number };

/** target_type and target_id go together: both given, both null (clears them), or both absent. */
export function targetChange(body: { target_type?: TargetType | null; target_id?: number | null }, raw: Record<string, unknown>): TargetChange {
  const tt = body.target_type ?? undefined;
  const ti = body.target_id ?? undefined;
  if ((tt === undefined) !== (ti === undefined)) throw new ApiError(400, "target_type and target_id must be given together");
  if (tt !== undefined && ti !== undefined) return { kind: "set", target_type: tt, target_id: ti };
  return raw.target_type === null || raw.target_id === null ? { kind: "clear" } : { kind: "unchanged" };
}

export function applyTarget<T extends { target_type?: TargetType; target_id?: number }>(rec: T, change: TargetChange): T {
  if (change.kind === "unchanged") return rec;
  const { target_type: _tt, target_id: _ti, ...rest } = rec;
  return (change.kind === "clear" ? rest : { ...rest, target_type: change.target_type, target_id: change.target_id }) as T;
}

/**
 * The webhook or websocket a subscription links to. `endpoint_id`, `webhook_id` and `websocket_id` are synonyms;
 * an id that names no endpoint of this company is a 400 (api-facts).
 */
export function resolveEndpoint(
  store: Store,
  companyId: string,
  body: { endpoint_id?: string | null; webhook_id?: string | null; websocket_id?: string | null },
): string | undefined {
  const given = [body.endpoint_id, body.webhook_id, body.websocket_id].filter((v): v is string => typeof v === "string");
  if (given.length === 0) return undefined;
  if (new Set(given).size > 1) throw new ApiError(400, "endpoint_id, webhook_id and websocket_id disagree");
  const id = given[0] as string;
  const owner = store.webhooks.get(id)?.companyId ?? store.websockets.get(id)?.companyId;
  if (owner !== companyId) throw new ApiError(400, `endpoint_id ${id} does not match a webhook or websocket of this company`);
  return id;
}

/** Path ids are int64 in the spec: anything else is a 400. */
export function pathId(raw: string | undefined): string {
  if (raw === undefined || !/^[1-9]\d{0,18}$/.test(raw)) throw new ApiError(400, "id must be a positive integer");
  return raw;
}
