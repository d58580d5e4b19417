// /api/v2/webhooks and /api/v2/websockets: the endpoints events are delivered to.
import { groupKey } from "../store";
import type { Collection } from "./collection";
import { renderWebhook, renderWebsocket } from "./render";
import { CreateWebhook, CreateWebsocket, UpdateWebhook, UpdateWebsocket, type WebhookRecord, type WebsocketRecord } from "./schemas";
import { parseBody } from "./validate";

/** A secret of null or "" removes the signature; absent leaves it as it is. */
function nextSecret(current: string | undefined, given: string | null | undefined): string | undefined {
  if (given === undefined) return current;
  return given === null || given === "" ? undefined : given;
}

export const webhooks: Collection<WebhookRecord> = {
  noun: "webhook",
  inCompany: (store, companyId) => store.webhooks.group(groupKey(companyId)),
  countInCompany: (store, companyId) => store.webhooks.groupSize(groupKey(companyId)),
  get: (store, id) => store.webhooks.get(id),
  put: (store, rec) => void store.webhooks.set(rec.id, rec),
  remove: (store, id) => void store.webhooks.delete(id),
  build(ctx, id, raw) {
    const body = parseBody(CreateWebhook, raw);
    return { id, companyId: ctx.caller.companyId, hook_url: body.hook_url, secret: nextSecret(undefined, body.secret) };
  },
  update(_ctx, rec, raw) {
    const body = parseBody(UpdateWebhook, raw);
    return { ...rec, hook_url: body.hook_url ?? rec.hook_url, secret: nextSecret(rec.secret, body.secret) };
  },
  render: async (_ctx, rec) => ({ ...renderWebhook(rec) }),
};

export const websockets: Collection<WebsocketRecord> = {
  noun: "websocket",
  inCompany: (store, companyId) => store.websockets.group(groupKey(companyId)),
  countInCompany: (store, companyId) => store.websockets.groupSize(groupKey(companyId)),
  get: (store, id) => store.websockets.get(id),
  put: (store, rec) => void store.websockets.set(rec.id, rec),
  remove: (store, id) => void store.websockets.delete(id),
  build(ctx, id, raw) {
    const body = parseBody(CreateWebsocket, raw);
    return { id, companyId: ctx.caller.companyId, secret: nextSecret(undefined, body.secret) };
  },
  update(_ctx, rec, raw) {
    const body = parseBody(UpdateWebsocket, raw);
    return { ...rec, secret: nextSecret(rec.secret, body.secret) };
  },
  render: async (ctx, rec) => ({ ...(await renderWebsocket(rec, ctx.req.host)) }),
};
