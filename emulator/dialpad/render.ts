// Turns stored Dialpad records into the objects the API answers (WebhookProto, WebsocketProto, subscription protos).
import { randomBytes, randomUUID } from "node:crypto";
import { signHs256 } from "../jwt";
import type { Store } from "../store";
import type { LegacyRecord, SubscriptionRecord, WebhookRecord, WebsocketRecord } from "./schemas";

export interface SignatureProto { algo: "HS256"; secret: string; type: "jwt" }
export interface WebhookProto { id: string; hook_url: string; signature?: SignatureProto }
export interface WebsocketProto { id: string; websocket_url: string; signature?: SignatureProto }
export type Proto = Record<string, unknown>;

/** Key that signs websocket URLs; per process, since nothing outside the emulator verifies them. */
const WEBSOCKET_URL_KEY = randomBytes(32);
export const WEBSOCKET_URL_TTL_SECONDS = 3600;

// Decision (api-facts): without a secret, `signature` is omitted.
const signature = (secret: string | undefined): { signature?: SignatureProto } =>
  secret ? { signature: { algo: "HS256", secret, type: "jwt" } } : {};

export function renderWebhook(w: WebhookRecord): WebhookProto {
  return { id: w.id, hook_url: w.hook_url, ...signature(w.secret) };
}

/** A fresh URL on every render, as Dialpad's expire after an hour and GET hands out a new one. */
export async function renderWebsocket(w: WebsocketRecord, host: string): Promise<WebsocketProto> {
  const token = await signHs256(
    { websocket_id: w.id, company_id: w.companyId, jti: randomUUID() },
    WEBSOCKET_URL_KEY,
    WEBSOCKET_URL_TTL_SECONDS,
  );
  return { id: w.id, ...signature(w.secret), websocket_url: `wss://${host}/events/${token}` };
}

/** Drops undefined values so absent optional fields are absent, not null. */
function defined(o: Record<string, unknown>): Proto {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export async function renderSubscription(s: SubscriptionRecord, store: Store, host: string): Promise<Proto> {
  const { kind: _kind, companyId: _company, outOfBand: _oob, endpointId, ...fields } = s;
  const out: Proto = defined(fields);
  // Responses never echo endpoint_id; they embed the linked object. A link to a deleted webhook renders no embed.
  if (endpointId !== undefined) {
    const webhook = store.webhooks.get(endpointId);
    const websocket = store.websockets.get(endpointId);
    if (webhook) out.webhook = renderWebhook(webhook);
    else if (websocket) out.websocket = await renderWebsocket(websocket, host);
  }
  return out;
}

/** Decision (api-facts): the legacy API answers the stored object plus `signature` when a secret is set. */
export function renderLegacy(e: LegacyRecord): Proto {
  const { kind: _kind, companyId: _company, outOfBand: _oob, secret, ...fields } = e;
  return { ...defined(fields), ...signature(secret) };
}
