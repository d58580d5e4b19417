// The implementation entry the serialized thin provider requires at call time: stores the stack config
// and hands out the controller for a resource kind, loading each resource module on first use.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ResourceController } from "./controller";
import * as settings from "./settings";

/** Every resource kind, as `<vendor>:<Resource>`; the SDK classes capture only this string. */
export const RESOURCE_KINDS = [
  "dialpad:Webhook",
  "dialpad:CallSubscription",
  "dialpad:SmsSubscription",
  "dialpad:LegacySmsEventSubscription",
  "cinnox:InboundSmsSubscription",
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

// Literal require() calls so bundlers and `tsc` see the modules; loaded lazily so a Cinnox-only
// program never loads Dialpad code and vice versa.
const modules: Record<ResourceKind, () => { controller: ResourceController }> = {
  "dialpad:Webhook": () => require("./dialpad/webhook"),
  "dialpad:CallSubscription": () => require("./dialpad/call-subscription"),
  "dialpad:SmsSubscription": () => require("./dialpad/sms-subscription"),
  "dialpad:LegacySmsEventSubscription": () => require("./dialpad/legacy-sms-event-subscription"),
  "cinnox:InboundSmsSubscription": () => require("./cinnox/inbound-sms-subscription"),
};

export function isResourceKind(kind: string): kind is ResourceKind {
  return (RESOURCE_KINDS as readonly string[]).includes(kind);
}

/** Called by the dynamic-provider server with the stack's whole config; credentials are read at call time. */
export async function configure(config: dynamic.Config | settings.ConfigSource | undefined): Promise<void> {
  settings.configure(config);
}

export function controllerFor(kind: string): ResourceController {
  if (!isResourceKind(kind)) {
    throw new Error(`Unknown resource kind "${kind}"; this package knows ${RESOURCE_KINDS.join(", ")}`);
  }
  return modules[kind]().controller;
}

type Method = "configure" | keyof ResourceController;

/**
 * The single entry point of the serialized thin provider: runs `method` of `kind` with the engine's
 * arguments. Going through one function keeps `__provider` small.
 */
// The engine's arguments arrive untyped through the serialized closure; each controller re-validates.
export async function invoke(kind: ResourceKind, method: Method, args: unknown[]): Promise<never> {
  if (method === "configure") {
    const req = args[0] as dynamic.ConfigureRequest | undefined;
    return configure(req?.config) as Promise<never>;
  }
  const controller = controllerFor(kind) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  return controller[method](...args) as Promise<never>;
}

export type { ResourceController, ControllerDiff, Props } from "./controller";
export { resolveSettings, currentSettings } from "./settings";
export type { Settings, ConfigSource } from "./settings";
