// dialpad:ContactSubscription: contact events (local or shared contacts) Dialpad sends to a webhook or websocket.
import { z } from "zod";
import { positiveId } from "../fields";
import { CONTACT_TYPES } from "./enums";
import { endpointFields } from "./fields";
import { subscriptionKind } from "./subscription";
import { subscriptionProto } from "./wire";

export const KIND = "dialpad:ContactSubscription";

export const contactSubscriptionInputs = z.object({
  ...endpointFields,
  contactType: z.enum(CONTACT_TYPES),
  enabled: z.boolean().default(true),
  adoptId: positiveId().optional(),
});

export const contactSubscriptionProto = subscriptionProto({ contact_type: z.string() });

const kind = subscriptionKind({
  kind: KIND,
  type: "contact",
  summary: "Which contact events (local or shared contacts) Dialpad sends to a webhook or websocket.",
  inputs: contactSubscriptionInputs,
  proto: contactSubscriptionProto,
  targeted: false,
  fromProto: (p) => ({ contactType: p.contact_type }),
  // contact_type is required on update too (spec): the whole declared state is sent anyway.
  body: (i) => ({ contact_type: i.contactType }),
});

export const { definition, fromProto: contactSubscriptionFromProto, controller: contactSubscriptionController } = kind;
