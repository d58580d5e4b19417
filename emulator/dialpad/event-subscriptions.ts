// Legacy /api/v2/event-subscriptions/{sms,call}/{id} (archived 2022): the caller chooses the id; PUT creates or overwrites.
import { ApiError } from "../errors";
import { json, objectBody, type EmulatorResponse } from "../http";
import { groupKey, legacyKey } from "../store";
import type { DialpadContext } from "./collection";
import { compareStrings, paginate } from "./pagination";
import { renderLegacy } from "./render";
import { LegacyBodies, targetOf, type LegacyKind, type LegacyRecord } from "./schemas";
import { targetFilter } from "./subscriptions";
import { applyTarget, parseBody, targetChange } from "./validate";

/** The hook id is free text chosen by the caller; keep it to something that fits a URL segment and a log line. */
function hookId(raw: string | undefined): string {
  let id: string;
  try {
    id = decodeURIComponent(raw ?? "");
  } catch {
    throw new ApiError(400, "invalid id");
  }
  if (id === "" || id.length > 200 || [...id].some((ch) => ch.charCodeAt(0) < 0x20)) throw new ApiError(400, "invalid id");
  return id;
}

function find(ctx: DialpadContext, kind: LegacyKind, raw: string | undefined): LegacyRecord {
  const id = hookId(raw);
  const rec = ctx.store.eventSubscriptions.get(legacyKey(ctx.caller.companyId, kind, id));
  if (!rec) throw new ApiError(404, `${kind} event subscription ${id} not found`);
  return rec;
}

export function listLegacy(ctx: DialpadContext, kind: LegacyKind): EmulatorResponse {
  const keep = targetFilter(ctx.req.query);
  const mine = [...ctx.store.eventSubscriptions.group(groupKey(ctx.caller.companyId, kind))]
    .filter((e) => keep(targetOf(e)))
    .sort((a, b) => compareStrings(a.id, b.id));
  const page = paginate(mine, (e) => e.id, compareStrings, ctx.req.query);
  const items = page.items.map(renderLegacy);
  return json(page.cursor === undefined ? { items } : { items, cursor: page.cursor });
}

export function getLegacy(ctx: DialpadContext, kind: LegacyKind, id: string | undefined): EmulatorResponse {
  return json(renderLegacy(find(ctx, kind, id)));
}

/** PUT replaces the whole object: fields left out take their defaults, as the archived API's create-or-update did. */
export function putLegacy(ctx: DialpadContext, kind: LegacyKind, rawId: string | undefined): EmulatorResponse {
  const id = hookId(rawId);
  const raw = objectBody(ctx.req);
  // A PUT over an existing id is an update: it keeps whether the object was created out of band.
  const existing = ctx.store.eventSubscriptions.get(legacyKey(ctx.caller.companyId, kind, id));
  const created = existing ? existing.outOfBand : ctx.req.outOfBand ? (true as const) : undefined;
  const base = { id, companyId: ctx.caller.companyId, ...(created ? { outOfBand: created } : {}) };
  let rec: LegacyRecord;
  if (kind === "sms") {
    const b = parseBody(LegacyBodies.sms, raw);
    const sms: Extract<LegacyRecord, { kind: "sms" }> = {
      kind, ...base, url: b.url, direction: b.direction, enabled: b.enabled ?? true, ...(b.secret ? { secret: b.secret } : {}),
    };
    rec = applyTarget(sms, targetChange(b, raw));
  } else {
    const b = parseBody(LegacyBodies.call, raw);
    const call: Extract<LegacyRecord, { kind: "call" }> = {
      kind, ...base, url: b.url, enabled: b.enabled ?? true, call_states: [...new Set(b.call_states ?? [])],
      group_calls_only: b.group_calls_only ?? false, ...(b.secret ? { secret: b.secret } : {}),
    };
    rec = applyTarget(call, targetChange(b, raw));
  }
  ctx.store.eventSubscriptions.set(legacyKey(ctx.caller.companyId, kind, id), rec);
  ctx.store.commit();
  return json(renderLegacy(rec));
}

export function deleteLegacy(ctx: DialpadContext, kind: LegacyKind, id: string | undefined): EmulatorResponse {
  const rec = find(ctx, kind, id);
  ctx.store.eventSubscriptions.delete(legacyKey(rec.companyId, kind, rec.id));
  ctx.store.commit();
  return json(renderLegacy(rec));
}
