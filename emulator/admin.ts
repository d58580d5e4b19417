// The admin API under /_emulator/ for tests and pipelines: reset, state dump, request log, faults, rate limits, simulate.
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { renderLegacy, renderSubscription, renderWebhook, renderWebsocket, type Proto, type WebhookProto, type WebsocketProto } from "./dialpad/render";
import { SUBSCRIPTION_KINDS, type LegacyKind, type SubscriptionKind } from "./dialpad/schemas";
import { CINNOX_EVENT_NAMES, type CinnoxEventName } from "./cinnox-events";
import type { CinnoxApp } from "./store";
import { ApiError } from "./errors";
import { FaultInput } from "./faults";
import { json, type EmulatorRequest, type EmulatorResponse } from "./http";
import { OutOfBandInput, outOfBand, outOfBandPaths } from "./out-of-band";
import { cancelLandings, type Runtime } from "./runtime";
import { SIMULATE_DIALPAD, simulateCinnox } from "./simulate";

export const ADMIN_PREFIX = "/_emulator";

export function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? "";
  return a === "::1" || a.startsWith("127.") || a.startsWith("::ffff:127.");
}

/** GET /_emulator/state: every company's objects, each exactly as the API answers it. */
export interface EmulatorState {
  dialpad: {
    webhooks: WebhookProto[];
    websockets: WebsocketProto[];
    subscriptions: Record<SubscriptionKind, Proto[]>;
    eventSubscriptions: Record<LegacyKind, Proto[]>;
  };
  cinnox: {
    /** The inbound-SMS subscription of each app (kept for compatibility; the same as `subscriptions[app]["inbound-sms"]`). */
    apps: Record<string, CinnoxApp>;
    /** Every event subscription, per app and event. */
    subscriptions: Record<string, Partial<Record<CinnoxEventName, CinnoxApp>>>;
  };
  /** API paths of the objects created out of band (admin `POST /out-of-band`) that still exist. */
  outOfBand: string[];
}

/** The Cinnox part of the dump. Built from Maps: app ids are free text, "__proto__" included. */
function dumpCinnox(rt: Runtime): EmulatorState["cinnox"] {
  const perApp = new Map<string, Map<CinnoxEventName, CinnoxApp>>();
  for (const c of rt.store.cinnox.values()) {
    let events = perApp.get(c.appId);
    if (!events) perApp.set(c.appId, (events = new Map()));
    events.set(c.event, { enabled: c.enabled, url: c.url, updatedAt: c.updatedAt });
  }
  const apps = [...perApp].flatMap(([appId, events]) => {
    const sms = events.get("inbound-sms");
    return sms ? [[appId, sms] as const] : [];
  });
  return {
    apps: Object.fromEntries(apps),
    subscriptions: Object.fromEntries([...perApp].map(([appId, events]) => [appId, Object.fromEntries(events)])),
  };
}

export async function dumpState(rt: Runtime, host: string): Promise<EmulatorState> {
  const { store } = rt;
  const subscriptions = Object.fromEntries(SUBSCRIPTION_KINDS.map((k) => [k, [] as Proto[]])) as Record<SubscriptionKind, Proto[]>;
  for (const s of store.subscriptions.values()) subscriptions[s.kind].push(await renderSubscription(s, store, host));
  const legacy = [...store.eventSubscriptions.values()];
  return {
    dialpad: {
      webhooks: [...store.webhooks.values()].map(renderWebhook),
      websockets: await Promise.all([...store.websockets.values()].map((w) => renderWebsocket(w, host))),
      subscriptions,
      eventSubscriptions: {
        sms: legacy.filter((e) => e.kind === "sms").map(renderLegacy),
        call: legacy.filter((e) => e.kind === "call").map(renderLegacy),
      },
    },
    cinnox: dumpCinnox(rt),
    outOfBand: outOfBandPaths(rt),
  };
}

/** Memory of the emulator process, for the benchmark; `gc` collects first when node runs with --expose-gc. */
function memory(collect: boolean): { rssBytes: number; heapUsedBytes: number; collected: boolean } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (collect && gc) gc();
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, collected: collect && gc !== undefined };
}

const RateLimitsBody = z.object({ enabled: z.boolean() });

function parse<S extends z.ZodType>(schema: S, req: EmulatorRequest): z.output<S> {
  if (req.bodyError) throw new ApiError(400, req.bodyError);
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ApiError(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
}

export async function handleAdmin(req: EmulatorRequest, rt: Runtime): Promise<EmulatorResponse> {
  const route = `${req.method} ${req.path.slice(ADMIN_PREFIX.length).replace(/\/$/, "")}`;
  if (req.bodyError) throw new ApiError(400, req.bodyError);
  switch (route) {
    case "GET /health":
      return json({ ok: true, memory: memory(req.query.get("gc") === "1") });
    case "POST /reset":
      cancelLandings(rt);
      rt.store.reset();
      rt.log.clear();
      rt.faults.clear();
      rt.limiter.reset();
      return json({ ok: true });
    case "GET /state":
      return json(await dumpState(rt, req.host));
    case "GET /requests": {
      const since = req.query.get("since");
      if (since !== null && !/^\d+$/.test(since)) throw new ApiError(400, "since must be a sequence number");
      return json({ requests: rt.log.since(since === null ? 0 : Number(since)) });
    }
    case "DELETE /requests":
      rt.log.clear();
      return json({ ok: true });
    case "POST /faults":
      return json({ id: rt.faults.add(parse(FaultInput, req)).id });
    case "GET /faults":
      return json({ faults: rt.faults.all() });
    case "DELETE /faults":
      rt.faults.clear();
      return json({ ok: true });
    case "POST /rate-limits":
      rt.limiter.enabled = parse(RateLimitsBody, req).enabled;
      rt.limiter.reset();
      return json({ enabled: rt.limiter.enabled });
    case "POST /out-of-band":
      return json(await outOfBand(rt, parse(OutOfBandInput, req), req.host));
    default: {
      const dialpadKind = /^POST \/simulate\/dialpad\/([^/]+)$/.exec(route)?.[1];
      const kind = SUBSCRIPTION_KINDS.find((k) => k === dialpadKind);
      if (kind) return json(await SIMULATE_DIALPAD[kind](rt, req.body));
      const cinnoxEvent = /^POST \/simulate\/cinnox\/([^/]+)$/.exec(route)?.[1];
      const name = CINNOX_EVENT_NAMES.find((n) => n === cinnoxEvent);
      if (name) return json(await simulateCinnox(rt, name, req.body));
      throw new ApiError(404, `no admin endpoint ${route}`);
    }
  }
}
