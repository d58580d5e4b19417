// Typed calls to the Cinnox (M800) Open API on the shared HTTP policy: the event subscriptions
// (`PATCH /v1/api/apps/{appID}/<event>-event-sub`), Cinnox's `{code, message}` error bodies, and the one
// error that needs more words than the vendor gives.
import { z } from "zod";
import { InvalidRequestError, VendorError, createVendorClient, type VendorClient, type VendorLimits } from "../http";
import { currentContext } from "../context";
import { credentialHash, requireSetting } from "../settings";

/** Cinnox's documented limit: 500 requests a minute per service account (token). */
export const CINNOX_LIMITS: VendorLimits = { overall: { requests: 500, perMs: 60_000 } };

const ErrorBody = z.looseObject({ code: z.number(), message: z.string() });

/** "webhook url verification failed (code 6451000)" from a Cinnox error body; undefined for anything else. */
export function parseCinnoxError(body: unknown): string | undefined {
  const parsed = ErrorBody.safeParse(body);
  return parsed.success ? `${parsed.data.message} (code ${parsed.data.code})` : undefined;
}

/** An event subscription as Cinnox answers it (`result` of a 200); unknown fields are ignored. */
export const EventSub = z.object({ enabled: z.boolean(), url: z.string(), updatedAt: z.string() });
export type EventSub = z.output<typeof EventSub>;

const PatchAnswer = z.object({ code: z.literal(0), result: EventSub });

/**
 * Cinnox refused the URL because the receiver did not echo its challenge. The vendor's own words
 * ("webhook url verification failed") do not say what to fix, so this message does.
 */
export class UrlVerificationError extends InvalidRequestError {
  constructor(cause: VendorError, url: string) {
    super({ vendor: cause.vendor, method: cause.method, path: cause.path, status: cause.status, vendorMessage: cause.vendorMessage });
    this.message =
      `${this.message}. Cinnox POSTs {"challenge":"<string>"} to ${displayUrl(url)} and the receiver must answer ` +
      `200 with the JSON body {"code":0,"result":{"challenge":"<the challenge it received>"}} within 5 seconds; ` +
      `events.cinnox.challengeResponse(body) from pulumi-dialpad-cinnox builds that answer ` +
      `(events.createHandler does it for you). Deploy the receiver before the subscription.`;
  }
}

/** The URL without its query and fragment, which may carry a token of the receiver's. */
function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "the URL";
  }
}

function isVerificationFailure(err: unknown): err is VendorError {
  return err instanceof InvalidRequestError && /url verification failed/i.test(err.vendorMessage ?? "");
}

/** Cinnox has no "remove" call: disabling something already disabled may be refused; that is the goal reached. */
export function isAlreadyDisabled(err: unknown): boolean {
  return err instanceof InvalidRequestError && /already disabled/i.test(err.vendorMessage ?? "");
}

export interface CinnoxClient {
  /** `PATCH /v1/api/apps/{appId}/{path}`: `enabled: true` creates or edits, `false` removes. */
  patchEventSub(appId: string, path: string, body: { enabled: boolean; url: string }): Promise<EventSub>;
}

export function eventSubPath(appId: string, path: string): string {
  return `/v1/api/apps/${encodeURIComponent(appId)}/${path}`;
}

function createCinnoxClient(http: VendorClient): CinnoxClient {
  return {
    async patchEventSub(appId, path, body) {
      try {
        return await http.request({
          method: "PATCH",
          path: eventSubPath(appId, path),
          operation: `PATCH ${path}`,
          body,
          parse: (data) => PatchAnswer.parse(data).result,
        });
      } catch (err) {
        if (isVerificationFailure(err)) throw new UrlVerificationError(err, body.url);
        throw err;
      }
    },
  };
}

/** The Cinnox client of the current provider context for its settings; clear errors when unset. */
export function cinnoxClient(): CinnoxClient {
  const ctx = currentContext();
  const settings = ctx.settings();
  const forWhat = "Cinnox resources";
  const appToken = requireSetting(settings.cinnox.appToken, "cinnox.appToken", forWhat);
  const baseUrl = requireSetting(settings.cinnox.baseUrl, "cinnox.baseUrl", forWhat);
  const deadlineMs = settings.cinnox.operationDeadlineSeconds === undefined ? undefined : settings.cinnox.operationDeadlineSeconds * 1000;
  const key = credentialHash(JSON.stringify([baseUrl, appToken, deadlineMs ?? ""]));
  return ctx.cached("cinnox client", key, () =>
    createCinnoxClient(
      createVendorClient({
        vendor: "Cinnox",
        baseUrl,
        headers: { Authorization: `Bearer ${appToken}`, "Content-Type": "application/json" },
        limits: CINNOX_LIMITS,
        parseError: parseCinnoxError,
        secrets: [appToken],
        deadlineMs,
        // The limit is per service account, so the bucket follows the token, not the host.
        limitScope: `Cinnox ${credentialHash(appToken)}`,
        limiter: ctx.limiter,
        policy: ctx.policy,
      }),
    ),
  );
}
