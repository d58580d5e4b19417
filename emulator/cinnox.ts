// Cinnox Open API: the inbound-SMS event subscription (a singleton per app), with its URL challenge; errors `{code, message}`.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { post } from "./delivery";
import { ApiError } from "./errors";
import { json, objectBody, type EmulatorRequest, type EmulatorResponse } from "./http";
import { cinnoxLimits } from "./rate-limit";
import type { Runtime } from "./runtime";
import { HttpUrl } from "./dialpad/schemas";

export const CINNOX_WRONG_PARAMETER = 6451000;
export const CINNOX_METHOD_NOT_FOUND = 6450001;
export const CINNOX_TOO_MANY_REQUESTS = 6451010;
export const CINNOX_BAD_RESPONSE = 6451001;

const PATH = /^\/v1\/api\/apps\/([^/]+)\/inbound-sms-event-sub\/?$/;

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
async function verifyUrl(url: string, timeoutMs: number): Promise<boolean> {
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

async function patchSubscription(req: EmulatorRequest, rt: Runtime, appId: string): Promise<EmulatorResponse> {
  const raw = objectBody(req);
  const parsed = Body.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, "enabled (boolean) and url (string) are required", CINNOX_WRONG_PARAMETER);
  const { enabled, url } = parsed.data;
  if (enabled) {
    const valid = HttpUrl.safeParse(url);
    if (!valid.success) throw new ApiError(400, `url ${valid.error.issues[0]?.message ?? "is invalid"}`, CINNOX_WRONG_PARAMETER);
    // Decision (api-facts): the handshake runs on every PATCH that enables a URL, even an unchanged one.
    if (!(await verifyUrl(url, rt.options.challengeTimeoutMs))) {
      throw new ApiError(400, "webhook url verification failed", CINNOX_WRONG_PARAMETER);
    }
  }
  // Decision: `enabled: false` keeps the app in the state dump as disabled (with the url sent), so a test can see it.
  const app = { enabled, url, updatedAt: new Date().toISOString() };
  rt.store.cinnoxApps.set(appId, app);
  rt.store.commit();
  return json({ code: 0, result: app });
}

export async function handleCinnox(req: EmulatorRequest, rt: Runtime): Promise<EmulatorResponse> {
  try {
    const token = bearer(req);
    if (!token || !rt.options.cinnoxAppTokens.includes(token)) throw new ApiError(401, "invalid or missing app token", 401);
    const m = PATH.exec(req.path);
    let appId: string | undefined;
    try {
      appId = m?.[1] === undefined ? undefined : decodeURIComponent(m[1]);
    } catch {
      appId = undefined;
    }
    if (appId === undefined || req.method !== "PATCH") throw new ApiError(404, "method not found", CINNOX_METHOD_NOT_FOUND);
    const retryAfter = rt.limiter.take(cinnoxLimits(token));
    if (retryAfter !== undefined) throw new ApiError(429, "too many requests", CINNOX_TOO_MANY_REQUESTS, retryAfter);
    return await patchSubscription(req, rt, appId);
  } catch (err) {
    if (err instanceof ApiError) return cinnoxError(err.status, err.code ?? cinnoxCode(err.status), err.message, err.retryAfter);
    console.error("emulator: internal error in Cinnox route:", err);
    return cinnoxError(500, cinnoxCode(500), "internal error");
  }
}
