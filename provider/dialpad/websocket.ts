// dialpad:Websocket: a connection point Dialpad streams events to instead of a webhook, optionally signed
// with a secret. Its URL (wss://…/events/<token>) expires after an hour: an output only, never diffed.
import { z } from "zod";
import { Props, comparedKeys, defineController } from "../controller";
import { positiveId, singleLineSecret } from "../fields";
import type { VendorClient } from "../http";
import { defineKind } from "../kind";
import { collection, dialpadClient } from "./collection";
import { collectionLifecycle, inventoryOf } from "./lifecycle";
import { WebsocketProto, websocketProto } from "./wire";

export const KIND = "dialpad:Websocket";
export const PATH = "/api/v2/websockets";

export const websocketInputs = z.object({
  secret: singleLineSecret().optional(),
  adoptId: positiveId().optional(),
});
export type WebsocketInputs = z.output<typeof websocketInputs>;
const CREATE_ONLY = ["adoptId"] as const;

export function websocketFromProto(p: WebsocketProto): Props {
  return { secret: p.signature?.secret || undefined, websocketUrl: p.websocket_url ?? undefined };
}

export const websockets = (http: VendorClient) => collection(http, PATH, websocketProto);

export function websocketController(client: () => VendorClient) {
  return defineController({
    kind: KIND,
    inputs: websocketInputs,
    createOnly: CREATE_ONLY,
    ...collectionLifecycle({
      api: () => websockets(client()),
      fromProto: websocketFromProto,
      createBody: (i: WebsocketInputs) => (i.secret !== undefined ? { secret: i.secret } : {}),
      // `secret: null` removes a signature set before.
      updateBody: (i: WebsocketInputs) => ({ secret: i.secret ?? null }),
      compared: comparedKeys(websocketInputs, CREATE_ONLY),
      // Dialpad hands out a fresh URL on every GET: refresh keeps the one recorded, so it is never drift.
      volatile: ["websocketUrl"],
    }),
  });
}

export const definition = defineKind({
  kind: KIND,
  vendor: "dialpad",
  summary: "A websocket Dialpad streams events to, optionally signing them (HS256 JWT) with a secret.",
  api: `${PATH}/{id}`,
  inputs: websocketInputs,
  replaceOn: [],
  // The URL carries a token that lets anyone connect for an hour: as secret as the signature secret.
  secrets: ["secret", "websocketUrl"],
  outputsOnly: ["websocketUrl"],
  readable: true,
  controller: websocketController(dialpadClient),
  inventory: () => inventoryOf(websockets(dialpadClient()), websocketFromProto),
});
