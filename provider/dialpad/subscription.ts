// What the five v2 subscription kinds (/api/v2/subscriptions/{type}) share: the webhook or websocket they
// deliver to, `enabled`, the optional target, adoption, and the lifecycle. A kind module supplies its own
// fields, their mapping, and its docs; this turns them into the kind's definition.
import type { z } from "zod";
import { CrossRule, InputSchema, Props, comparedKeys, defineController } from "../controller";
import type { VendorClient } from "../http";
import { defineKind } from "../kind";
import { collection, dialpadClient } from "./collection";
import { endpointBody, endpointFromProto, endpointRule, targetBody, targetCreateBody, targetFromProto, targetRule } from "./fields";
import { collectionLifecycle, inventoryOf } from "./lifecycle";
import type { EndpointLinks, TargetWire } from "./wire";

export type SubscriptionType = "call" | "sms" | "contact" | "agent_status" | "changelog";

export const subscriptionPath = (type: SubscriptionType) => `/api/v2/subscriptions/${type}`;

interface Common { enabled: boolean; adoptId?: string; webhookId?: string; websocketId?: string; targetType?: string; targetId?: string }

export function subscriptionKind<S extends InputSchema, P extends { id: string; enabled: boolean } & EndpointLinks & TargetWire, K extends string>(o: {
  kind: K;
  type: SubscriptionType;
  summary: string;
  inputs: S;
  proto: z.ZodType<P>;
  /** Whether the type takes `target_type`/`target_id` (call and SMS do). */
  targeted: boolean;
  /** The type's own fields of an answer, in input names. */
  fromProto: (p: P) => Props;
  /** The type's own fields of a body (create and update send the whole declared state). */
  body: (inputs: z.output<S>) => Record<string, unknown>;
}) {
  const path = subscriptionPath(o.type);
  const createOnly = ["adoptId"] as const;
  const fromProto = (p: P): Props => ({
    ...endpointFromProto(p),
    ...(o.targeted ? targetFromProto(p) : {}),
    enabled: p.enabled,
    ...o.fromProto(p),
  });
  const base = (i: z.output<S>) => ({ ...endpointBody(i as Common), enabled: (i as Common).enabled, ...o.body(i) });
  const controller = (client: () => VendorClient) =>
    defineController({
      kind: o.kind,
      inputs: o.inputs,
      rules: (o.targeted ? [endpointRule, targetRule] : [endpointRule]) as CrossRule<z.output<S>>[],
      createOnly: createOnly as unknown as (keyof z.output<S> & string)[],
      ...collectionLifecycle<P, z.output<S> & { adoptId?: string }>({
        api: () => collection(client(), path, o.proto),
        fromProto,
        createBody: (i) => ({ ...base(i), ...(o.targeted ? targetCreateBody(i as unknown as Common) : {}) }),
        updateBody: (i) => ({ ...base(i), ...(o.targeted ? targetBody(i as unknown as Common) : {}) }),
        compared: comparedKeys(o.inputs, createOnly),
      }),
    });
  return {
    controller,
    fromProto,
    definition: defineKind({
      kind: o.kind,
      vendor: "dialpad",
      summary: o.summary,
      api: `${path}/{id}`,
      inputs: o.inputs,
      replaceOn: [],
      secrets: [],
      outputsOnly: [],
      readable: true,
      controller: controller(dialpadClient),
      inventory: () => inventoryOf(collection(dialpadClient(), path, o.proto), fromProto),
      references: { webhookId: "dialpad:Webhook", websocketId: "dialpad:Websocket" },
    }),
  };
}
