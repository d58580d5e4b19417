// The implementation entry the serialized thin provider requires at call time: stores the stack config
// and hands out the controller for a resource kind (registry.ts), marking its secret values as secrets.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import type { Props, ResourceController } from "./controller";
import { RESOURCE_KINDS, definitionOf, isResourceKind, type ResourceKind } from "./registry";
import { defaultContext, type ProviderContext } from "./context";
import type * as settings from "./settings";

export { RESOURCE_KINDS, isResourceKind, definitionOf, kindOfType } from "./registry";
export type { ResourceKind } from "./registry";

/**
 * Called by the dynamic-provider server with the stack's whole config: it configures the default context, the
 * one the dynamic resources run in. Credentials are read at call time.
 */
export async function configure(config: dynamic.Config | settings.ConfigSource | undefined): Promise<void> {
  defaultContext().configure(config);
}

/**
 * The controller of `kind` with every call run in `context`: what a caller other than the dynamic resources (the
 * CLI, the native plugin, a test) uses, so its credentials, limits and listings are its own.
 */
export function controllerIn(context: ProviderContext, kind: string): ResourceController {
  return context.bind(controllerFor(kind));
}

export function controllerFor(kind: string): ResourceController {
  if (!isResourceKind(kind)) {
    throw new Error(`Unknown resource kind "${kind}"; this package knows ${RESOURCE_KINDS.join(", ")}`);
  }
  return definitionOf(kind).controller;
}

// Pulumi's marker for a secret value in the provider protocol (its own constants): the engine keeps such a
// value secret in the state, in previews and in engine events, whatever the program declared.
const SECRET_SIG_KEY = specialSigKey;
const SECRET_SIG = specialSecretSig;

/** `props` with the kind's secret properties wrapped as secrets (a secret read back is still a secret). */
export function markSecrets(secretNames: readonly string[], props: Props | undefined): Props | undefined {
  if (!props) return props;
  const out: Props = { ...props };
  for (const k of secretNames) {
    const v = out[k];
    if (v !== undefined && v !== null && !(typeof v === "object" && (v as Props)[SECRET_SIG_KEY] === SECRET_SIG)) {
      out[k] = { [SECRET_SIG_KEY]: SECRET_SIG, value: v };
    }
  }
  return out;
}

type Method = "configure" | keyof ResourceController;

/**
 * The single entry point of the serialized thin provider: runs `method` of `kind` with the engine's
 * arguments. Going through one function keeps `__provider` small. What create, read and update hand back
 * has the kind's secret properties marked secret, outputs and the inputs read returns alike, so a secret
 * the vendor answers (declared or set out of band) never reaches the state, a preview or a report in clear.
 */
// The engine's arguments arrive untyped through the serialized closure; each controller re-validates.
export async function invoke(kind: ResourceKind, method: Method, args: unknown[]): Promise<never> {
  if (method === "configure") {
    const req = args[0] as dynamic.ConfigureRequest | undefined;
    return configure(req?.config) as Promise<never>;
  }
  const controller = controllerFor(kind) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const result = await defaultContext().run(() => controller[method](...args));
  const secrets = definitionOf(kind).secrets;
  if (secrets.length === 0 || result === null || typeof result !== "object") return result as never;
  const r = result as { outs?: Props; props?: Props; inputs?: Props };
  if (method === "create" || method === "update") return { ...r, outs: markSecrets(secrets, r.outs) } as never;
  if (method === "read") return { ...r, props: markSecrets(secrets, r.props), inputs: markSecrets(secrets, r.inputs) } as never;
  return result as never;
}

export type { ResourceController, ControllerDiff, Props } from "./controller";
export type { KindDefinition } from "./kind";
export { resolveSettings } from "./settings";
export { ProviderContext, currentSettings, defaultContext } from "./context";
export type { ProviderContextOptions } from "./context";
export type { Settings, ConfigSource } from "./settings";
