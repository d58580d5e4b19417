// Outgoing HTTP from the emulator: event deliveries to subscribers (signed or plain) and the Cinnox URL challenge.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { signHs256 } from "./jwt";

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
}

/**
 * Delivers one event: an HS256 compact JWS of the event plus `iat` (`Content-Type: application/jwt`) when there is a
 * secret, plain JSON otherwise. Never throws: failures are recorded on the delivery.
 */
export async function deliver(subscriptionId: string, url: string, event: Record<string, unknown>, secret: string | undefined): Promise<Delivery> {
  const signed = secret !== undefined && secret !== "";
  try {
    const payload = signed ? await signHs256(event, secret) : JSON.stringify(event);
    const res = await post(url, payload, signed ? "application/jwt" : "application/json", DELIVERY_TIMEOUT_MS);
    return { subscriptionId, url, status: res.status, signed };
  } catch (err) {
    return { subscriptionId, url, signed, error: err instanceof Error ? err.message : String(err) };
  }
}
