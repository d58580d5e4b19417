// The Pulumi package schema of the native `dialpad` and `cinnox` providers, derived from the kind registry:
// one resource per kind (`dialpad:Webhook` -> `dialpad:index:Webhook`), its input properties from the kind's
// zod `inputs` (types, enums, required, defaults), its outputs (the inputs as the vendor holds them, plus
// `outputsOnly`), `secret` for the kind's `secrets`, `replaceOnChanges` from `replaceOn`; the provider's
// config from the settings (credentials secret). Nothing here is written per kind.
import { z } from "zod";
import type { KindDefinition, Vendor } from "../kind";
import { RESOURCE_KINDS, definitionOf, kindOfToken, typeToken, type ResourceKind } from "../registry";
import { SETTING_SOURCES, settingsSchema, type SettingName } from "../settings";

export const VENDORS: readonly Vendor[] = ["dialpad", "cinnox"];

/**
 * The Go module of the generated Go SDK (`native/go`, shipped in the npm package): its packages are
 * `<GO_MODULE>/dialpad` and `<GO_MODULE>/cinnox`. Until it is published at that path, a Go program points the
 * module at its copy with a `replace` directive (README, "Native providers").
 */
export const GO_MODULE = "github.com/pulumi-dialpad-cinnox/pulumi-dialpad-cinnox/native/go";

// The token of each kind and back: one mapping, in the registry (the drift command reads both forms through it).
export { kindOfToken, typeToken };

export function kindsOf(vendor: Vendor): ResourceKind[] {
  return RESOURCE_KINDS.filter((k) => k.startsWith(`${vendor}:`));
}

/** Pulumi schema pieces (only what the generator writes). */
export interface PropertySpec {
  type?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  oneOf?: PropertySpec[];
  $ref?: string;
  description?: string;
  secret?: boolean;
  default?: unknown;
  replaceOnChanges?: boolean;
  willReplaceOnChanges?: boolean;
}
export interface ResourceSpec {
  description: string;
  properties: Record<string, PropertySpec>;
  required: string[];
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
}
export interface EnumSpec {
  type: "string";
  description: string;
  enum: { value: string }[];
}
export interface PackageSchema {
  name: Vendor;
  displayName: string;
  version: string;
  description: string;
  license: string;
  keywords: string[];
  config: { variables: Record<string, PropertySpec>; defaults: string[] };
  provider: { description: string; inputProperties: Record<string, PropertySpec>; properties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSpec>;
  types: Record<string, EnumSpec>;
  language: Record<string, unknown>;
}

type Json = { [k: string]: unknown };

const pascal = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Turns the JSON Schema zod writes for one property into a Pulumi property, naming enums in `types`. */
function toProperty(vendor: Vendor, resource: string, name: string, js: Json, types: Record<string, EnumSpec>): PropertySpec {
  if (Array.isArray(js.enum) && js.enum.every((v) => typeof v === "string")) {
    const values = js.enum as string[];
    // One enum type per value set: shared across kinds when the values are the same, else named after the kind.
    const base = `${vendor}:index:${pascal(name.replace(/s$/, ""))}`;
    const same = (t: EnumSpec | undefined) => t !== undefined && t.enum.map((e) => e.value).join("\n") === values.join("\n");
    const token = !types[base] || same(types[base]) ? base : `${vendor}:index:${resource}${pascal(name.replace(/s$/, ""))}`;
    types[token] ??= { type: "string", description: `The values ${name} accepts.`, enum: values.map((value) => ({ value })) };
    return { $ref: `#/types/${token}` };
  }
  if (Array.isArray(js.anyOf)) {
    const options = (js.anyOf as Json[]).map((o) => toProperty(vendor, resource, name, o, types));
    const distinct = options.filter((o, i) => options.findIndex((p) => JSON.stringify(p) === JSON.stringify(o)) === i);
    return distinct.length === 1 ? distinct[0]! : { oneOf: distinct };
  }
  switch (js.type) {
    case "string":
    case "boolean":
    case "integer":
    case "number":
      return { type: js.type };
    case "array":
      return { type: "array", items: toProperty(vendor, resource, name, (js.items as Json) ?? {}, types) };
    case "object":
      return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
    default:
      return { $ref: "pulumi.json#/Any" };
  }
}

function describe(d: KindDefinition, name: string, output: boolean): string {
  const parts: string[] = [];
  if (d.outputsOnly.includes(name)) parts.push("Output only: set by the vendor, never an input.");
  else if (output) parts.push(`\`${name}\` as the vendor holds it.`);
  else parts.push(`Input \`${name}\` of ${d.kind}.`);
  if (d.secrets.includes(name)) parts.push("A secret: stored encrypted, never shown.");
  if ((d.replaceOn as readonly string[]).includes(name)) parts.push("Changing it replaces the resource.");
  return parts.join(" ");
}

/** The schema of one kind as a Pulumi resource. */
export function resourceSpec(kind: ResourceKind, types: Record<string, EnumSpec>): ResourceSpec {
  const d = definitionOf(kind) as KindDefinition;
  const vendor = d.vendor;
  const resource = kind.split(":")[1]!;
  const input = z.toJSONSchema(d.inputs, { io: "input", unrepresentable: "any" }) as Json;
  const output = z.toJSONSchema(d.inputs, { io: "output", unrepresentable: "any" }) as Json;
  const inputProperties: Record<string, PropertySpec> = {};
  const properties: Record<string, PropertySpec> = {};
  const inProps = (input.properties ?? {}) as Record<string, Json>;
  const outProps = (output.properties ?? {}) as Record<string, Json>;
  for (const name of Object.keys(d.inputs.shape)) {
    const spec: PropertySpec = { ...toProperty(vendor, resource, name, inProps[name] ?? {}, types), description: describe(d, name, false) };
    if (inProps[name]?.default !== undefined) spec.default = inProps[name]!.default;
    if (d.secrets.includes(name)) spec.secret = true;
    if ((d.replaceOn as readonly string[]).includes(name)) spec.replaceOnChanges = true;
    inputProperties[name] = spec;
    // A transformed value (a normalised URL, an id turned to text) has no JSON Schema of its own: the output takes
    // the input's type, a choice of number or text narrowed to text (what the mappings answer).
    let outType = toProperty(vendor, resource, name, outProps[name] ?? {}, types);
    if (outType.$ref === "pulumi.json#/Any") {
      const fromInput = toProperty(vendor, resource, name, inProps[name] ?? {}, types);
      outType = fromInput.oneOf?.find((o) => o.type === "string") ?? fromInput;
    }
    const out: PropertySpec = { ...outType, description: describe(d, name, true) };
    if (d.secrets.includes(name)) out.secret = true;
    if ((d.replaceOn as readonly string[]).includes(name)) out.replaceOnChanges = true;
    properties[name] = out;
  }
  for (const name of d.outputsOnly) {
    properties[name] = { type: "string", description: describe(d, name, true), ...(d.secrets.includes(name) ? { secret: true } : {}) };
  }
  // Outputs present after every create and read: the inputs zod always fills (required or defaulted).
  const requiredInputs = ((input.required as string[] | undefined) ?? []).filter((n) => n in inputProperties);
  const required = ((output.required as string[] | undefined) ?? []).filter((n) => n in properties && !d.secrets.includes(n));
  const extra = [
    d.readable ? "" : ` It cannot be read back: ${d.unreadableReason ?? "the vendor has no read endpoint"}.`,
    d.deleteBeforeReplace ? " A replacement deletes the old object first." : "",
  ].join("");
  return { description: `${d.summary} (API: \`${d.api}\`.)${extra}`, properties, required, inputProperties, requiredInputs };
}

/** The provider's settings of one vendor, as config variables and provider inputs (credentials secret). */
export function configSpec(vendor: Vendor): Record<string, PropertySpec> {
  const shape = settingsSchema.shape[vendor].shape as Record<string, z.ZodType>;
  const out: Record<string, PropertySpec> = {};
  for (const key of Object.keys(shape)) {
    const src = SETTING_SOURCES[`${vendor}.${key}` as SettingName];
    const secret = isCredential(vendor, key);
    const type = key === "operationDeadlineSeconds" ? "number" : "string";
    out[key] = {
      type,
      description: `\`${src.config}\` (else the environment variable \`${src.env}\`).${secret ? " A credential: kept secret." : ""}`,
      ...(secret ? { secret: true } : {}),
    };
  }
  return out;
}

/** The settings that are credentials: secrets in the schema, in the provider's state and in every answer. */
export function isCredential(vendor: Vendor, key: string): boolean {
  return (vendor === "dialpad" && key === "apiKey") || (vendor === "cinnox" && key === "appToken");
}

/** The whole package schema of one vendor's provider, as `GetSchema` serves it. */
export function packageSchema(vendor: Vendor, version: string): PackageSchema {
  const types: Record<string, EnumSpec> = {};
  const resources: Record<string, ResourceSpec> = {};
  for (const kind of kindsOf(vendor)) resources[typeToken(kind)] = resourceSpec(kind, types);
  const config = configSpec(vendor);
  return {
    name: vendor,
    displayName: vendor === "dialpad" ? "Dialpad" : "Cinnox",
    version,
    description: `${vendor === "dialpad" ? "Dialpad" : "Cinnox"} event subscriptions as Pulumi resources (native provider of pulumi-dialpad-cinnox).`,
    license: "Apache-2.0",
    keywords: ["pulumi", vendor, "category/utility", "kind/native"],
    config: { variables: config, defaults: [] },
    provider: {
      description: `The ${vendor} provider: credentials and settings of one ${vendor === "dialpad" ? "Dialpad company" : "Cinnox app"}.`,
      inputProperties: config,
      properties: Object.fromEntries(Object.entries(config).filter(([k]) => k !== "operationDeadlineSeconds")),
    },
    resources,
    types,
    language: {
      nodejs: { packageName: `pulumi-dialpad-cinnox-native-${vendor}`, respectSchemaVersion: true },
      go: { importBasePath: `${GO_MODULE}/${vendor}`, generateResourceContainerTypes: false, respectSchemaVersion: true },
    },
  };
}
