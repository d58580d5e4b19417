// dialpad:ChangelogSubscription: the company's change-log events Dialpad sends to a webhook or websocket.
import { z } from "zod";
import { positiveId } from "../fields";
import { endpointFields } from "./fields";
import { subscriptionKind } from "./subscription";
import { subscriptionProto } from "./wire";

export const KIND = "dialpad:ChangelogSubscription";

export const changelogSubscriptionInputs = z.object({
  ...endpointFields,
  enabled: z.boolean().default(true),
  adoptId: positiveId().optional(),
});

export const changelogSubscriptionProto = subscriptionProto({});

const kind = subscriptionKind({
  kind: KIND,
  type: "changelog",
  summary: "Whether Dialpad sends the company's change-log events to a webhook or websocket.",
  inputs: changelogSubscriptionInputs,
  proto: changelogSubscriptionProto,
  targeted: false,
  fromProto: () => ({}),
  body: () => ({}),
});

export const { definition, fromProto: changelogSubscriptionFromProto, controller: changelogSubscriptionController } = kind;
