// /api/v2/subscriptions/{call,sms,contact,agent_status,changelog}: what each kind holds, its defaults and its filters.
import { ApiError } from "../errors";
import { groupKey } from "../store";
import type { Collection, DialpadContext } from "./collection";
import { renderSubscription } from "./render";
import { SubscriptionBodies, TargetIdInput, TargetType, targetOf, type SubscriptionKind, type Target, type SubscriptionRecord } from "./schemas";
import { applyTarget, parseBody, resolveEndpoint, targetChange } from "./validate";

/** api-facts: at most 100 subscriptions of one type per company. */
export const SUBSCRIPTION_QUOTA = 100;

type Of<K extends SubscriptionKind> = Extract<SubscriptionRecord, { kind: K }>;

/** Keeps the first occurrence of each state: the order carries no meaning, duplicates none either. */
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function endpoint(ctx: DialpadContext, body: Parameters<typeof resolveEndpoint>[2], current?: string): string | undefined {
  return resolveEndpoint(ctx.store, ctx.caller.companyId, body) ?? current;
}

function build(ctx: DialpadContext, kind: SubscriptionKind, id: string, raw: Record<string, unknown>): SubscriptionRecord {
  const base = { id, companyId: ctx.caller.companyId };
  switch (kind) {
    case "call": {
      const b = parseBody(SubscriptionBodies.call.create, raw);
      const rec: Of<"call"> = {
        kind, ...base, endpointId: endpoint(ctx, b), enabled: b.enabled ?? true,
        // Decision: call_states is optional in the spec; a subscription without states receives no events.
        call_states: unique(b.call_states ?? []), group_calls_only: b.group_calls_only ?? false,
      };
      return applyTarget(rec, targetChange(b, raw));
    }
    case "sms": {
      const b = parseBody(SubscriptionBodies.sms.create, raw);
      const rec: Of<"sms"> = {
        kind, ...base, endpointId: endpoint(ctx, b), enabled: b.enabled ?? true, direction: b.direction,
        include_internal: b.include_internal ?? false, status: b.status ?? false,
      };
      return applyTarget(rec, targetChange(b, raw));
    }
    case "contact": {
      const b = parseBody(SubscriptionBodies.contact.create, raw);
      return { kind, ...base, endpointId: endpoint(ctx, b), enabled: b.enabled ?? true, contact_type: b.contact_type };
    }
    case "agent_status": {
      const b = parseBody(SubscriptionBodies.agent_status.create, raw);
      return { kind, ...base, endpointId: endpoint(ctx, b), enabled: b.enabled ?? true, agent_type: b.agent_type };
    }
    case "changelog": {
      const b = parseBody(SubscriptionBodies.changelog.create, raw);
      return { kind, ...base, endpointId: endpoint(ctx, b), enabled: b.enabled ?? true };
    }
  }
}

function update(ctx: DialpadContext, rec: SubscriptionRecord, raw: Record<string, unknown>): SubscriptionRecord {
  switch (rec.kind) {
    case "call": {
      const b = parseBody(SubscriptionBodies.call.update, raw);
      const next: Of<"call"> = {
        ...rec, endpointId: endpoint(ctx, b, rec.endpointId), enabled: b.enabled ?? rec.enabled,
        call_states: b.call_states ? unique(b.call_states) : rec.call_states, group_calls_only: b.group_calls_only ?? rec.group_calls_only,
      };
      return applyTarget(next, targetChange(b, raw));
    }
    case "sms": {
      const b = parseBody(SubscriptionBodies.sms.update, raw);
      const next: Of<"sms"> = {
        ...rec, endpointId: endpoint(ctx, b, rec.endpointId), enabled: b.enabled ?? rec.enabled, direction: b.direction ?? rec.direction,
        include_internal: b.include_internal ?? rec.include_internal, status: b.status ?? rec.status,
      };
      return applyTarget(next, targetChange(b, raw));
    }
    case "contact": {
      const b = parseBody(SubscriptionBodies.contact.update, raw);
      return { ...rec, endpointId: endpoint(ctx, b, rec.endpointId), enabled: b.enabled ?? rec.enabled, contact_type: b.contact_type };
    }
    case "agent_status": {
      const b = parseBody(SubscriptionBodies.agent_status.update, raw);
      return { ...rec, endpointId: endpoint(ctx, b, rec.endpointId), enabled: b.enabled ?? rec.enabled, agent_type: b.agent_type ?? rec.agent_type };
    }
    case "changelog": {
      const b = parseBody(SubscriptionBodies.changelog.update, raw);
      return { ...rec, endpointId: endpoint(ctx, b, rec.endpointId), enabled: b.enabled ?? rec.enabled };
    }
  }
}

/** `target_type` / `target_id` query filters of the call and SMS lists; each filters on its own. */
export function targetFilter(query: URLSearchParams): (target: Target) => boolean {
  const rawType = query.get("target_type");
  const rawId = query.get("target_id");
  const type = rawType === null ? undefined : TargetType.safeParse(rawType);
  const id = rawId === null ? undefined : TargetIdInput.safeParse(rawId);
  if (type && !type.success) throw new ApiError(400, "target_type: invalid value");
  if (id && !id.success) throw new ApiError(400, "target_id: must be a positive integer");
  return (t) => (!type || t.target_type === type.data) && (!id || t.target_id === id.data);
}

function collection(kind: SubscriptionKind, noun: string): Collection<SubscriptionRecord> {
  return {
    noun,
    quota: SUBSCRIPTION_QUOTA,
    inCompany: (store, companyId) => store.subscriptions.group(groupKey(companyId, kind)),
    countInCompany: (store, companyId) => store.subscriptions.groupSize(groupKey(companyId, kind)),
    get: (store, id) => {
      const s = store.subscriptions.get(id);
      return s?.kind === kind ? s : undefined;
    },
    put: (store, rec) => void store.subscriptions.set(rec.id, rec),
    remove: (store, id) => void store.subscriptions.delete(id),
    build: (ctx, id, raw) => build(ctx, kind, id, raw),
    update,
    render: (ctx, rec) => renderSubscription(rec, ctx.store, ctx.req.host),
    filter: kind === "call" || kind === "sms" ? (query) => {
      const keep = targetFilter(query);
      return (rec) => keep(targetOf(rec));
    } : undefined,
  };
}

export const subscriptionCollections: Record<SubscriptionKind, Collection<SubscriptionRecord>> = {
  call: collection("call", "call subscription"),
  sms: collection("sms", "SMS subscription"),
  contact: collection("contact", "contact subscription"),
  agent_status: collection("agent_status", "agent status subscription"),
  changelog: collection("changelog", "changelog subscription"),
};
