// The emulator's HTTP server: admin calls, then per vendor request the fault layer, the vendor router and the request log.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ADMIN_PREFIX, handleAdmin, isLoopback } from "./admin";
import { cinnoxCode, cinnoxError, handleCinnox } from "./cinnox";
import { dialpadError, handleDialpad } from "./dialpad/router";
import { ApiError } from "./errors";
import { Faults, faultLabel, hostileAnswer, type Fault } from "./faults";
import { parseJsonBody, readBody, sendJson, vendorOf, type EmulatorRequest, type EmulatorResponse, type Vendor } from "./http";
import { resolveOptions, type EmulatorOptions, type RunningEmulator } from "./options";
import { RateLimiter } from "./rate-limit";
import { RequestLog, redactQuery } from "./request-log";
import { cancelLandings, type Runtime } from "./runtime";
import { Store } from "./store";

function vendorError(vendor: Vendor, status: number, message: string, retryAfter?: number | null): EmulatorResponse {
  return vendor === "dialpad" ? dialpadError(status, message, retryAfter) : cinnoxError(status, cinnoxCode(status), message, retryAfter);
}

/**
 * The answer an injected status fault gives: the vendor's error body, Retry-After 1 s by default on 429. With `echo`,
 * the message carries the request body as sent (secrets included: the point is to prove a client never shows it).
 */
function faultResponse(vendor: Vendor, fault: Fault & { status: number }, body: unknown): EmulatorResponse {
  const retryAfter = fault.retryAfter === null ? null : (fault.retryAfter ?? (fault.status === 429 ? 1 : null));
  const message = fault.echo
    ? `${fault.status < 500 ? "invalid request" : "request failed"}: ${JSON.stringify(body ?? null)}`
    : fault.status === 429 ? "rate limit exceeded" : `injected fault: status ${fault.status}`;
  return vendorError(vendor, fault.status, message, retryAfter);
}

const dispatch = (vendor: Vendor, req: EmulatorRequest, rt: Runtime): Promise<EmulatorResponse> =>
  vendor === "dialpad" ? handleDialpad(req, rt) : handleCinnox(req, rt);

/**
 * Fault `late`: the client never gets an answer (reset now, or a connection left open until it gives up), and the
 * change is applied `afterMs` later. A create takes its id now, so the object appears with the id it would have got.
 */
function landLate(vendor: Vendor, req: EmulatorRequest, res: ServerResponse, late: NonNullable<Fault["late"]>, rt: Runtime): void {
  const reservedId = vendor === "dialpad" && req.method === "POST" ? rt.store.newId() : undefined;
  const timer = setTimeout(() => {
    rt.landings.delete(timer);
    dispatch(vendor, { ...req, ...(reservedId ? { reservedId } : {}) }, rt).catch((err: unknown) => {
      console.error("emulator: a late request failed to land:", err);
    });
  }, late.afterMs);
  // A pending landing never keeps the process alive; close() and reset cancel it.
  timer.unref();
  rt.landings.add(timer);
  if (late.connection === "reset") resetConnection(res.socket ?? undefined);
  // "hang": no answer; the socket stays open until the client closes it or the emulator does.
}

/** A TCP reset where the platform has it (the client sees ECONNRESET), else a plain close. */
function resetConnection(socket: Socket | undefined): void {
  if (!socket) return;
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Fault `cursor`: a request carrying the injected cursor (which the emulator did not make) is answered as the first
 * page, as a vendor whose cursor never advances would, so the same cursor comes back every time the fault applies.
 */
function repeatedCursor(fault: Fault, req: EmulatorRequest): EmulatorRequest {
  if (typeof fault.cursor !== "string" || req.query.get("cursor") !== fault.cursor) return req;
  const query = new URLSearchParams(req.query);
  query.delete("cursor");
  return { ...req, query };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function toRequest(req: IncomingMessage, url: URL): Promise<EmulatorRequest> {
  const { body, bodyError } = parseJsonBody(await readBody(req));
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
    ...(bodyError ? { bodyError } : {}),
    host: req.headers.host ?? url.host,
  };
}

async function handleVendor(vendor: Vendor, req: IncomingMessage, res: ServerResponse, url: URL, rt: Runtime): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const logEntry = (status: number, body: unknown, fault?: Fault): void =>
    rt.log.add({
      time: new Date().toISOString(), vendor, method, path: url.pathname, query: redactQuery(url.searchParams), status, body,
      ...(fault ? { fault: faultLabel(fault) } : {}),
    });

  let ereq: EmulatorRequest;
  try {
    ereq = await toRequest(req, url);
  } catch (err) {
    const out = err instanceof ApiError ? vendorError(vendor, err.status, err.message) : vendorError(vendor, 400, "unreadable request");
    logEntry(out.status, undefined);
    sendJson(res, { ...out, headers: { ...out.headers, Connection: "close" } });
    return;
  }
  const fault = rt.faults.take(method, url.pathname);
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (fault?.late) {
    logEntry(0, ereq.body, fault);
    landLate(vendor, ereq, res, fault.late, rt);
    return;
  }
  if (fault?.status !== undefined && fault.apply !== "after") {
    const out = faultResponse(vendor, { ...fault, status: fault.status }, ereq.body);
    logEntry(out.status, ereq.body, fault);
    sendJson(res, out);
    return;
  }
  if (fault?.reset === "before") {
    logEntry(0, ereq.body, fault);
    resetConnection(req.socket);
    return;
  }
  if (fault?.answer !== undefined && fault.apply === "before") {
    // The vendor claims a success it did not make.
    const out = { status: fault.answer.status ?? 200, body: fault.answer.body };
    logEntry(out.status, ereq.body, fault);
    sendJson(res, out);
    return;
  }
  const applied = await dispatch(vendor, fault ? repeatedCursor(fault, ereq) : ereq, rt);
  // apply "after": the change is made (and persisted); the client is told it failed, or is answered what the fault says.
  const out = fault?.status !== undefined
    ? faultResponse(vendor, { ...fault, status: fault.status }, ereq.body)
    : fault ? hostileAnswer(fault, applied) : applied;
  logEntry(out.status, ereq.body, fault);
  if (fault?.reset === "after") {
    // The change is applied (and persisted); only the answer is lost, as when a network drops a response.
    resetConnection(req.socket);
    return;
  }
  sendJson(res, out);
}

async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, url: URL, rt: Runtime): Promise<void> {
  if (!isLoopback(req)) {
    sendJson(res, { status: 403, body: { error: { code: 403, message: "the admin API answers loopback clients only" } } });
    return;
  }
  try {
    sendJson(res, await handleAdmin(await toRequest(req, url), rt));
  } catch (err) {
    const status = err instanceof ApiError ? err.status : 500;
    const message = err instanceof ApiError ? err.message : "internal error";
    if (!(err instanceof ApiError)) console.error("emulator: internal error in admin API:", err);
    sendJson(res, { status, body: { error: { code: status, message } } });
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, rt: Runtime): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    await handleAdminRequest(req, res, url, rt);
    return;
  }
  const vendor = vendorOf(url.pathname);
  if (!vendor) {
    sendJson(res, { status: 404, body: { error: { code: 404, message: `no such endpoint: ${url.pathname}` } } });
    return;
  }
  await handleVendor(vendor, req, res, url, rt);
}

export async function startEmulator(opts?: EmulatorOptions): Promise<RunningEmulator> {
  const options = resolveOptions(opts);
  const rt: Runtime = {
    options,
    store: new Store(options.stateFile),
    limiter: new RateLimiter(options.rateLimits),
    faults: new Faults(),
    log: new RequestLog(),
    self: { host: options.host, port: 0 },
    landings: new Set(),
  };
  const server = createServer((req, res) => {
    handle(req, res, rt).catch((err: unknown) => {
      console.error("emulator: unhandled error:", err);
      if (!res.headersSent) sendJson(res, { status: 500, body: { error: { code: 500, message: "internal error" } } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  rt.self.port = port;
  // A wildcard bind is reachable on loopback; IPv6 literals need brackets in a URL.
  const host = options.host === "0.0.0.0" ? "127.0.0.1" : options.host === "::" ? "[::1]" : options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        cancelLandings(rt);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
