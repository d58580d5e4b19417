// The log of vendor API requests the admin API serves, with secrets and API keys redacted, bounded in size.
import type { Vendor } from "./http";

export interface LoggedRequest {
  seq: number;
  time: string;
  vendor: Vendor;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Status the emulator decided on; 0 when the connection was reset before any was. */
  status: number;
  body: unknown;
  fault?: string;
}

/** Oldest entries are dropped past this, so a long benchmark or pipeline run cannot grow memory without bound. */
export const MAX_LOGGED_REQUESTS = 10_000;
export const REDACTED = "[redacted]";

/** Deep copy of `value` with every `secret` value replaced; those must never reach a log or a test output. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "secret" ? REDACTED : redact(v)]));
  }
  return value;
}

export function redactQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) out[k] = k.toLowerCase() === "apikey" ? REDACTED : v;
  return out;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  add(entry: Omit<LoggedRequest, "seq" | "body"> & { body: unknown }): void {
    this.entries.push({ seq: ++this.seq, ...entry, body: redact(entry.body) });
    if (this.entries.length > MAX_LOGGED_REQUESTS) this.entries.splice(0, this.entries.length - MAX_LOGGED_REQUESTS);
  }

  since(seq: number): LoggedRequest[] {
    return this.entries.filter((e) => e.seq > seq);
  }

  /** Sequence numbers keep growing across a clear, so `since` stays meaningful. */
  clear(): void {
    this.entries = [];
  }
}
