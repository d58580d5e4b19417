// Property values as Pulumi hands them out (engine events, `pulumi stack export`): secret masking, URN
// parts and the per-property comparison that both the drift report and the stack comparison use.
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { isDeepStrictEqual } from "node:util";
import { kindOfAnyType } from "../../provider/registry";
import { SECRET_MASK } from "./schema";

/** Pulumi marks a secret value as `{ [SECRET_SIG_KEY]: SECRET_SIG, ciphertext | plaintext: ... }`. */
const SECRET_SIG_KEY = specialSigKey;
const SECRET_SIG = specialSecretSig;

/** Engine bookkeeping that is not a property of the object (the serialized dynamic provider). */
const INTERNAL_PROPERTIES = new Set(["__provider"]);

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Props = Record<string, unknown>;

export interface MaskedValue {
  /** The value with every secret (at any depth) replaced by "[secret]"; undefined when absent. */
  value: Json | undefined;
  secret: boolean;
}

function isSecretWrapper(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Props)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Replaces secrets by the mask, whatever form they have (ciphertext in exports, a masked wrapper in events). */
export function maskSecrets(value: unknown): MaskedValue {
  if (value === undefined) return { value: undefined, secret: false };
  if (isSecretWrapper(value)) return { value: SECRET_MASK, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(maskSecrets);
    return { value: items.map((i) => i.value ?? null), secret: items.some((i) => i.secret) };
  }
  if (typeof value === "object" && value !== null) {
    const out: { [key: string]: Json } = {};
    let secret = false;
    for (const [k, v] of Object.entries(value)) {
      const m = maskSecrets(v);
      if (m.value !== undefined) out[k] = m.value;
      secret ||= m.secret;
    }
    return { value: out, secret };
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return { value, secret: false };
  }
  return { value: String(value), secret: false };
}

/** The object's own property names (engine bookkeeping left out), sorted for a stable report. */
export function propertyNames(...bags: (Props | undefined)[]): string[] {
  const names = new Set<string>();
  for (const bag of bags) for (const k of Object.keys(bag ?? {})) if (!INTERNAL_PROPERTIES.has(k)) names.add(k);
  return [...names].sort();
}

export interface ValueChange {
  name: string;
  before: Json | undefined;
  after: Json | undefined;
  secret: boolean;
}

/**
 * The properties whose (masked) values differ between two property bags. Two secrets cannot be compared
 * here (both read "[secret]"), so they count as equal; callers that know better (the engine said "update")
 * use `secretProperties`. `equal` decides what counts as the same value (default: deep equality).
 */
export function differingProperties(
  before: Props | undefined,
  after: Props | undefined,
  opts: { ignore?: ReadonlySet<string>; equal?: (before: Json | undefined, after: Json | undefined) => boolean } = {},
): ValueChange[] {
  const equal = opts.equal ?? isDeepStrictEqual;
  const changes: ValueChange[] = [];
  for (const name of propertyNames(before, after)) {
    if (opts.ignore?.has(name)) continue;
    const b = maskSecrets(before?.[name]);
    const a = maskSecrets(after?.[name]);
    if (!equal(b.value, a.value)) changes.push({ name, before: b.value, after: a.value, secret: b.secret || a.secret });
  }
  return changes;
}

/** The properties holding a secret on either side, as unknown-but-changed values. */
export function secretProperties(before: Props | undefined, after: Props | undefined): ValueChange[] {
  return propertyNames(before, after)
    .map((name) => ({ name, b: maskSecrets(before?.[name]), a: maskSecrets(after?.[name]) }))
    .filter(({ b, a }) => b.secret || a.secret)
    .map(({ name, b, a }) => ({ name, before: b.value, after: a.value, secret: true }));
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → its type (parent types included) and name. */
export function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  return { type: parts[2] ?? "", name: parts.slice(3).join("::") };
}

/**
 * The type as a report shows it, the same for both forms of a kind: "pulumi-nodejs:dynamic/dialpad:Webhook" (dynamic)
 * and "dialpad:index:Webhook" (native) → "dialpad:Webhook". Each part of a parent chain ("a$b") on its own; a type
 * that names no kind keeps its text (without the dynamic prefix).
 */
export function shortType(type: string): string {
  return type
    .split("$")
    .map((part) => kindOfAnyType(part) ?? part.replace(/^pulumi-nodejs:dynamic\//, ""))
    .join("$");
}

/** Resources that are the program's objects, not Pulumi's own bookkeeping (the stack, providers, native ones included). */
export function isManagedResource(type: string): boolean {
  return type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");
}
