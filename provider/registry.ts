// The one list of resource kinds. Everything per kind (the serialized provider's dispatch, the SDK classes'
// secrets and properties, the drift command's "cannot be read" list, docs, test tables) derives from the
// definitions listed here, loaded on first use so that a Cinnox-only program never loads Dialpad code.
import type { KindDefinition } from "./kind";

// Literal require() calls so bundlers and `tsc` see the modules.
const loaders = {
  "dialpad:Webhook": () => (require("./dialpad/webhook") as typeof import("./dialpad/webhook")).definition,
  "dialpad:Websocket": () => (require("./dialpad/websocket") as typeof import("./dialpad/websocket")).definition,
  "dialpad:CallSubscription": () => (require("./dialpad/call-subscription") as typeof import("./dialpad/call-subscription")).definition,
  "dialpad:SmsSubscription": () => (require("./dialpad/sms-subscription") as typeof import("./dialpad/sms-subscription")).definition,
  "dialpad:ContactSubscription": () =>
    (require("./dialpad/contact-subscription") as typeof import("./dialpad/contact-subscription")).definition,
  "dialpad:AgentStatusSubscription": () =>
    (require("./dialpad/agent-status-subscription") as typeof import("./dialpad/agent-status-subscription")).definition,
  "dialpad:ChangelogSubscription": () =>
    (require("./dialpad/changelog-subscription") as typeof import("./dialpad/changelog-subscription")).definition,
  "dialpad:LegacySmsEventSubscription": () =>
    (require("./dialpad/legacy-sms-event-subscription") as typeof import("./dialpad/legacy-sms-event-subscription")).definition,
  "dialpad:LegacyCallEventSubscription": () =>
    (require("./dialpad/legacy-call-event-subscription") as typeof import("./dialpad/legacy-call-event-subscription")).definition,
  "cinnox:InboundSmsSubscription": () =>
    (require("./cinnox/inbound-sms-subscription") as typeof import("./cinnox/inbound-sms-subscription")).definition,
  "cinnox:OutboundSmsSubscription": () =>
    (require("./cinnox/outbound-sms-subscription") as typeof import("./cinnox/outbound-sms-subscription")).definition,
  "cinnox:CallSubscription": () =>
    (require("./cinnox/call-subscription") as typeof import("./cinnox/call-subscription")).definition,
  "cinnox:EnquirySubscription": () =>
    (require("./cinnox/enquiry-subscription") as typeof import("./cinnox/enquiry-subscription")).definition,
  "cinnox:EnquiryLabelSubscription": () =>
    (require("./cinnox/enquiry-label-subscription") as typeof import("./cinnox/enquiry-label-subscription")).definition,
  "cinnox:LabelSubscription": () =>
    (require("./cinnox/label-subscription") as typeof import("./cinnox/label-subscription")).definition,
  "cinnox:ContactSubscription": () =>
    (require("./cinnox/contact-subscription") as typeof import("./cinnox/contact-subscription")).definition,
  "cinnox:ExternalContactSubscription": () =>
    (require("./cinnox/external-contact-subscription") as typeof import("./cinnox/external-contact-subscription")).definition,
  "cinnox:StaffContactSubscription": () =>
    (require("./cinnox/staff-contact-subscription") as typeof import("./cinnox/staff-contact-subscription")).definition,
} as const satisfies Record<string, () => KindDefinition>;

export type ResourceKind = keyof typeof loaders;
export type DefinitionOf<K extends ResourceKind> = ReturnType<(typeof loaders)[K]>;

/** Every resource kind, as `<vendor>:<Resource>`; the SDK classes capture only this string. */
export const RESOURCE_KINDS = Object.keys(loaders) as ResourceKind[];

export function isResourceKind(kind: string): kind is ResourceKind {
  return Object.prototype.hasOwnProperty.call(loaders, kind);
}

export function definitionOf<K extends ResourceKind>(kind: K): DefinitionOf<K> {
  return loaders[kind]() as DefinitionOf<K>;
}

/** The kind a dynamic resource's type token names (`pulumi-nodejs:dynamic/dialpad:Webhook`), or undefined. */
export function kindOfType(type: string): ResourceKind | undefined {
  const kind = type.replace(/^pulumi-nodejs:dynamic\//, "");
  return isResourceKind(kind) ? kind : undefined;
}

/** `dialpad:Webhook` -> `dialpad:index:Webhook`: the kind's type token in the native providers' schema. */
export function typeToken(kind: ResourceKind): string {
  const [vendor, name] = kind.split(":");
  return `${vendor}:index:${name}`;
}

/** The kind a native type token names (`dialpad:index:Webhook`), or undefined. */
export function kindOfToken(token: string): ResourceKind | undefined {
  const m = /^([a-z]+):index:([A-Za-z]+)$/.exec(token);
  const kind = m ? `${m[1]}:${m[2]}` : "";
  return isResourceKind(kind) ? kind : undefined;
}

/**
 * The kind either form of type token names (dynamic `pulumi-nodejs:dynamic/dialpad:Webhook` or native
 * `dialpad:index:Webhook`), or undefined: what reads stacks of both forms uses (the drift command), so that a
 * report does not depend on the form. `recover` still reads the dynamic form only (`kindOfType`).
 */
export function kindOfAnyType(type: string): ResourceKind | undefined {
  return kindOfType(type) ?? kindOfToken(type);
}
