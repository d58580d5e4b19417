// The one place the HTTP policy lives: rate limiting, retries (429 with Retry-After, 5xx, lost connections),
// capped exponential backoff with jitter, per-request timeouts and typed errors. Vendor-neutral.
import axios, { AxiosInstance } from "axios";
import { ConnectionError, Vendor, VendorError, errorForStatus } from "./errors";
import { Rate, SlidingWindow, acquire, sharedLimit, sleep } from "./rate-limiter";

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
 * Process-wide replacements of the defaults above, for every vendor client (explicit client options still
 * win). Read at each request, so they apply to clients made before. Tests against a local emulator use it
 * to retry fast, time out early and skip client-side rate limiting (`rateLimits: false`).
 */
export interface PolicyOverrides {
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** false: no client-side rate limits (the server's 429s are still honoured). */
  rateLimits?: boolean;
}

let overrides: PolicyOverrides = {};

/** Replaces the process-wide overrides; returns the previous ones, so a caller can put them back. */
export function setPolicyOverrides(next: PolicyOverrides): PolicyOverrides {
  const previous = overrides;
  overrides = { ...next };
  return previous;
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
  retry?: Partial<RetryPolicy>;
  /** Extracts the vendor's human message from an error body. */
  parseError?: (body: unknown) => string | undefined;
  /** Credential values to scrub from anything that reaches an error message. */
  secrets?: readonly string[];
  /** Scope of the shared rate-limit buckets (default: vendor + baseUrl), e.g. a company id. */
  limitScope?: string;
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
   * For a POST whose answer was lost (reset, timeout): looks for the object the lost request may have
   * created. A hit is returned instead of retrying, so a create never leaves a duplicate. Without it a
   * POST is not retried after a lost answer.
   */
  findExisting?: () => Promise<T | undefined>;
}

export interface VendorClient {
  readonly vendor: Vendor;
  readonly baseUrl: string;
  request<T>(req: VendorRequest<T>): Promise<T>;
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

export function createVendorClient(options: VendorClientOptions): VendorClient {
  const secrets = options.secrets ?? [];
  const scope = options.limitScope ?? `${options.vendor} ${options.baseUrl}`;
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
    if (limits.overall) out.push(sharedLimit(`${scope} overall`, limits.overall));
    const op = limits.operations?.[operation] ?? limits.perOperation;
    if (op) out.push(sharedLimit(`${scope} op ${operation}`, op));
    return out;
  };

  async function request<T>(req: VendorRequest<T>): Promise<T> {
    const policy: RetryPolicy = { ...DEFAULT_RETRY, ...overrides.retry, ...options.retry };
    const timeoutMs = options.timeoutMs ?? overrides.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const operation = req.operation ?? `${req.method} ${req.path}`;
    const fail = (Kind: typeof VendorError, status: number | undefined, vendorMessage: string | undefined, attempts: number) =>
      new Kind({ vendor: options.vendor, method: req.method, path: req.path, status, vendorMessage, attempts }, secrets);

    /**
     * After a POST's answer was lost: what it created, if anything. The lookup is a read, so it is tried
     * again when it fails; if no lookup ever answers, the outcome is unknown and the error says so.
     */
    async function lookUp(findExisting: () => Promise<T | undefined>, lost: VendorError, attempts: number): Promise<{ found: T | undefined }> {
      let lastError: unknown;
      for (let i = 0; i <= policy.maxRetries; i++) {
        try {
          return { found: await findExisting() };
        } catch (err) {
          lastError = err;
          if (i < policy.maxRetries) await sleep(backoffMs(i, policy));
        }
      }
      const why = lastError instanceof Error ? lastError.message : String(lastError);
      throw fail(
        ConnectionError,
        undefined,
        `${lost.vendorMessage ?? "no answer"}; looking for what it may have created failed too (${why}), ` +
          "so an object may exist: check before trying again",
        attempts,
      );
    }

    for (let attempt = 0; ; attempt++) {
      const attempts = attempt + 1;
      const last = attempt >= policy.maxRetries;
      await acquire(limitsFor(operation));
      let status: number;
      let data: unknown;
      let headers: Record<string, unknown>;
      try {
        const res = await http.request({ method: req.method, url: req.path, params: req.query, data: req.body, timeout: timeoutMs });
        status = res.status;
        data = res.data;
        headers = res.headers as Record<string, unknown>;
      } catch (err) {
        // No answer at all. The raw axios error carries the request headers, so only its code is kept.
        const code = axios.isAxiosError(err) ? (err.code ?? err.message) : String(err);
        const lost = fail(ConnectionError, undefined, `no answer (${code})`, attempts);
        // A write that timed out may still be running at the server: let it land before looking or re-sending.
        if (req.method !== "GET" && axios.isAxiosError(err) && TIMEOUT_CODES.has(err.code ?? "")) {
          await sleep(policy.settleMs ?? timeoutMs);
        }
        if (req.method === "POST") {
          if (!req.findExisting) throw lost;
          const { found } = await lookUp(req.findExisting, lost, attempts);
          if (found !== undefined) return found;
        }
        if (last) throw lost;
        await sleep(backoffMs(attempt, policy));
        continue;
      }

      if (status >= 200 && status < 300) return req.parse(data);

      const message = options.parseError?.(data) ?? (typeof data === "string" && data.length < 500 ? data : undefined);
      const retryable = status === 429 || status >= 500;
      if (!retryable || last) throw fail(errorForStatus(status), status, message, attempts);
      const asked = status === 429 ? retryAfterMs(headers["retry-after"]) : undefined;
      await sleep(asked === undefined ? backoffMs(attempt, policy) : Math.min(asked, policy.maxRetryAfterMs));
    }
  }

  return { vendor: options.vendor, baseUrl: options.baseUrl, request };
}
