// Dialpad API v2 router: auth, route matching, rate limits, then the collection operations; errors in Dialpad's shape.
import { ApiError } from "../errors";
import type { EmulatorRequest, EmulatorResponse } from "../http";
import { dialpadLimits } from "../rate-limit";
import type { Runtime } from "../runtime";
import { authenticate, type DialpadCaller } from "./auth";
import { createOp, deleteOp, getOp, listOp, updateOp, type Collection, type DialpadContext, type Owned } from "./collection";
import { deleteLegacy, getLegacy, listLegacy, putLegacy } from "./event-subscriptions";
import { LegacyKind, SubscriptionKind } from "./schemas";
import { subscriptionCollections } from "./subscriptions";
import { webhooks, websockets } from "./webhooks";

/** Dialpad's error body: `{"error": {"code": <status>, "message": "..."}}`. */
export function dialpadError(status: number, message: string, retryAfter?: number | null): EmulatorResponse {
  return {
    status,
    body: { error: { code: status, message } },
    ...(retryAfter != null ? { headers: { "Retry-After": String(retryAfter) } } : {}),
  };
}

type Operation = (ctx: DialpadContext) => Promise<EmulatorResponse> | EmulatorResponse;
interface Matched { template: string; methods: Record<string, Operation> }

// `collections` holds generic webhooks, websockets and typed subscriptions; erase the record type at this one seam.
const collections = new Map<string, Collection<Owned>>([
  ["webhooks", webhooks as unknown as Collection<Owned>],
  ["websockets", websockets as unknown as Collection<Owned>],
  ...SubscriptionKind.options.map((k): [string, Collection<Owned>] => [`subscriptions/${k}`, subscriptionCollections[k] as unknown as Collection<Owned>]),
]);

const PATH = /^\/api\/v2\/((?:subscriptions|event-subscriptions)\/[^/]+|[^/]+)(?:\/([^/]+))?\/?$/;

/**
 * `GET /api/v2/company`: the caller's company as the spec's CompanyProto. The emulator knows a company by its id
 * only; the name is made from it (the spec marks every field nullable).
 */
function companyOp(ctx: DialpadContext): EmulatorResponse {
  const id = ctx.caller.companyId;
  return { status: 200, body: { id, name: `Emulated company ${id}`, state: "active" } };
}

function match(path: string): Matched | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  const [, base = "", id] = m;
  if (base === "company" && id === undefined) return { template: "/api/v2/company", methods: { GET: companyOp } };
  const c = collections.get(base);
  if (c) {
    return id === undefined
      ? { template: `/api/v2/${base}`, methods: { GET: (ctx) => listOp(c, ctx), POST: (ctx) => createOp(c, ctx) } }
      : {
        template: `/api/v2/${base}/{id}`,
        methods: { GET: (ctx) => getOp(c, ctx, id), PATCH: (ctx) => updateOp(c, ctx, id), DELETE: (ctx) => deleteOp(c, ctx, id) },
      };
  }
  const legacy = /^event-subscriptions\/(.+)$/.exec(base)?.[1];
  const kind = legacy === undefined ? undefined : LegacyKind.safeParse(legacy);
  if (kind?.success) {
    const k = kind.data;
    return id === undefined
      ? { template: `/api/v2/${base}`, methods: { GET: (ctx) => listLegacy(ctx, k) } }
      : {
        template: `/api/v2/${base}/{id}`,
        methods: { GET: (ctx) => getLegacy(ctx, k, id), PUT: (ctx) => putLegacy(ctx, k, id), DELETE: (ctx) => deleteLegacy(ctx, k, id) },
      };
  }
  return undefined;
}

/** `asCaller`: act for this company without auth or rate limits (the admin out-of-band call: another party's change). */
export async function handleDialpad(req: EmulatorRequest, rt: Runtime, asCaller?: DialpadCaller): Promise<EmulatorResponse> {
  try {
    const caller = asCaller ?? authenticate(req, rt.options.dialpadApiKeys);
    const route = match(req.path);
    if (!route) throw new ApiError(404, `no such endpoint: ${req.path}`);
    const op = route.methods[req.method];
    if (!op) throw new ApiError(405, `method ${req.method} not allowed on ${route.template}`);
    const retryAfter = asCaller ? undefined : rt.limiter.take(dialpadLimits(caller.companyId, `${req.method} ${route.template}`));
    if (retryAfter !== undefined) throw new ApiError(429, "rate limit exceeded", undefined, retryAfter);
    return await op({ req, caller, store: rt.store });
  } catch (err) {
    if (err instanceof ApiError) return dialpadError(err.status, err.message, err.retryAfter);
    console.error("emulator: internal error in Dialpad route:", err);
    return dialpadError(500, "internal error");
  }
}
