// The state rewrite behind `pulumi-dialpad-cinnox move`: a stack's resources of this package turned from the dynamic
// form (`pulumi-nodejs:dynamic/dialpad:Webhook`, the default `pulumi:providers:pulumi-nodejs` provider, a serialized
// `__provider` in inputs and outputs) into the native form (`dialpad:index:Webhook`, the default
// `pulumi:providers:dialpad` provider), or back. Pure: it takes the deployment `pulumi stack export` printed (secrets
// encrypted, never decrypted here) and returns the deployment to `pulumi stack import`, the plan it prints and what it
// refuses. Ids, inputs, outputs (their ciphertexts byte for byte), names, parents, dependencies and every resource
// option stay as they were; URNs change only in their type segments (a child's URN names its parent's type).
import { specialResourceSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { kindOfToken, kindOfType, typeToken, type ResourceKind } from "../../provider/registry";
import { isDefaultProviderUrn, parseProviderRef } from "../workspace";

export type Form = "dynamic" | "native";
export type Vendor = "dialpad" | "cinnox";
export type Props = Record<string, unknown>;

/** One resource of a deployment (apitype.ResourceV3); fields this rewrite does not know are carried through. */
export interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  provider?: string;
  parent?: string;
  inputs?: Props;
  outputs?: Props;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  aliases?: string[];
  deletedWith?: string;
  replaceWith?: string[];
  viewOf?: string;
  delete?: boolean;
  pendingReplacement?: boolean;
  [field: string]: unknown;
}

export interface Deployment {
  manifest?: unknown;
  secrets_providers?: unknown;
  resources?: StateResource[] | null;
  pending_operations?: { type: string; resource: StateResource }[] | null;
  [field: string]: unknown;
}

/** The provider resource the engine writes for a package's default provider, without urn and id. */
export interface ProviderEntry {
  inputs: Props;
  outputs: Props;
}

export interface MoveInput {
  deployment: Deployment;
  to: Form;
  /**
   * To native: the default provider's inputs and outputs per vendor, as the engine would write them from the stack
   * config (cli/move/command.ts); used only when the state holds no default provider of that vendor yet.
   */
  nativeProviders?: Partial<Record<Vendor, ProviderEntry>>;
  /**
   * To dynamic: the default pulumi-nodejs provider's inputs and outputs as the engine writes them (every stack config
   * key, namespaced); used only when the state holds none.
   */
  nodejsProvider?: ProviderEntry;
  /** The version the native SDK asks for (its default provider is `default_<version with underscores>`). */
  nativeVersion: string;
  /** To dynamic: the `__provider` text the current SDK serializes for each kind moved. */
  serializedProviders?: Partial<Record<ResourceKind, string>>;
  /** The id of a provider resource this rewrite adds (the engine uses a UUID). */
  newProviderId: () => string;
}

export interface MoveStep {
  /** The resource's URN before the move. */
  from: string;
  /** Its URN after the move. */
  to: string;
  kind?: ResourceKind;
  id?: string;
  /** What happens to it: moved to the other form, URN changed because its parent moved, or a provider added or dropped. */
  action: "move" | "rename" | "add-provider" | "drop-provider";
}

export interface Refusal {
  urn: string;
  reason: string;
}

export interface MoveResult {
  deployment: Deployment;
  steps: MoveStep[];
  refused: Refusal[];
}

const NODEJS_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

/** The kind a dynamic type token of this package names (`pulumi-nodejs:dynamic/dialpad:Webhook`; the prefix required). */
export const kindOfDynamicType = (type: string): ResourceKind | undefined => (type.startsWith(DYNAMIC_PREFIX) ? kindOfType(type) : undefined);

/** The kind a native type token names (`dialpad:index:Webhook`). */
export const kindOfNativeType = kindOfToken;

export const dynamicType = (kind: ResourceKind): string => `${DYNAMIC_PREFIX}${kind}`;
export const nativeType = typeToken;
const vendorOf = (kind: ResourceKind): Vendor => kind.split(":")[0] as Vendor;

/** The engine's name for a default provider asked for at `version` (providers.DefaultProviderRequest). */
export const defaultProviderName = (version?: string): string => (version ? `default_${version.replace(/[.+-]/g, "_")}` : "default");

interface ParsedUrn {
  prefix: string; // urn:pulumi:<stack>::<project>::
  types: string[]; // the qualified type, parent types first
  name: string;
}

/** The URN's stack and project part (`urn:pulumi:<stack>::<project>::`). */
function urnPrefix(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0]!.startsWith("urn:pulumi:")) throw new Error(`not a Pulumi URN: ${urn}`);
  return `${parts[0]}::${parts[1]}::`;
}

function splitUrn(urn: string): ParsedUrn {
  const prefix = urnPrefix(urn);
  const rest = urn.slice(prefix.length);
  const at = rest.indexOf("::");
  return { prefix, types: rest.slice(0, at).split("$"), name: rest.slice(at + 2) };
}

const providerTypeOf = (urn: string): string => splitUrn(urn).types.join("$");

/** The URN with each type segment of a moved kind turned into the other form's. */
function movedUrn(urn: string, to: Form): string {
  const u = splitUrn(urn);
  const types = u.types.map((t) => {
    const kind = to === "native" ? kindOfDynamicType(t) : kindOfNativeType(t);
    return kind ? (to === "native" ? nativeType(kind) : dynamicType(kind)) : t;
  });
  return `${u.prefix}${types.join("$")}::${u.name}`;
}

/** Resource references (`{<sig>: <resource ref sig>, urn}`) inside a property value, their URNs mapped. */
function mapRefs(v: unknown, map: (urn: string) => string): unknown {
  if (Array.isArray(v)) return v.map((x) => mapRefs(x, map));
  if (v !== null && typeof v === "object") {
    const o = v as Props;
    if (o[specialSigKey] === specialResourceSig && typeof o.urn === "string") return { ...o, urn: map(o.urn) };
    if (specialSigKey in o) return o; // a secret: ciphertext kept as it is
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, mapRefs(x, map)]));
  }
  return v;
}

/**
 * Plans and performs the rewrite. Everything of this package's kinds in the other form moves; nothing moves when
 * anything refuses (the whole stack or nothing: a half-moved stack is what a platform team must never get).
 */
export function rewriteForMove(input: MoveInput): MoveResult {
  const { to } = input;
  const d = structuredClone(input.deployment);
  const resources = d.resources ?? [];
  const refused: Refusal[] = [];
  const steps: MoveStep[] = [];
  const kindFrom = (r: StateResource) => (to === "native" ? kindOfDynamicType(r.type) : kindOfNativeType(r.type));

  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const moving = resources.filter((r) => kindFrom(r) !== undefined && r.custom !== false);
  for (const op of d.pending_operations ?? []) {
    refused.push({
      urn: op.resource.urn,
      reason: `a pending ${op.type} operation (an interrupted run): run \`pulumi-dialpad-cinnox recover\` (or \`pulumi refresh\`) first`,
    });
  }

  for (const r of moving) {
    const kind = kindFrom(r)!;
    if (r.delete) refused.push({ urn: r.urn, reason: "an old copy waiting to be deleted after a replacement: run `pulumi up` first" });
    if (r.pendingReplacement) refused.push({ urn: r.urn, reason: "pending replacement: run `pulumi up` first" });
    if (!r.provider) {
      refused.push({ urn: r.urn, reason: "no provider reference in the state" });
      continue;
    }
    const prov = parseProviderRef(r.provider);
    if (to === "native") {
      if (providerTypeOf(prov.urn) !== NODEJS_PROVIDER_TYPE || !isDefaultProviderUrn(prov.urn)) {
        refused.push({ urn: r.urn, reason: `its provider ${prov.urn} is not the default pulumi-nodejs provider dynamic resources use` });
      }
      if (typeof r.inputs?.__provider !== "string") refused.push({ urn: r.urn, reason: "no serialized __provider in its inputs: not a resource of this package's dynamic classes" });
    } else {
      if (providerTypeOf(prov.urn) !== `pulumi:providers:${vendorOf(kind)}` || !isDefaultProviderUrn(prov.urn)) {
        refused.push({
          urn: r.urn,
          reason: `its provider ${prov.urn} is an explicit provider: the dynamic form has one account per vendor (the stack config). ` +
            "Move it to a stack of its own first, or keep it native",
        });
      }
      if (input.serializedProviders?.[kind] === undefined) refused.push({ urn: r.urn, reason: `no serialized __provider for ${kind}` });
    }
  }

  // Every URN that changes: the moved resources' and those of their descendants (a URN holds its parents' types).
  const urnMap = new Map<string, string>();
  for (const r of resources) {
    const n = movedUrn(r.urn, to);
    if (n !== r.urn) urnMap.set(r.urn, n);
  }
  for (const [from, target] of urnMap) {
    if (byUrn.has(target) && !urnMap.has(target)) refused.push({ urn: from, reason: `the state already holds ${target}` });
  }
  const mapUrn = (u: string): string => urnMap.get(u) ?? u;

  if (moving.length === 0 && refused.length === 0) return { deployment: input.deployment, steps, refused };
  if (refused.length > 0) return { deployment: input.deployment, steps: [], refused };

  // The target default providers: those the state already holds, else one added as the engine would write it.
  const prefix = urnPrefix(resources[0]!.urn);
  const added: StateResource[] = [];
  const targetRef = new Map<string, string>(); // provider type -> reference
  const targetProvider = (kind: ResourceKind): string => {
    const type = to === "native" ? `pulumi:providers:${vendorOf(kind)}` : NODEJS_PROVIDER_TYPE;
    const known = targetRef.get(type);
    if (known) return known;
    const name = to === "native" ? defaultProviderName(input.nativeVersion) : defaultProviderName();
    const urn = `${prefix}${type}::${name}`;
    const existing = byUrn.get(urn);
    let ref: string;
    if (existing?.id) ref = `${urn}::${existing.id}`;
    else {
      const entry = to === "native" ? input.nativeProviders?.[vendorOf(kind)] : input.nodejsProvider;
      if (!entry) throw new Error(`no settings for the default provider of ${kind}`);
      const id = input.newProviderId();
      added.push({ urn, custom: true, id, type, inputs: entry.inputs, outputs: entry.outputs });
      steps.push({ from: urn, to: urn, id, action: "add-provider" });
      ref = `${urn}::${id}`;
    }
    targetRef.set(type, ref);
    return ref;
  };

  const out: StateResource[] = [];
  const movingSet = new Set(moving);
  for (const r of resources) {
    const n: StateResource = { ...r, urn: mapUrn(r.urn) };
    if (movingSet.has(r)) {
      const kind = kindFrom(r)!;
      const ref = targetProvider(kind);
      // The new provider goes right before the first resource that uses it (a state lists providers first).
      for (const a of added.splice(0)) out.push(a);
      n.type = to === "native" ? nativeType(kind) : dynamicType(kind);
      n.provider = ref;
      if (to === "native") {
        const { __provider: _i, ...inputs } = r.inputs ?? {};
        const { __provider: _o, ...outputs } = r.outputs ?? {};
        n.inputs = inputs;
        n.outputs = outputs;
      } else {
        const serialized = input.serializedProviders![kind]!;
        n.inputs = { ...(r.inputs ?? {}), __provider: serialized };
        n.outputs = { ...(r.outputs ?? {}), __provider: serialized };
      }
      steps.push({ from: r.urn, to: n.urn, kind, ...(r.id ? { id: r.id } : {}), action: "move" });
    } else if (n.urn !== r.urn) {
      steps.push({ from: r.urn, to: n.urn, ...(r.id ? { id: r.id } : {}), action: "rename" });
    }
    if (r.parent) n.parent = mapUrn(r.parent);
    if (r.dependencies) n.dependencies = r.dependencies.map(mapUrn);
    if (r.propertyDependencies) {
      const deps = Object.entries(r.propertyDependencies).map(([k, v]): [string, string[]] => [k, v.map(mapUrn)]);
      // The engine records every registered property's dependencies, `__provider` (none) among a dynamic resource's.
      if (movingSet.has(r) && to === "native") n.propertyDependencies = Object.fromEntries(deps.filter(([k]) => k !== "__provider"));
      else if (movingSet.has(r)) n.propertyDependencies = Object.fromEntries([...deps, ["__provider", []]]);
      else n.propertyDependencies = Object.fromEntries(deps);
    }
    if (r.aliases) n.aliases = r.aliases.map(mapUrn);
    if (r.deletedWith) n.deletedWith = mapUrn(r.deletedWith);
    if (r.replaceWith) n.replaceWith = r.replaceWith.map(mapUrn);
    if (r.viewOf) n.viewOf = mapUrn(r.viewOf);
    if (urnMap.size > 0 && !movingSet.has(r)) {
      if (n.inputs) n.inputs = mapRefs(n.inputs, mapUrn) as Props;
      if (n.outputs) n.outputs = mapRefs(n.outputs, mapUrn) as Props;
    }
    out.push(n);
  }

  // The source form's default providers that nothing uses any more: left in the state, the next preview would
  // delete them (a change). Explicit providers are the program's: they stay.
  const used = new Set(out.map((r) => (r.provider ? parseProviderRef(r.provider).urn : "")));
  const sourceType = (type: string) => (to === "native" ? type === NODEJS_PROVIDER_TYPE : /^pulumi:providers:(dialpad|cinnox)$/.test(type));
  d.resources = out.filter((r) => {
    const drop = sourceType(r.type) && isDefaultProviderUrn(r.urn) && !used.has(r.urn);
    if (drop) steps.push({ from: r.urn, to: r.urn, ...(r.id ? { id: r.id } : {}), action: "drop-provider" });
    return !drop;
  });
  return { deployment: d, steps, refused };
}
