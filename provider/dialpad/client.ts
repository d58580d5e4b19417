// Typed Dialpad API v2 endpoints (webhooks, call/SMS subscriptions, legacy SMS event subscriptions) on the
// shared HTTP policy. One client per process and settings, so every resource shares the rate limits.
import { createHash } from "node:crypto";
import { z } from "zod";
import { RetryPolicy, VendorClient, createVendorClient } from "../http";
import { currentSettings, requireSetting } from "../settings";

// ---- what the API answers (unknown fields kept, so a newer API does not break reads) ----

/** Ids are int64 in the spec and strings on the wire; accept both, keep a string. */
const wireId = z.union([z.string(), z.number()]).transform(String);

export const signatureProto = z.looseObject({ algo: z.string().optional(), secret: z.string().optional(), type: z.string().optional() });

export const webhookProto = z.looseObject({ id: wireId, hook_url: z.string(), signature: signatureProto.nullish() });
export type WebhookProto = z.output<typeof webhookProto>;

const linkedEndpoints = {
  webhook: z.looseObject({ id: wireId }).nullish(),
  websocket: z.looseObject({ id: wireId }).nullish(),
};
const target = { target_type: z.string().nullish(), target_id: wireId.nullish() };

export const callSubscriptionProto = z.looseObject({
  id: wireId,
  call_states: z.array(z.string()).nullish(),
  enabled: z.boolean(),
  group_calls_only: z.boolean().nullish(),
  ...target,
  ...linkedEndpoints,
});
export type CallSubscriptionProto = z.output<typeof callSubscriptionProto>;

export const smsSubscriptionProto = z.looseObject({
  id: wireId,
  direction: z.string(),
  enabled: z.boolean(),
  include_internal: z.boolean().nullish(),
  status: z.boolean().nullish(),
  ...target,
  ...linkedEndpoints,
});
export type SmsSubscriptionProto = z.output<typeof smsSubscriptionProto>;

export const legacySmsProto = z.looseObject({
  id: wireId,
  url: z.string(),
  direction: z.string(),
  enabled: z.boolean(),
  ...target,
  signature: signatureProto.nullish(),
});
export type LegacySmsProto = z.output<typeof legacySmsProto>;

const listOf = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item).nullish(), cursor: z.string().nullish() });

// ---- what the provider sends ----

/** null clears a field (secret, target) where absent would leave it as it is. */
export interface WebhookBody { hook_url?: string; secret?: string | null }
interface TargetBody { target_type?: string | null; target_id?: number | string | null }
interface EndpointBody { webhook_id?: number | string; websocket_id?: number | string }
export interface CallSubscriptionBody extends TargetBody, EndpointBody {
  call_states?: string[]; enabled?: boolean; group_calls_only?: boolean;
}
export interface SmsSubscriptionBody extends TargetBody, EndpointBody {
  direction?: string; enabled?: boolean; include_internal?: boolean; status?: boolean;
}
export interface LegacySmsBody extends TargetBody { url: string; direction: string; enabled: boolean; secret?: string }

/** The five operations of a Dialpad collection with server-made ids. */
export interface DialpadCollection<P, B> {
  /** `findExisting` is consulted when the answer to the POST is lost (see provider/http). */
  create(body: B, findExisting?: () => Promise<P | undefined>): Promise<P>;
  get(id: string): Promise<P>;
  update(id: string, body: B): Promise<P>;
  delete(id: string): Promise<P>;
  /** Every object, following cursors (bounded). */
  list(): Promise<P[]>;
}

export interface DialpadClient {
  webhooks: DialpadCollection<WebhookProto, WebhookBody>;
  callSubscriptions: DialpadCollection<CallSubscriptionProto, CallSubscriptionBody>;
  smsSubscriptions: DialpadCollection<SmsSubscriptionProto, SmsSubscriptionBody>;
  /** Archived API: the caller picks the id ("hook id"), PUT creates or overwrites. */
  legacySms: {
    put(hookId: string, body: LegacySmsBody): Promise<LegacySmsProto>;
    get(hookId: string): Promise<LegacySmsProto>;
    delete(hookId: string): Promise<LegacySmsProto>;
  };
}

export interface DialpadClientOptions {
  apiKey: string;
  baseUrl: string;
  companyId?: string;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

/** Dialpad's documented limits: 20/s per company, 1200/min per operation, POST /webhooks 100/min, POST /websockets 250/min. */
export const DIALPAD_LIMITS = {
  overall: { requests: 20, perMs: 1000 },
  perOperation: { requests: 1200, perMs: 60_000 },
  operations: {
    "POST /api/v2/webhooks": { requests: 100, perMs: 60_000 },
    "POST /api/v2/websockets": { requests: 250, perMs: 60_000 },
  },
};

const MAX_PAGES = 1000;

const dialpadMessage = (body: unknown): string | undefined => {
  const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
  return parsed.success ? parsed.data.error.message : undefined;
};

export function createDialpadClient(options: DialpadClientOptions): DialpadClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  // Limits are per company (Dialpad's unit); without a company id the key stands for it, hashed.
  const company = options.companyId ?? createHash("sha256").update(options.apiKey).digest("hex").slice(0, 12);
  const http: VendorClient = createVendorClient({
    vendor: "Dialpad",
    baseUrl: base,
    headers: {
      Authorization: `Bearer ${options.apiKey}`,
      "Content-Type": "application/json",
      ...(options.companyId ? { "DP-Company-ID": options.companyId } : {}),
    },
    limits: DIALPAD_LIMITS,
    limitScope: `Dialpad ${base} ${company}`,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    parseError: dialpadMessage,
    secrets: [options.apiKey],
  });

  function collection<S extends z.ZodType, B>(path: string, proto: S): DialpadCollection<z.output<S>, B> {
    type P = z.output<S>;
    const parse = (data: unknown): P => proto.parse(data);
    const one = `${path}/{id}`;
    const at = (id: string) => `${path}/${encodeURIComponent(id)}`;
    return {
      create: (body, findExisting) => http.request({ method: "POST", path, body, operation: `POST ${path}`, parse, findExisting }),
      get: (id) => http.request({ method: "GET", path: at(id), operation: `GET ${one}`, parse }),
      update: (id, body) => http.request({ method: "PATCH", path: at(id), body, operation: `PATCH ${one}`, parse }),
      delete: (id) => http.request({ method: "DELETE", path: at(id), operation: `DELETE ${one}`, parse }),
      async list() {
        const items: P[] = [];
        const page = listOf(proto);
        let cursor: string | undefined;
        for (let i = 0; i < MAX_PAGES; i++) {
          const res = await http.request({
            method: "GET", path, query: { limit: 100, cursor }, operation: `GET ${path}`, parse: (d) => page.parse(d),
          });
          items.push(...((res.items ?? []) as P[]));
          cursor = res.cursor ?? undefined;
          if (!cursor) return items;
        }
        throw new Error(`Dialpad GET ${path}: more than ${MAX_PAGES} pages; stopped following cursors`);
      },
    };
  }

  const legacyPath = "/api/v2/event-subscriptions/sms";
  const legacyOne = `${legacyPath}/{id}`;
  const legacyAt = (id: string) => `${legacyPath}/${encodeURIComponent(id)}`;
  const parseLegacy = (d: unknown) => legacySmsProto.parse(d);

  return {
    webhooks: collection<typeof webhookProto, WebhookBody>("/api/v2/webhooks", webhookProto),
    callSubscriptions: collection<typeof callSubscriptionProto, CallSubscriptionBody>("/api/v2/subscriptions/call", callSubscriptionProto),
    smsSubscriptions: collection<typeof smsSubscriptionProto, SmsSubscriptionBody>("/api/v2/subscriptions/sms", smsSubscriptionProto),
    legacySms: {
      put: (id, body) => http.request({ method: "PUT", path: legacyAt(id), body, operation: `PUT ${legacyOne}`, parse: parseLegacy }),
      get: (id) => http.request({ method: "GET", path: legacyAt(id), operation: `GET ${legacyOne}`, parse: parseLegacy }),
      delete: (id) => http.request({ method: "DELETE", path: legacyAt(id), operation: `DELETE ${legacyOne}`, parse: parseLegacy }),
    },
  };
}

let shared: { key: string; client: DialpadClient } | undefined;

/** The process-wide client for the current settings (rebuilt only when they change). */
export function dialpadClient(): DialpadClient {
  const s = currentSettings().dialpad;
  const apiKey = requireSetting(s.apiKey, "dialpad.apiKey", "Dialpad resources");
  const key = createHash("sha256").update(JSON.stringify([apiKey, s.baseUrl, s.companyId ?? ""])).digest("hex");
  if (shared?.key !== key) shared = { key, client: createDialpadClient({ apiKey, baseUrl: s.baseUrl, companyId: s.companyId }) };
  return shared.client;
}
