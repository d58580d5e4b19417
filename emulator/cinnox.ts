// Cinnox Open API: the event subscriptions (one singleton per app and event, see cinnox-events.ts), with their URL
// challenge; errors `{code, message}`.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { eventOfPath, type CinnoxEventName } from "./cinnox-events";
import { post, pointsAtSelf } from "./delivery";
import { ApiError } from "./errors";
import { json, objectBody, type EmulatorRequest, type EmulatorResponse } from "./http";
import { cinnoxLimits } from "./rate-limit";
import type { Runtime } from "./runtime";
import { HttpUrl } from "./dialpad/schemas";
import { cinnoxKey, type CinnoxRecord } from "./store";

export const CINNOX_WRONG_PARAMETER = 6451000;
export const CINNOX_METHOD_NOT_FOUND = 6450001;
export const CINNOX_TOO_MANY_REQUESTS = 6451010;
export const CINNOX_BAD_RESPONSE = 6451001;

const PATH = /^\/v1\/api\/apps\/([^/]+)\/([^/]+)\/?$/;

const Body = z.object({ enabled: z.boolean(), url: z.string() });
const ChallengeAnswer = z.object({ code: z.literal(0), result: z.object({ challenge: z.string() }) });

/** Cinnox's error body. Decision: for statuses without a documented code (401, 500) the code is the HTTP status. */
export function cinnoxError(status: number, code: number, message: string, retryAfter?: number | null): EmulatorResponse {
  return { status, body: { code, message }, ...(retryAfter != null ? { headers: { "Retry-After": String(retryAfter) } } : {}) };
}

/** Cinnox's documented code for a status, else the status itself. */
export function cinnoxCode(status: number): number {
  if (status === 400) return CINNOX_WRONG_PARAMETER;
  if (status === 429) return CINNOX_TOO_MANY_REQUESTS;
  if (status >= 500) return CINNOX_BAD_RESPONSE;
  return status;
}

/** True when the receiver at `url` echoes a fresh challenge within the timeout. */
async function verifyUrl(rt: Runtime, url: string, timeoutMs: number): Promise<boolean> {
  // The emulator never posts to itself: a URL on its own address could loop (see delivery.ts).
  if (pointsAtSelf(url, rt.self)) return false;
  const challenge = randomBytes(16).toString("hex");
  try {
    const res = await post(url, JSON.stringify({ challenge }), "application/json", timeoutMs);
    if (res.status < 200 || res.status >= 300) return false;
    const answer = ChallengeAnswer.safeParse(JSON.parse(res.body));
    return answer.success && answer.data.result.challenge === challenge;
  } catch {
    return false;
  }
}

function bearer(req: EmulatorRequest): string | undefined {
  const header = req.headers.authorization;
  return typeof header === "string" ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
}

async function patchSubscription(req: EmulatorRequest, rt: Runtime, appId: string, event: CinnoxEventName): Promise<EmulatorResponse> {
  const raw = objectBody(req);
  const parsed = Body.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, "enabled (boolean) and url (string) are required", CINNOX_WRONG_PARAMETER);
  const { enabled, url } = parsed.data;
  if (enabled) {
    const valid = HttpUrl.safeParse(url);
    if (!valid.success) throw new ApiError(400, `url ${valid.error.issues[0]?.message ?? "is invalid"}`, CINNOX_WRONG_PARAMETER);
    // Decision (api-facts): the handshake runs on every PATCH that enables a URL, even an unchanged one.
    if (!(await verifyUrl(rt, url, rt.options.challengeTimeoutMs))) {
      throw new ApiError(400, "webhook url verification failed", CINNOX_WRONG_PARAMETER);
    }
  }
  // Decision: `enabled: false` keeps the app in the state dump as disabled (with the url sent), so a test can see it.
  const app = { enabled, url, updatedAt: new Date().toISOString() };
  // "Created out of band" lasts while the subscription stays enabled: disabling removes it, as Cinnox documents.
  const key = cinnoxKey(appId, event);
  const existing = rt.store.cinnox.get(key);
  const outOfBand = enabled && (existing?.enabled ? existing.outOfBand === true : req.outOfBand === true);
  const rec: CinnoxRecord = { appId, event, ...app, ...(outOfBand ? { outOfBand: true } : {}) };
  rt.store.cinnox.set(key, rec);
  rt.store.commit();
  return json({ code: 0, result: app });
}

function decode(segment: string | undefined): string | undefined {
  try {
    return segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `trusted`: no token and no rate limit (the admin out-of-band call: a change made in the Cinnox dashboard). */
export async function handleCinnox(req: EmulatorRequest, rt: Runtime, trusted = false): Promise<EmulatorResponse> {
  try {
    const token = bearer(req);
    if (!trusted && (!token || !rt.options.cinnoxAppTokens.includes(token))) throw new ApiError(401, "invalid or missing app token", 401);
    const m = PATH.exec(req.path);
    const appId = decode(m?.[1]);
    const event = eventOfPath(m?.[2] ?? "");
    if (appId === undefined || event === undefined || req.method !== "PATCH") throw new ApiError(404, "method not found", CINNOX_METHOD_NOT_FOUND);
    const retryAfter = trusted || token === undefined ? undefined : rt.limiter.take(cinnoxLimits(token));
    if (retryAfter !== undefined) throw new ApiError(429, "too many requests", CINNOX_TOO_MANY_REQUESTS, retryAfter);
    return await patchSubscription(req, rt, appId, event);
  } catch (err) {
    if (err instanceof ApiError) return cinnoxError(err.status, err.code ?? cinnoxCode(err.status), err.message, err.retryAfter);
    console.error("emulator: internal error in Cinnox route:", err);
    return cinnoxError(500, cinnoxCode(500), "internal error");
  }
}
