// The Dialpad API v2 on the shared HTTP policy: one vendor client per provider context and settings (so every
// resource of that provider shares the rate limits), and the two shapes of collection every kind lives in: server-made ids
// (POST, GET, PATCH, DELETE, list) and the archived API's caller-chosen hook ids (PUT, GET, DELETE, list).
import type { z } from "zod";
import { currentContext } from "../context";
import { RetryPolicy, VendorClient, VendorError, answerProblems, createVendorClient, type Limiter, type PolicyOverrides } from "../http";
import type { ListedObjects } from "../listing";
import { credentialHash, requireSetting } from "../settings";
import { dialpadErrorMessage, listPage } from "./wire";

export interface DialpadClientOptions {
  apiKey: string;
  baseUrl: string;
  companyId?: string;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  deadlineMs?: number;
  /** The context's limits and policy (context.ts); a client made alone has limits of its own. */
  limiter?: Limiter;
  policy?: PolicyOverrides;
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
const PAGE_SIZE = 100;

/** A vendor client for Dialpad: auth headers, limits scoped per company, Dialpad's error bodies. */
export function createDialpadClient(options: DialpadClientOptions): VendorClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  // Limits are per company (Dialpad's unit); without a company id the key stands for it, hashed.
  const company = options.companyId ?? credentialHash(options.apiKey);
  return createVendorClient({
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
    deadlineMs: options.deadlineMs,
    retry: options.retry,
    parseError: dialpadErrorMessage,
    secrets: [options.apiKey],
    limiter: options.limiter,
    policy: options.policy,
  });
}

/** The Dialpad client of the current provider context for its settings (made again only when they change). */
export function dialpadClient(): VendorClient {
  const ctx = currentContext();
  const s = ctx.settings().dialpad;
  const apiKey = requireSetting(s.apiKey, "dialpad.apiKey", "Dialpad resources");
  const deadlineMs = s.operationDeadlineSeconds === undefined ? undefined : s.operationDeadlineSeconds * 1000;
  const key = credentialHash(JSON.stringify([apiKey, s.baseUrl, s.companyId ?? "", deadlineMs ?? ""]));
  return ctx.cached("dialpad client", key, () =>
    createDialpadClient({ apiKey, baseUrl: s.baseUrl, companyId: s.companyId, deadlineMs, limiter: ctx.limiter, policy: ctx.policy }),
  );
}

/** Every item of a listed collection, following cursors (bounded; a cursor seen before stops it at once). */
async function listAll<P>(http: VendorClient, path: string, proto: z.ZodType<P>): Promise<ListedObjects<P>> {
  const out: ListedObjects<P> = { items: [], unreadable: [] };
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const res = await http.request({
      method: "GET", path, query: { limit: PAGE_SIZE, cursor }, operation: `GET ${path}`, parse: (d) => listPage.parse(d),
    });
    // One object whose shape is not Dialpad's (a null where the listing expects a value, a malformed id) must
    // not hide every other object of the kind: it is skipped, and reported by whoever shows the listing.
    for (const raw of res.items ?? []) {
      const parsed = proto.safeParse(raw);
      if (parsed.success) out.items.push(parsed.data);
      else out.unreadable.push({ ...rawIdOf(raw), reason: answerProblems(parsed.error) });
    }
    cursor = res.cursor ?? undefined;
    if (!cursor) return out;
    if (seen.has(cursor)) {
      throw new Error(`Dialpad GET ${path}: page ${i + 2} would repeat a cursor already followed; stopped listing (the vendor's pages loop)`);
    }
    seen.add(cursor);
  }
  throw new Error(`Dialpad GET ${path}: more than ${MAX_PAGES} pages; stopped following cursors`);
}

function rawIdOf(raw: unknown): { id?: string } {
  const id = raw !== null && typeof raw === "object" ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? { id: String(id) } : {};
}

/** What both collection shapes do alike: read one, delete one, list all. */
export interface CollectionBase<P> {
  readonly path: string;
  readonly http: VendorClient;
  get(id: string): Promise<P>;
  delete(id: string): Promise<P>;
  list(): Promise<ListedObjects<P>>;
}

/** The shared operations, and how to address one object of the collection (`at`) for the shape's writes. */
function base<P>(http: VendorClient, path: string, proto: z.ZodType<P>) {
  // An answer that fails the schema throws; the HTTP layer turns that into an error naming the fields (see InvalidAnswerError).
  const parse = (data: unknown): P => proto.parse(data);
  const one = `${path}/{id}`;
  const at = (id: string) => `${path}/${encodeURIComponent(id)}`;
  const ops: CollectionBase<P> = {
    path,
    http,
    get: (id) => http.request({ method: "GET", path: at(id), operation: `GET ${one}`, parse }),
    delete: (id) => http.request({ method: "DELETE", path: at(id), operation: `DELETE ${one}`, parse }),
    list: () => listAll(http, path, proto),
  };
  return { ops, parse, one, at };
}

/** The operations of a collection with server-made ids. */
export interface DialpadCollection<P> extends CollectionBase<P> {
  /** One POST; when its answer is lost, `recover` decides what it made (see provider/http). */
  create(body: unknown, recover?: (lost: VendorError) => Promise<P | undefined>): Promise<P>;
  update(id: string, body: unknown): Promise<P>;
}

export function collection<P>(http: VendorClient, path: string, proto: z.ZodType<P>): DialpadCollection<P> {
  const { ops, parse, one, at } = base(http, path, proto);
  return {
    ...ops,
    create: (body, recover) => http.request({ method: "POST", path, body, operation: `POST ${path}`, parse, recover }),
    update: (id, body) => http.request({ method: "PATCH", path: at(id), body, operation: `PATCH ${one}`, parse }),
  };
}

/** The operations of the archived API, where the caller picks the id and PUT creates or overwrites. */
export interface HookCollection<P> extends CollectionBase<P> {
  put(hookId: string, body: unknown): Promise<P>;
}

export function hookCollection<P>(http: VendorClient, path: string, proto: z.ZodType<P>): HookCollection<P> {
  const { ops, parse, one, at } = base(http, path, proto);
  return { ...ops, put: (id, body) => http.request({ method: "PUT", path: at(id), body, operation: `PUT ${one}`, parse }) };
}
