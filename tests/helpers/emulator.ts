// Mocha helpers around the emulator: one in-process instance per `describe`, reset between tests, and admin API wrappers.
import {
  CINNOX_EVENTS,
  DEFAULT_CINNOX_APP_TOKEN,
  DEFAULT_DIALPAD_API_KEY,
  startEmulator,
  type EmulatorOptions,
  type EmulatorState,
  type FaultInput,
  type CinnoxEventName,
  type LoggedRequest,
  type OutOfBandInput,
  type OutOfBandResult,
  type RunningEmulator,
  type SimulateResult,
} from "../../emulator";
import type { SubscriptionKind } from "../../emulator/dialpad/schemas";

export interface EmulatorFixture {
  /** Base URL (`dialpad:baseUrl` and `cinnox:baseUrl`); valid once mocha's `before` hook ran. */
  readonly url: string;
  readonly emulator: RunningEmulator;
}

/**
 * Call inside a `describe`: starts an emulator before its tests (port 0), resets it before each, closes it after all.
 * Rate limits are off unless `opts.rateLimits` says otherwise, so unrelated tests are not throttled.
 */
export function withEmulator(opts: EmulatorOptions = {}): EmulatorFixture {
  let running: RunningEmulator | undefined;
  before(async () => {
    running = await startEmulator({ rateLimits: false, ...opts, port: opts.port ?? 0 });
  });
  beforeEach(async () => {
    if (running) await resetEmulator(running.url);
  });
  after(async () => {
    await running?.close();
    running = undefined;
  });
  return {
    get url(): string {
      if (!running) throw new Error("withEmulator: the emulator is not running (use the fixture inside a test or hook)");
      return running.url;
    },
    get emulator(): RunningEmulator {
      if (!running) throw new Error("withEmulator: the emulator is not running (use the fixture inside a test or hook)");
      return running;
    },
  };
}

async function admin<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator admin ${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

export const resetEmulator = async (url: string): Promise<void> => void (await admin(url, "POST", "/reset"));
export const adminState = (url: string): Promise<EmulatorState> => admin<EmulatorState>(url, "GET", "/state");
export const adminRequests = async (url: string, since?: number): Promise<LoggedRequest[]> =>
  (await admin<{ requests: LoggedRequest[] }>(url, "GET", since === undefined ? "/requests" : `/requests?since=${since}`)).requests;
export const clearRequests = async (url: string): Promise<void> => void (await admin(url, "DELETE", "/requests"));
export const addFault = async (url: string, fault: FaultInput): Promise<string> => (await admin<{ id: string }>(url, "POST", "/faults", fault)).id;
export const clearFaults = async (url: string): Promise<void> => void (await admin(url, "DELETE", "/faults"));
export const setRateLimits = async (url: string, enabled: boolean): Promise<void> => void (await admin(url, "POST", "/rate-limits", { enabled }));

/** A vendor API request made by "another party" (another team, the admin UI): not logged, not faulted, marked in the state. */
export const outOfBand = (url: string, request: OutOfBandInput): Promise<OutOfBandResult> =>
  admin<OutOfBandResult>(url, "POST", "/out-of-band", request);

export type SimulateKind = `dialpad/${SubscriptionKind}` | `cinnox/${CinnoxEventName}`;
export const simulate = (url: string, kind: SimulateKind, body: Record<string, unknown> = {}): Promise<SimulateResult> =>
  admin<SimulateResult>(url, "POST", `/simulate/${kind}`, body);

export interface VendorResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
}

export interface VendorRequestOptions {
  body?: unknown;
  /** Dialpad API key (sent as Bearer) or Cinnox app token; null sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One request to the emulator's vendor API, as a client would send it. Defaults to the Dialpad demo key. */
export async function vendorRequest(url: string, method: string, path: string, opts: VendorRequestOptions = {}): Promise<VendorResponse> {
  const token = opts.token === undefined ? DEFAULT_DIALPAD_API_KEY : opts.token;
  const headers: Record<string, string> = { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...opts.headers };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
    signal: opts.signal,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

/** Shorthand for Dialpad calls with the demo key: `dialpad(url, "POST", "/webhooks", {...})`. */
export const dialpad = (
  url: string, method: string, path: string, body?: unknown, token?: string | null, signal?: AbortSignal,
): Promise<VendorResponse> => vendorRequest(url, method, `/api/v2${path}`, { body, token, signal });

/** Shorthand for the Cinnox inbound-SMS subscription PATCH with the demo token. */
export const cinnoxPatch = (url: string, appId: string, body: unknown, token: string | null = DEFAULT_CINNOX_APP_TOKEN): Promise<VendorResponse> =>
  vendorRequest(url, "PATCH", `/v1/api/apps/${encodeURIComponent(appId)}/inbound-sms-event-sub`, { body, token });

/** PATCH of any Cinnox event subscription (`CINNOX_EVENTS[event].path`) with the demo token. */
export const cinnoxEventPatch = (
  url: string, appId: string, event: CinnoxEventName, body: unknown, token: string | null = DEFAULT_CINNOX_APP_TOKEN,
): Promise<VendorResponse> =>
  vendorRequest(url, "PATCH", `/v1/api/apps/${encodeURIComponent(appId)}/${CINNOX_EVENTS[event].path}`, { body, token });

/**
 * Ids a hostile or merely messy vendor can answer where the documented shape is a decimal number: a line break for
 * JavaScript (U+2028, U+2029) followed by code, C0 and C1 control characters (NUL, ESC, U+009B CSI), comment and
 * string delimiters, a template, a path, non-decimal numbers, empty, and longer than any int64.
 */
export const HOSTILE_IDS: readonly string[] = [
  "1\u2028globalThis.pwned = 1; //",
  "2\u2029process.exit(3)",
  "3\u0000",
  "4\u001b[2J",
  "5\u009b31m",
  "6 */ require(\"child_process\").execSync(\"id\"); /*",
  "7\"); require(\"child_process\"); (\"",
  "${process.env.HOME}",
  "`x`",
  "../../webhooks/1000",
  "abc",
  "-1",
  "1e3",
  "0x10",
  "",
  "9".repeat(40),
];

/**
 * Raw list items for the fault `addItems`: `base` (a valid object of the kind, as the vendor lists it) once per hostile
 * id, then once per `nullable` field with that field null (and a well-formed id from `firstId` up). Shapes are not
 * checked: these are what a vendor may answer, not what the emulator would make.
 */
export function hostileItems(base: Record<string, unknown>, nullable: readonly string[] = [], firstId = 990001): Record<string, unknown>[] {
  return [
    ...HOSTILE_IDS.map((id) => ({ ...base, id })),
    ...nullable.map((field, i) => ({ ...base, id: String(firstId + i), [field]: null })),
  ];
}
