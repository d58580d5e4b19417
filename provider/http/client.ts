// The one place the HTTP policy lives: rate limiting, retries (429 with Retry-After, 5xx, lost connections),
// capped exponential backoff with jitter, per-request timeouts and typed errors. Vendor-neutral.
import { AsyncLocalStorage } from "node:async_hooks";
import axios, { AxiosInstance } from "axios";
import { ConnectionError, DeadlineError, InvalidAnswerError, UnreachableError, Vendor, VendorError, answerProblems, errorForStatus, secretValuesIn } from "./errors";
import { Limiter, Rate, SlidingWindow, sleep } from "./rate-limiter";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff before retry n is about baseDelayMs * 2^n (with jitter), at most maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it, so a confused server cannot park a deployment. */
  maxRetryAfterMs: number;
  /**
   * After a write timed out, how long to let it land before looking for its result or sending it again
   * (default: the request timeout). A server usually finishes a request its client gave up on; re-sending
   * at once could create a second object, or let the stale write overwrite a newer one.
   */
  settleMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Total time one operation (a create, read, update or delete, with every retry, settle wait and recovery
 * lookup inside it) may take before it fails. Without it a vendor that accepts connections and never
 * answers would hold a deployment for retries x timeout. Changed with `<vendor>:operationDeadlineSeconds`.
 */
export const DEFAULT_DEADLINE_MS = 120_000;
/** A refused connection (nothing sent) is retried this often, quickly: enough for a restarting proxy, no more. */
const UNREACHABLE_RETRIES = 2;
const UNREACHABLE_BACKOFF_MS = 250;

/**
 * Replacements of the defaults above for every client of one provider context (explicit client options still
 * win). Tests against a local emulator make a context with them, to retry fast, time out early and skip
 * client-side rate limiting (`rateLimits: false`).
 */
export interface PolicyOverrides {
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  deadlineMs?: number;
  /** false: no client-side rate limits (the server's 429s are still honoured). */
  rateLimits?: boolean;
}

export interface VendorLimits {
  /** One bucket for every request to the vendor. */
  overall?: Rate;
  /** One bucket per operation name. */
  perOperation?: Rate;
  /** Operations with their own limit instead of perOperation. */
  operations?: Record<string, Rate>;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface VendorClientOptions {
  vendor: Vendor;
  baseUrl: string;
  headers: Record<string, string>;
  limits?: VendorLimits;
  timeoutMs?: number;
  /** Total time of one operation, retries included (default DEFAULT_DEADLINE_MS). */
  deadlineMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Extracts the vendor's human message from an error body. */
  parseError?: (body: unknown) => string | undefined;
  /** Credential values to scrub from anything that reaches an error message. */
  secrets?: readonly string[];
  /** Scope of the shared rate-limit buckets (default: vendor + baseUrl), e.g. a company id. */
  limitScope?: string;
  /** The limits this client counts against, shared with the other clients of its context (default: its own). */
  limiter?: Limiter;
  /** The context's replacements of the defaults (below the explicit options above). */
  policy?: PolicyOverrides;
}

export interface VendorRequest<T> {
  method: HttpMethod;
  /** Path below baseUrl, starting with "/". */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Name of the rate-limited operation, e.g. "POST /webhooks" (default: method + path). */
  operation?: string;
  /** Turns the 2xx body into the caller's type (zod parse); throwing here is not retried. */
  parse: (data: unknown) => T;
  /**
   * For a POST whose outcome is unknown (no answer, or a 5xx that may have come after the change landed):
   * decides what it made. Returns the object this very request made, or undefined when it surely made
   * nothing yet; throws when it cannot be sure. Without it such a POST fails at once. A POST is never
   * sent again after a lost answer (it may still land); after a 5xx it is sent again only when `recover`
   * found nothing.
   */
  recover?: (lost: VendorError) => Promise<T | undefined>;
}

export interface VendorClient {
  readonly vendor: Vendor;
  readonly baseUrl: string;
  request<T>(req: VendorRequest<T>): Promise<T>;
}

/**
 * The deadline of the operation in progress, so that requests made inside another (a recovery listing
 * inside a create) share its deadline instead of starting their own: nested retries never multiply.
 */
const operationDeadline = new AsyncLocalStorage<number>();

/** Runs `work` as one operation with its own deadline, unless an enclosing operation already set one. */
export function withDeadline<T>(deadlineMs: number, work: () => Promise<T>): Promise<T> {
  if (operationDeadline.getStore() !== undefined) return work();
  return operationDeadline.run(Date.now() + deadlineMs, work);
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Capped exponential backoff with "equal jitter": half fixed, half random. */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** axios's codes for its own per-request timeout. */
const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT"]);
/** No connection was made, so nothing was sent: the vendor cannot have applied anything. */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

export function createVendorClient(options: VendorClientOptions): VendorClient {
  const secrets = options.secrets ?? [];
  const scope = options.limitScope ?? `${options.vendor} ${options.baseUrl}`;
  const limiter = options.limiter ?? new Limiter();
  const overrides: PolicyOverrides = options.policy ?? {};
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ""),
    headers: { Accept: "application/json", ...options.headers },
    // Statuses are this module's business, not axios's.
    validateStatus: () => true,
    maxRedirects: 0,
  });

  const limitsFor = (operation: string): SlidingWindow[] => {
    if (overrides.rateLimits === false) return [];
    const limits = options.limits ?? {};
    const out: SlidingWindow[] = [];
    if (limits.overall) out.push(limiter.limit(`${scope} overall`, limits.overall));
    const op = limits.operations?.[operation] ?? limits.perOperation;
    if (op) out.push(limiter.limit(`${scope} op ${operation}`, op));
    return out;
  };

  async function request<T>(req: VendorRequest<T>): Promise<T> {
    const deadlineMs = options.deadlineMs ?? overrides.deadlineMs ?? DEFAULT_DEADLINE_MS;
    return withDeadline(deadlineMs, () => attempt(req, operationDeadline.getStore() ?? Date.now() + deadlineMs, deadlineMs));
  }

  async function attempt<T>(req: VendorRequest<T>, deadline: number, deadlineMs: number): Promise<T> {
    const policy: RetryPolicy = { ...DEFAULT_RETRY, ...overrides.retry, ...options.retry };
    const timeoutMs = options.timeoutMs ?? overrides.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const operation = req.operation ?? `${req.method} ${req.path}`;
    // Secret values of the request (by field name) never reach an error message, nor do the answer's.
    const scrub = [...secrets, ...secretValuesIn(req.body)];
    const fail = (Kind: typeof VendorError, status: number | undefined, vendorMessage: string | undefined, attempts: number) =>
      new Kind({ vendor: options.vendor, method: req.method, path: req.path, status, vendorMessage, attempts }, scrub);
    const remaining = () => deadline - Date.now();
    /** Sleeps, unless that would pass the deadline: then fails with what went wrong last. */
    const pause = async (ms: number, last: VendorError): Promise<void> => {
      if (ms >= remaining()) throw overdue(last);
      await sleep(ms);
    };
    const overdue = (last: VendorError | undefined) =>
      new DeadlineError(
        { vendor: options.vendor, method: req.method, path: req.path, status: last?.status, attempts: undefined,
          vendorMessage: `gave up waiting for ${options.vendor} at ${options.baseUrl} after the operation deadline of ${Math.round(deadlineMs / 1000)} s${last ? ` (last: ${last.message})` : ""}` },
        scrub,
      );
    let refusals = 0;

    for (let attempt = 0; ; attempt++) {
      const attempts = attempt + 1;
      const last = attempt >= policy.maxRetries;
      if (remaining() <= 0) throw overdue(undefined);
      await limiter.acquire(limitsFor(operation));
      let status: number;
      let data: unknown;
      let headers: Record<string, unknown>;
      try {
        const res = await http.request({
          method: req.method, url: req.path, params: req.query, data: req.body, timeout: Math.max(1, Math.min(timeoutMs, remaining())),
        });
        status = res.status;
        data = res.data;
        headers = res.headers as Record<string, unknown>;
      } catch (err) {
        // No answer at all. The raw axios error carries the request headers, so only its code is kept.
        const code = axios.isAxiosError(err) ? (err.code ?? err.message) : String(err);
        if (UNREACHABLE_CODES.has(code)) {
          // Nothing was sent: safe to try again, briefly, and then say plainly that nothing happened.
          const unreachable = new UnreachableError(
            { vendor: options.vendor, method: req.method, path: req.path, attempts,
              vendorMessage: `could not reach ${options.vendor} at ${options.baseUrl} (${code}); nothing was sent, so nothing was ${req.method === "GET" ? "read" : req.method === "POST" ? "created" : "changed"}` },
            scrub,
          );
          if (refusals++ >= UNREACHABLE_RETRIES) throw unreachable;
          await pause(UNREACHABLE_BACKOFF_MS * refusals, unreachable);
          continue;
        }
        const lost = fail(ConnectionError, undefined, `no answer (${code})`, attempts);
        // A write that timed out may still be running at the server: let it land before looking or re-sending.
        if (req.method !== "GET" && axios.isAxiosError(err) && TIMEOUT_CODES.has(err.code ?? "")) {
          await pause(policy.settleMs ?? timeoutMs, lost);
        }
        if (req.method === "POST") {
          // It may have landed, or may land later: never sent again. What it made is adopted, or the error says what to do.
          if (!req.recover) throw lost;
          const found = await req.recover(lost);
          if (found !== undefined) return found;
          throw fail(
            ConnectionError,
            undefined,
            `no answer (${code}), and no object it made was found yet. It was not sent again, because it may still ` +
              "land: an object may appear at the vendor later. Before running again, look for it and take it over " +
              "with adoptId (or delete it)",
            attempts,
          );
        }
        if (last) throw lost;
        await pause(backoffMs(attempt, policy), lost);
        continue;
      }

      if (status >= 200 && status < 300) {
        try {
          return req.parse(data);
        } catch (err) {
          // The answer is input too: one that fails its schema is refused whole, by field, never echoed.
          const applied = req.method === "GET" ? "" : `; the ${req.method} may have been applied at ${options.vendor}`;
          throw fail(InvalidAnswerError, status, `answered a body this provider cannot read (${answerProblems(err)})${applied}`, attempts);
        }
      }

      const answerSecrets = secretValuesIn(data);
      if (answerSecrets.length > 0) scrub.push(...answerSecrets);
      const message = options.parseError?.(data) ?? (typeof data === "string" && data.length < 500 ? data : undefined);
      const retryable = status === 429 || status >= 500;
      if (!retryable) throw fail(errorForStatus(status), status, message, attempts);
      const failed = fail(errorForStatus(status), status, message, attempts);
      if (req.method === "POST" && status >= 500) {
        // A 5xx may come after the change was applied: look before sending it again.
        if (!req.recover) throw failed;
        const found = await req.recover(failed);
        if (found !== undefined) return found;
      }
      if (last) throw failed;
      const asked = status === 429 ? retryAfterMs(headers["retry-after"]) : undefined;
      await pause(asked === undefined ? backoffMs(attempt, policy) : Math.min(asked, policy.maxRetryAfterMs), failed);
    }
  }

  return { vendor: options.vendor, baseUrl: options.baseUrl, request };
}
