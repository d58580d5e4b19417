// `createHandler`: a node `http` request listener (also an Express handler) that reads a delivery with a
// size limit, routes it to Dialpad or Cinnox, verifies and parses it, runs the callback, and answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type DeliveryBody, bodyText, isPlainObject } from "./body";
import * as cinnox from "./cinnox";
import * as dialpad from "./dialpad";
import { type EventErrorCode, EventVerificationError } from "./errors";

/** Passed to every callback alongside the event: the request it came in, for headers or logging. */
export interface DeliveryContext {
  req: IncomingMessage;
}

type Callback<E> = (event: E, context: DeliveryContext) => void | Promise<void>;

export interface DialpadHandlerOptions {
  /** The webhook's secret. Without it plain JSON is accepted and signed bodies refused; with it only HS256 tokens. */
  secret?: string;
  onCall?: Callback<dialpad.CallEvent>;
  onSms?: Callback<dialpad.SmsEvent>;
  /** Only requests to this path are Dialpad deliveries. Without it, Dialpad is recognised by content. */
  path?: string;
  /** Seconds of clock skew tolerated on `exp`/`nbf`. Default 0. */
  clockToleranceSeconds?: number;
}

export interface CinnoxHandlerOptions {
  onInboundSms?: Callback<cinnox.InboundSms>;
  /** Only requests to this path are Cinnox deliveries. Without it, Cinnox is recognised by content. */
  path?: string;
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
}

/** Which callback failed: `kind` is "call", "sms" or "inbound_sms"; "handler" (no vendor) for a fault of the handler itself. */
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
 * Routing: a vendor configured with a `path` receives exactly the requests to that path (query string
 * ignored). Requests to other paths go to the vendors configured without a path; when both are, the
 * body decides: a compact JWS is Dialpad, a JSON object with `challenge` or `eventDescription` is
 * Cinnox, any other JSON object is Dialpad. No candidate vendor for a path: 404.
 */
export function createHandler(options: HandlerOptions): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new TypeError("maxBodyBytes must be a positive integer");
  if (!options.dialpad && !options.cinnox) throw new TypeError("createHandler needs a dialpad or a cinnox section");
  // Built once so the secret is validated at start-up rather than on the first delivery.
  const verifyDialpad = options.dialpad
    ? dialpad.createVerifier(options.dialpad.secret, { clockToleranceSeconds: options.dialpad.clockToleranceSeconds })
    : undefined;
  const reportError = options.onError ?? defaultOnError;

  function candidatesFor(pathname: string): Vendor[] {
    const exact: Vendor[] = [];
    const open: Vendor[] = [];
    for (const vendor of ["dialpad", "cinnox"] as const) {
      const section = options[vendor];
      if (!section) continue;
      if (section.path === undefined) open.push(vendor);
      else if (section.path === pathname) exact.push(vendor);
    }
    return exact.length > 0 ? exact : open;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return sendError(res, 405, "method_not_allowed", "deliveries are POST requests");
    }
    const candidates = candidatesFor(pathnameOf(req.url));
    if (candidates.length === 0) return sendError(res, 404, "not_found", "no receiver configured for this path");

    const body = await readBody(req, res, maxBodyBytes);
    if (body === undefined) return; // already answered (413) or the client went away

    try {
      const vendor = candidates.length === 1 ? candidates[0] : sniffVendor(body);
      if (vendor === "cinnox" && options.cinnox) await handleCinnox(options.cinnox, body, req, res);
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
    const ok =
      delivery.kind === "call"
        ? await runCallback(section.onCall, delivery.event, "dialpad", "call", req, res)
        : await runCallback(section.onSms, delivery.event, "dialpad", "sms", req, res);
    if (ok) sendJson(res, 200, { ok: true });
  }

  async function handleCinnox(section: CinnoxHandlerOptions, body: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const answer = cinnox.challengeResponse(body);
    if (answer) return sendJson(res, 200, answer);
    const event = cinnox.parseInboundSms(body);
    if (await runCallback(section.onInboundSms, event, "cinnox", "inbound_sms", req, res)) {
      sendJson(res, 200, { code: 0 });
    }
  }

  /** Runs a callback; on failure answers 500 without details and reports the error. False when it failed. */
  async function runCallback<E>(
    callback: Callback<E> | undefined,
    event: E,
    vendor: Vendor,
    kind: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    try {
      await callback?.(event, { req });
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
