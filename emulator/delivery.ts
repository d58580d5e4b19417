// Outgoing HTTP from the emulator: event deliveries to subscribers (signed or plain) and the Cinnox URL challenge.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { signHs256 } from "./jwt";

/** Where the emulator listens; `port` is 0 until it does. */
export interface SelfAddress { host: string; port: number }

const SELF_REFUSAL = "refused: the URL points at the emulator itself";

/** Addresses that reach this machine: loopback, wildcards and every local interface. */
function localAddresses(): Set<string> {
  const out = new Set(["localhost", "0.0.0.0", "::", "::1"]);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) out.add(a.address.toLowerCase());
  return out;
}

/**
 * True when `url` reaches the emulator's own host and port (its admin API or any vendor path): delivering there could
 * make it deliver to itself forever. Names that resolve to this machine through DNS are not detected.
 */
export function pointsAtSelf(url: string, self: SelfAddress): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const port = target.port === "" ? (target.protocol === "https:" ? 443 : 80) : Number(target.port);
  if (self.port === 0 || port !== self.port) return false;
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === self.host.replace(/^\[|\]$/g, "").toLowerCase() || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4 && host.startsWith("127.")) return true;
  return localAddresses().has(host);
}

/** How long one delivery may take before it is recorded as failed. */
export const DELIVERY_TIMEOUT_MS = 5000;

export interface PostResult { status: number; body: string }

/** POSTs `payload` and resolves with the status and body text; rejects on connection errors and after `timeoutMs`. */
export function post(url: string, payload: string, contentType: string, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error("invalid URL"));
      return;
    }
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    // agent: false: one connection per delivery, so a receiver in a test can close without waiting for idle sockets.
    const req = send(target, {
      method: "POST",
      agent: false,
      headers: { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload), "User-Agent": "pulumi-dialpad-cinnox-emulator" },
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(payload);
  });
}

export interface Delivery {
  subscriptionId: string;
  url: string;
  /** HTTP status of the receiver's answer; absent when the delivery failed (see `error`). */
  status?: number;
  signed: boolean;
  error?: string;
  /** Set when the emulator did not even try, e.g. a URL on its own address (`error` says why too). */
  refused?: true;
}

/**
 * Delivers one event: an HS256 compact JWS of the event plus `iat` (`Content-Type: application/jwt`) when there is a
 * secret, plain JSON otherwise. Never throws: failures are recorded on the delivery.
 */
export async function deliver(
  self: SelfAddress, subscriptionId: string, url: string, event: Record<string, unknown>, secret: string | undefined,
): Promise<Delivery> {
  const signed = secret !== undefined && secret !== "";
  if (pointsAtSelf(url, self)) return { subscriptionId, url, signed, error: SELF_REFUSAL, refused: true };
  try {
    const payload = signed ? await signHs256(event, secret) : JSON.stringify(event);
    const res = await post(url, payload, signed ? "application/jwt" : "application/json", DELIVERY_TIMEOUT_MS);
    return { subscriptionId, url, status: res.status, signed };
  } catch (err) {
    return { subscriptionId, url, signed, error: err instanceof Error ? err.message : String(err) };
  }
}
