// The admin API under /_emulator/ for tests and pipelines: reset, state dump, request log, faults, rate limits, simulate.
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { renderLegacy, renderSubscription, renderWebhook, renderWebsocket, type Proto, type WebhookProto, type WebsocketProto } from "./dialpad/render";
import { SUBSCRIPTION_KINDS, type LegacyKind, type SubscriptionKind } from "./dialpad/schemas";
import type { CinnoxApp } from "./store";
import { ApiError } from "./errors";
import { FaultInput } from "./faults";
import { json, type EmulatorRequest, type EmulatorResponse } from "./http";
import type { Runtime } from "./runtime";
import { simulateCall, simulateCinnoxSms, simulateSms } from "./simulate";

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
  cinnox: { apps: Record<string, CinnoxApp> };
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
    cinnox: { apps: Object.fromEntries(store.cinnoxApps) },
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
    case "POST /simulate/dialpad/call":
      return json(await simulateCall(rt, req.body));
    case "POST /simulate/dialpad/sms":
      return json(await simulateSms(rt, req.body));
    case "POST /simulate/cinnox/inbound-sms":
      return json(await simulateCinnoxSms(rt, req.body));
    default:
      throw new ApiError(404, `no admin endpoint ${route}`);
  }
}
