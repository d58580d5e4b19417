// dialpad:Webhook: the URL Dialpad delivers events to, optionally signing them (HS256) with a secret.
// Schema, mapping to and from /api/v2/webhooks, then the kind's definition and lifecycle.
import { z } from "zod";
import { Props, comparedKeys, defineController } from "../controller";
import { httpUrl, positiveId, singleLineSecret } from "../fields";
import type { VendorClient } from "../http";
import { defineKind } from "../kind";
import { collection, dialpadClient } from "./collection";
import { collectionLifecycle, inventoryOf } from "./lifecycle";
import { WebhookProto, webhookProto } from "./wire";

export const KIND = "dialpad:Webhook";
export const PATH = "/api/v2/webhooks";

// ---- schema ----

export const webhookInputs = z.object({
  hookUrl: httpUrl(),
  secret: singleLineSecret().optional(),
  adoptId: positiveId().optional(),
});
export type WebhookInputs = z.output<typeof webhookInputs>;
const CREATE_ONLY = ["adoptId"] as const;

// ---- mapping ----

/** Outputs: the inputs' names hold what Dialpad holds; `secret` is the signature secret it answers. */
export function webhookFromProto(p: WebhookProto): Props {
  return { hookUrl: p.hook_url ?? undefined, secret: p.signature?.secret || undefined };
}

export const webhooks = (http: VendorClient) => collection(http, PATH, webhookProto);

// ---- lifecycle ----

export function webhookController(client: () => VendorClient) {
  return defineController({
    kind: KIND,
    inputs: webhookInputs,
    createOnly: CREATE_ONLY,
    ...collectionLifecycle({
      api: () => webhooks(client()),
      fromProto: webhookFromProto,
      createBody: (i: WebhookInputs) => ({ hook_url: i.hookUrl, ...(i.secret !== undefined ? { secret: i.secret } : {}) }),
      // Full declared state; `secret: null` removes a signature set before.
      updateBody: (i: WebhookInputs) => ({ hook_url: i.hookUrl, secret: i.secret ?? null }),
      compared: comparedKeys(webhookInputs, CREATE_ONLY),
    }),
  });
}

export const definition = defineKind({
  kind: KIND,
  vendor: "dialpad",
  summary: "A URL Dialpad delivers events to, optionally signing them (HS256 JWT) with a secret.",
  api: `${PATH}/{id}`,
  inputs: webhookInputs,
  replaceOn: [],
  secrets: ["secret"],
  outputsOnly: [],
  readable: true,
  controller: webhookController(dialpadClient),
  inventory: () => inventoryOf(webhooks(dialpadClient()), webhookFromProto),
});
