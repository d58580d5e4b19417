// The emulator's HTTP server: admin calls, then per vendor request the fault layer, the vendor router and the request log.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ADMIN_PREFIX, handleAdmin, isLoopback } from "./admin";
import { cinnoxCode, cinnoxError, handleCinnox } from "./cinnox";
import { dialpadError, handleDialpad } from "./dialpad/router";
import { ApiError } from "./errors";
import { Faults, faultLabel, type Fault } from "./faults";
import { parseJsonBody, readBody, sendJson, type EmulatorRequest, type EmulatorResponse, type Vendor } from "./http";
import { resolveOptions, type EmulatorOptions, type RunningEmulator } from "./options";
import { RateLimiter } from "./rate-limit";
import { RequestLog, redactQuery } from "./request-log";
import type { Runtime } from "./runtime";
import { Store } from "./store";

function vendorOf(path: string): Vendor | undefined {
  if (path.startsWith("/api/")) return "dialpad";
  if (path.startsWith("/v1/")) return "cinnox";
  return undefined;
}

function vendorError(vendor: Vendor, status: number, message: string, retryAfter?: number | null): EmulatorResponse {
  return vendor === "dialpad" ? dialpadError(status, message, retryAfter) : cinnoxError(status, cinnoxCode(status), message, retryAfter);
}

/** The answer an injected status fault gives: the vendor's error body, Retry-After 1 s by default on 429. */
function faultResponse(vendor: Vendor, fault: Fault & { status: number }): EmulatorResponse {
  const retryAfter = fault.retryAfter === null ? null : (fault.retryAfter ?? (fault.status === 429 ? 1 : null));
  const message = fault.status === 429 ? "rate limit exceeded" : `injected fault: status ${fault.status}`;
  return vendorError(vendor, fault.status, message, retryAfter);
}

/** A TCP reset where the platform has it (the client sees ECONNRESET), else a plain close. */
function resetConnection(socket: Socket): void {
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
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
  if (fault?.status !== undefined) {
    const out = faultResponse(vendor, { ...fault, status: fault.status });
    logEntry(out.status, ereq.body, fault);
    sendJson(res, out);
    return;
  }
  if (fault?.reset === "before") {
    logEntry(0, ereq.body, fault);
    resetConnection(req.socket);
    return;
  }
  const out = vendor === "dialpad" ? await handleDialpad(ereq, rt) : await handleCinnox(ereq, rt);
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
  // A wildcard bind is reachable on loopback; IPv6 literals need brackets in a URL.
  const host = options.host === "0.0.0.0" ? "127.0.0.1" : options.host === "::" ? "[::1]" : options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
