// `createHandler`: a node `http` request listener (also an Express handler) that reads a delivery with a
// size limit, routes it to Dialpad or Cinnox, verifies and parses it, runs the kind's callback (or the
// vendor's fallback, or `onUnhandled`), and answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type DeliveryBody, bodyText, isPlainObject } from "./body";
import * as cinnox from "./cinnox";
import * as dialpad from "./dialpad";
import { type EventErrorCode, EventVerificationError } from "./errors";
import { DEFAULT_REMEMBERED_DELIVERIES, RedeliveryMemory, deliveryKey } from "./redelivery";

/** Passed to every callback alongside the event: the request it came in, for headers or logging. */
export interface DeliveryContext {
  req: IncomingMessage;
}

type Callback<E> = (event: E, context: DeliveryContext) => void | Promise<void>;

export interface DialpadHandlerOptions {
  /**
   * The webhook's secret. Without it plain JSON is accepted and signed bodies refused; with it only HS256
   * tokens. A list accepts a token signed with any of its secrets: during a rotation, give the old and the
   * new secret, `pulumi up`, then remove the old one.
   */
  secret?: dialpad.SecretOrSecrets;
  /**
   * Recognise redeliveries (a vendor's retry, a replayed body) of events whose payload carries an id
   * (`events.dialpad.deliveryKey`): the callback runs once per event, a later copy is answered 200
   * `{"ok":true,"redelivery":true}` without running it, a copy arriving while the first is handled waits
   * for it, and a copy of one whose callback failed is handled again. `true` remembers the last 10,000
   * events; `{ remember: n }` the last n (memory stays bounded). Off by default.
   */
  redeliveries?: boolean | { remember?: number };
  onCall?: Callback<dialpad.CallEvent>;
  onSms?: Callback<dialpad.SmsEvent>;
  onContact?: Callback<dialpad.ContactEvent>;
  onAgentStatus?: Callback<dialpad.AgentStatusEvent>;
  onChangelog?: Callback<dialpad.ChangelogEvent>;
  /** Every verified delivery whose kind has no callback of its own above, `unknown` included. */
  onEvent?: Callback<dialpad.DialpadEvent>;
  /** Only requests to this path are Dialpad deliveries. Without it, Dialpad is recognised by content. */
  path?: string;
  /** Seconds of clock skew tolerated on `exp`/`nbf`. Default 0. */
  clockToleranceSeconds?: number;
}

export interface CinnoxHandlerOptions {
  onInboundSms?: Callback<cinnox.InboundSms>;
  onOutboundSms?: Callback<cinnox.OutboundSms>;
  onCall?: Callback<cinnox.Call>;
  onEnquiry?: Callback<cinnox.Enquiry>;
  onLabel?: Callback<cinnox.Label>;
  /** Every notification whose kind has no callback of its own above, `unknown` included. */
  onNotification?: Callback<cinnox.CinnoxNotification>;
  /**
   * Only requests to this path are Cinnox deliveries, classified by shape (`cinnox.classify`). Without
   * it and without `paths`, Cinnox is recognised by content on any path no other vendor claims.
   */
  path?: string;
  /**
   * One path per subscription URL (the reliable way, since Cinnox names no event type): a request to
   * `paths.call` is parsed as a call notification, and so on, with no guessing. The challenge is
   * answered on every one of them.
   */
  paths?: Partial<Record<cinnox.CinnoxNotificationKind, string>>;
}

export interface HandlerOptions {
  dialpad?: DialpadHandlerOptions;
  cinnox?: CinnoxHandlerOptions;
  /** Bodies larger than this are refused with 413 without being read further. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Called when a callback throws or rejects (the sender gets a bare 500). Default: `console.error`.
   * `vendor` and `kind` say which callback failed.
   */
  onError?: (error: unknown, info: ErrorInfo) => void;
  /**
   * Called for a valid delivery of a kind with no callback (neither its own nor the vendor's fallback).
   * The sender still gets 200: the delivery is authentic, and refusing it would only make the vendor
   * retry. Default: one `console.warn` line naming the vendor and kind (never the content). If it
   * throws, the sender gets 500 and the error goes to `onError`.
   */
  onUnhandled?: (delivery: UnhandledDelivery) => void | Promise<void>;
}

/** A delivery no callback took, as given to `onUnhandled`. */
export type UnhandledDelivery = (({ vendor: "dialpad" } & dialpad.DialpadEvent) | ({ vendor: "cinnox" } & cinnox.CinnoxNotification)) & {
  req: IncomingMessage;
};

/**
 * Which callback failed: `kind` is the delivery's kind (`call`, `sms`, `contact`, ... for Dialpad;
 * `inboundSms`, `outboundSms`, `call`, ... for Cinnox), `unhandled` for `onUnhandled`, and `handler`
 * (no vendor) for a fault of the handler itself.
 */
export interface ErrorInfo {
  vendor?: Vendor;
  kind: string;
  req: IncomingMessage;
}

export type Vendor = "dialpad" | "cinnox";
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** HTTP status for each refusal: authentication problems are 401, shape problems 400. */
const STATUS_BY_CODE: Record<EventErrorCode, number> = {
  bad_signature: 401,
  wrong_algorithm: 401,
  unsigned: 401,
  secret_required: 401,
  expired: 401,
  not_yet_valid: 401,
  malformed: 400,
  not_an_event: 400,
};

/**
 * Routing: a vendor configured with a `path` (or Cinnox `paths`) receives exactly the requests to those
 * paths (query string ignored). Requests to other paths go to the vendors configured without any; when
 * both are, the body decides: a compact JWS is Dialpad, a JSON object that `cinnox.looksLikeCinnox` (the
 * challenge, or an inbound-SMS, outbound-SMS, call or enquiry notification) is Cinnox, any other JSON
 * object is Dialpad.
 * No candidate vendor for a path: 404.
 */
export function createHandler(options: HandlerOptions): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new TypeError("maxBodyBytes must be a positive integer");
  if (!options.dialpad && !options.cinnox) throw new TypeError("createHandler needs a dialpad or a cinnox section");
  // Built once so the secret is validated at start-up rather than on the first delivery.
  const verifyDialpad = options.dialpad
    ? dialpad.createVerifier(options.dialpad.secret, { clockToleranceSeconds: options.dialpad.clockToleranceSeconds })
    : undefined;
  const redeliveries = redeliveryMemory(options.dialpad?.redeliveries);
  const cinnoxKindByPath = cinnoxPaths(options.cinnox);
  refuseSharedPath(options.dialpad?.path, options.cinnox, cinnoxKindByPath);
  const reportError = options.onError ?? defaultOnError;
  const reportUnhandled = options.onUnhandled ?? defaultOnUnhandled;

  function pathsOf(vendor: Vendor): string[] {
    if (vendor === "dialpad") return options.dialpad?.path === undefined ? [] : [options.dialpad.path];
    return [...(options.cinnox?.path === undefined ? [] : [options.cinnox.path]), ...cinnoxKindByPath.keys()];
  }

  function candidatesFor(pathname: string): Vendor[] {
    const exact: Vendor[] = [];
    const open: Vendor[] = [];
    for (const vendor of ["dialpad", "cinnox"] as const) {
      if (!options[vendor]) continue;
      const paths = pathsOf(vendor);
      if (paths.length === 0) open.push(vendor);
      else if (paths.includes(pathname)) exact.push(vendor);
    }
    return exact.length > 0 ? exact : open;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return sendError(res, 405, "method_not_allowed", "deliveries are POST requests");
    }
    const pathname = pathnameOf(req.url);
    const candidates = candidatesFor(pathname);
    if (candidates.length === 0) return sendError(res, 404, "not_found", "no receiver configured for this path");

    const body = await readBody(req, res, maxBodyBytes);
    if (body === undefined) return; // already answered (413) or the client went away

    try {
      const vendor = candidates.length === 1 ? candidates[0] : sniffVendor(body);
      if (vendor === "cinnox" && options.cinnox) await handleCinnox(options.cinnox, cinnoxKindByPath.get(pathname), body, req, res);
      else if (vendor === "dialpad" && options.dialpad && verifyDialpad) await handleDialpad(options.dialpad, verifyDialpad, body, req, res);
      else throw new Error(`no ${vendor} section configured`); // unreachable: candidates hold configured vendors only
    } catch (err) {
      if (err instanceof EventVerificationError) return sendError(res, STATUS_BY_CODE[err.code], err.code, err.message);
      throw err;
    }
  }

  async function handleDialpad(
    section: DialpadHandlerOptions,
    verify: (body: DeliveryBody) => Promise<dialpad.DialpadEvent>,
    body: Buffer,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const delivery = await verify(body);
    const handle = () => dispatch("dialpad", delivery, dialpadCallback(section, delivery), section.onEvent, req, res);
    const key = redeliveries && deliveryKey(delivery);
    if (!redeliveries || key === undefined) {
      if (await handle()) sendJson(res, 200, { ok: true });
      return;
    }
    // False also when this copy's callback failed, but then the 500 is already sent and this is a no-op.
    if (await redeliveries.once(key, handle)) sendJson(res, 200, { ok: true });
    else sendJson(res, 200, { ok: true, redelivery: true });
  }

  async function handleCinnox(
    section: CinnoxHandlerOptions,
    kind: cinnox.CinnoxNotificationKind | undefined,
    body: Buffer,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    // The handshake comes to every URL Cinnox is given, whatever the subscription.
    const answer = cinnox.challengeResponse(body);
    if (answer) return sendJson(res, 200, answer);
    const notification = kind === undefined ? cinnox.parseNotification(body) : cinnox.parseAs(kind, body);
    if (await dispatch("cinnox", notification, cinnoxCallback(section, notification), section.onNotification, req, res)) {
      sendJson(res, 200, { code: 0 });
    }
  }

  /**
   * Hands a parsed delivery to its kind's callback, else to the vendor's fallback with the kind, else to
   * `onUnhandled`. False when the callback failed (500 already sent).
   */
  async function dispatch<D extends dialpad.DialpadEvent | cinnox.CinnoxNotification>(
    vendor: Vendor,
    delivery: D,
    own: ((context: DeliveryContext) => void | Promise<void>) | undefined,
    fallback: Callback<D> | undefined,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    if (own) return runCallback(() => own({ req }), vendor, delivery.kind, req, res);
    if (fallback) return runCallback(() => fallback(delivery, { req }), vendor, delivery.kind, req, res);
    const unhandled = { vendor, ...delivery, req } as UnhandledDelivery;
    return runCallback(() => reportUnhandled(unhandled), vendor, "unhandled", req, res);
  }

  /** Runs a callback; on failure answers 500 without details and reports the error. False when it failed. */
  async function runCallback(
    callback: () => void | Promise<void>,
    vendor: Vendor,
    kind: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    try {
      await callback();
      return true;
    } catch (err) {
      reportError(err, { vendor, kind, req });
      sendError(res, 500, "internal_error", "the receiver failed to process the event");
      return false;
    }
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Only our own bugs land here; answer so the sender does not hang, and say so in the log.
      reportError(err, { kind: "handler", req });
      sendError(res, 500, "internal_error", "the receiver failed to process the event");
    });
  };
}

/** The kind's own callback bound to its event, or undefined when the section has none for this kind. */
function dialpadCallback(section: DialpadHandlerOptions, d: dialpad.DialpadEvent): ((context: DeliveryContext) => void | Promise<void>) | undefined {
  // A switch rather than a lookup table so that the compiler pairs each kind with its event type, and
  // names this function when a kind is added to DialpadEvent.
  switch (d.kind) {
    case "call":
      return bind(section.onCall, d.event);
    case "sms":
      return bind(section.onSms, d.event);
    case "contact":
      return bind(section.onContact, d.event);
    case "agent_status":
      return bind(section.onAgentStatus, d.event);
    case "changelog":
      return bind(section.onChangelog, d.event);
    case "unknown":
      return undefined; // only the fallback or onUnhandled
  }
}

function cinnoxCallback(section: CinnoxHandlerOptions, n: cinnox.CinnoxNotification): ((context: DeliveryContext) => void | Promise<void>) | undefined {
  switch (n.kind) {
    case "inboundSms":
      return bind(section.onInboundSms, n.event);
    case "outboundSms":
      return bind(section.onOutboundSms, n.event);
    case "call":
      return bind(section.onCall, n.event);
    case "enquiry":
      return bind(section.onEnquiry, n.event);
    case "label":
      return bind(section.onLabel, n.event);
    case "unknown":
      return undefined;
  }
}

function bind<E>(callback: Callback<E> | undefined, event: E): ((context: DeliveryContext) => void | Promise<void>) | undefined {
  return callback && ((context) => callback(event, context));
}

function redeliveryMemory(option: DialpadHandlerOptions["redeliveries"]): RedeliveryMemory | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return new RedeliveryMemory(DEFAULT_REMEMBERED_DELIVERIES);
  if (!isPlainObject(option)) throw new TypeError("dialpad.redeliveries must be a boolean or { remember: number }");
  return new RedeliveryMemory(option.remember ?? DEFAULT_REMEMBERED_DELIVERIES);
}

/** `cinnox.paths` inverted (path → kind); one path cannot serve two kinds. */
function cinnoxPaths(section: CinnoxHandlerOptions | undefined): Map<string, cinnox.CinnoxNotificationKind> {
  const byPath = new Map<string, cinnox.CinnoxNotificationKind>();
  for (const [kind, path] of Object.entries(section?.paths ?? {}) as Array<[cinnox.CinnoxNotificationKind, string | undefined]>) {
    if (path === undefined) continue;
    if (typeof path !== "string" || !path.startsWith("/")) throw new TypeError(`cinnox.paths.${kind} must be a path starting with "/"`);
    const other = byPath.get(path);
    if (other) throw new TypeError(`cinnox.paths: ${path} is given for both ${other} and ${kind}`);
    if (path === section?.path) throw new TypeError(`cinnox.paths.${kind} repeats cinnox.path (${path})`);
    byPath.set(path, kind);
  }
  return byPath;
}

/**
 * One path cannot belong to both vendors: the request would go to whichever the body suggests, so a
 * Dialpad delivery that looks like Cinnox (or the reverse) would be parsed by the wrong vendor.
 */
function refuseSharedPath(
  dialpadPath: string | undefined,
  section: CinnoxHandlerOptions | undefined,
  cinnoxKindByPath: Map<string, cinnox.CinnoxNotificationKind>,
): void {
  if (dialpadPath === undefined || !section) return;
  const kind = cinnoxKindByPath.get(dialpadPath);
  const other = section.path === dialpadPath ? "cinnox.path" : kind !== undefined ? `cinnox.paths.${kind}` : undefined;
  if (other) throw new TypeError(`createHandler: path ${dialpadPath} is given to both dialpad.path and ${other}; give each vendor its own path`);
}

/** Content-based routing between both vendors (see createHandler). Invalid JSON goes to Dialpad, which reports it. */
function sniffVendor(body: DeliveryBody): Vendor {
  const text = bodyText(body);
  if (dialpad.looksSigned(text)) return "dialpad";
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) && cinnox.looksLikeCinnox(value) ? "cinnox" : "dialpad";
  } catch {
    return "dialpad";
  }
}

function pathnameOf(url: string | undefined): string {
  const raw = url ?? "/";
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

/**
 * Reads the body up to `limit` bytes. Past the limit (by Content-Length or while streaming) it stops
 * reading, answers 413 with `Connection: close` and returns undefined. A body already read by a
 * framework (`req.body` as Buffer/string from express.raw/express.text, or an object from
 * express.json) is used as is.
 */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer | undefined> {
  const preRead = (req as IncomingMessage & { body?: unknown }).body;
  if (typeof preRead === "string" || Buffer.isBuffer(preRead) || (isPlainObject(preRead) && req.readableEnded)) {
    const buffer = typeof preRead === "string" || Buffer.isBuffer(preRead) ? Buffer.from(preRead) : Buffer.from(JSON.stringify(preRead));
    if (buffer.length > limit) return Promise.resolve(tooLarge(req, res, limit));
    return Promise.resolve(buffer);
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge(req, res, limit));

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        resolve(tooLarge(req, res, limit));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onGone = () => {
      cleanup();
      resolve(undefined);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, limit: number): undefined {
  req.pause();
  // Closing the connection is what stops the sender: the rest of the body is never read.
  res.setHeader("Connection", "close");
  sendError(res, 413, "body_too_large", `body exceeds ${limit} bytes`);
  res.on("finish", () => req.socket?.destroySoon?.());
  return undefined;
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent || res.writableEnded) return;
  const payload = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) });
  res.end(payload);
}

function defaultOnError(error: unknown, info: ErrorInfo): void {
  console.error(`events: ${info.vendor ?? "receiver"} ${info.kind} delivery failed:`, error);
}

function defaultOnUnhandled(delivery: UnhandledDelivery): void {
  // The kind only: the content may hold personal data, and the log is not the place for it.
  console.warn(`events: ${delivery.vendor} ${delivery.kind} delivery acknowledged but no callback handles it (set onUnhandled to silence this)`);
}
