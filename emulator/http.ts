// The request/response values passed between the server, the fault layer and the vendor routers.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "./errors";

export type Vendor = "dialpad" | "cinnox";

export function vendorOf(path: string): Vendor | undefined {
  if (path.startsWith("/api/")) return "dialpad";
  if (path.startsWith("/v1/")) return "cinnox";
  return undefined;
}

export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the body is empty. */
  body: unknown;
  /** Set when the body is present but not JSON. */
  bodyError?: string;
  /** host[:port] the client used, for URLs the emulator hands out. */
  host: string;
  /** Made by another party through the admin out-of-band call: what it creates is marked so in the state dump. */
  outOfBand?: boolean;
  /** The id a create takes: set when the request arrived earlier than it is applied (fault `late`). */
  reservedId?: string;
}

export interface EmulatorResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Largest request body accepted (bigger ones get 413), large enough for any real subscription body. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => (size > MAX_BODY_BYTES ? reject(new ApiError(413, "request body too large")) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

export function parseJsonBody(raw: Buffer): { body: unknown; bodyError?: string } {
  const text = raw.toString("utf8");
  if (text.trim() === "") return { body: undefined };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { body: undefined, bodyError: "request body is not valid JSON" };
  }
}

export function sendJson(res: ServerResponse, out: EmulatorResponse): void {
  const payload = JSON.stringify(out.body);
  res.writeHead(out.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    ...out.headers,
  });
  res.end(payload);
}

export const json = (body: unknown, status = 200): EmulatorResponse => ({ status, body });

/** A JSON object body, or a 400 naming what was wrong. Empty bodies count as `{}`. */
export function objectBody(req: EmulatorRequest): Record<string, unknown> {
  if (req.bodyError) throw new ApiError(400, req.bodyError);
  if (req.body === undefined) return {};
  if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) {
    throw new ApiError(400, "request body must be a JSON object");
  }
  return req.body as Record<string, unknown>;
}
