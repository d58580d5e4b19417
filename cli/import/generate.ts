// The program `import` writes: one resource of this package per vendor object, adopting it (adoptId, or the
// legacy kinds' adoptExisting) with the values the vendor holds as inputs, subscriptions pointing at their
// webhook or websocket by reference, secrets read from the stack config. Pure: same objects, same text.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { pathSegment } from "../../provider/fields";
import type { InventoryItem } from "../../provider/kind";
import { RESOURCE_KINDS, definitionOf, type ResourceKind } from "../../provider/registry";
import { DIALPAD_ID_SHAPE as V2_ID, KIND_NAMES, isDialpadId, safeLabel, type KindInventory } from "../inventory";
import { codeEscape, codeLiteral } from "../printable";

/**
 * Inputs that hold another resource's id, and the kind of that resource (written as `<group>.<key>.id`): what
 * the kinds declare (`references`).
 */
export const REFERENCES: Readonly<Record<string, ResourceKind>> = Object.assign(
  {},
  ...RESOURCE_KINDS.map((k) => (definitionOf(k).references ?? {}) as Record<string, ResourceKind>),
) as Record<string, ResourceKind>;

/** Inputs a generated declaration never sets from the vendor's values: how each kind takes an object over. */
const ADOPTION_INPUTS: ReadonlySet<string> = new Set(RESOURCE_KINDS.flatMap((k) => definitionOf(k).adoption ?? []));

/** The widest line the generated code packs properties into (the README's examples stay under it). */
const WIDTH = 120;

export interface GeneratedResource {
  type: ResourceKind;
  id: string;
  /** Logical name (the resource's name in Pulumi and its URN). */
  name: string;
  /** `<group>.<key>` in the generated module. */
  variable: string;
  /** What it is, without secrets: URL host and path, endpoint, target. */
  label: string;
  /** Stack config keys holding its secrets (`cfg.requireSecret`); set them before `pulumi up`. */
  secretConfigKeys: string[];
}

export interface SkippedObject {
  type: ResourceKind;
  id: string;
  label: string;
  reason: string;
}

export interface Generated {
  source: string;
  resources: GeneratedResource[];
  /** Objects that cannot be declared as they are (a subscription whose webhook was deleted, ...). */
  skipped: SkippedObject[];
  /** Objects declared, whose adoption will still change a value (the vendor holds a non-canonical form). */
  warnings: string[];
  /** Every secret config key, in order. */
  secretConfigKeys: string[];
}

export interface GenerateOptions {
  /** The vendor the objects were listed from, for the header (a base URL; never a credential). */
  source: string;
}

// ---- names ----

/** The longest logical name written. */
export const MAX_NAME = 48;

/** Lower-case words joined by "-", whole. */
const words = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");

/** Lower-case words joined by "-": what logical names are made of (at most MAX_NAME characters). */
export function slug(text: string): string {
  return words(text).slice(0, MAX_NAME).replace(/-+$/, "");
}

/**
 * A name in two parts: what it is about (`lead`: the endpoint, the URL) and what kind of thing it is (`tail`: the
 * kind, the target, a number). At the length limit the lead is shortened: the tail always survives.
 */
export interface NameParts { lead: string; tail: string }

/** The parts joined, at most MAX_NAME characters, the tail kept whole (its end, if it alone is too long). */
export function fitName({ lead, tail }: NameParts): string {
  const t = words(tail);
  if (t.length >= MAX_NAME) return t.slice(t.length - MAX_NAME).replace(/^-+/, "");
  const room = MAX_NAME - t.length - (t === "" ? 0 : 1);
  const l = words(lead).slice(0, room).replace(/-+$/, "");
  return [l, t].filter((x) => x !== "").join("-");
}

/** A readable name from a URL: the host without its domain (`ops.example.com` → `ops`), then the path. */
export function nameFromUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return slug(value);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let labels = host.split(".").filter((l) => l !== "" && l !== "www");
  const ip = /^[0-9.]+$/.test(host) || host.includes(":");
  if (!ip && labels.length >= 3) labels = labels.slice(0, -2);
  else if (!ip && labels.length === 2) labels = labels.slice(0, 1);
  return slug([...labels, ...url.pathname.split("/")].join("-"));
}

/** `ops-dialpad` → `opsDialpad`, a valid identifier. */
export function camel(name: string): string {
  const id = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, "");
  return /^[A-Za-z_$]/.test(id) ? id : `n${id}`;
}

/** The group a kind's resources are exported in: `webhooks`, `callSubscriptions`, ... */
export function groupOf(kind: ResourceKind): string {
  const cls = classOf(kind);
  return `${cls[0]!.toLowerCase()}${cls.slice(1)}s`;
}

/** `dialpad:Webhook` → `Webhook`; the SDK class is `<vendor>.<Class>`. */
const classOf = (kind: ResourceKind) => kind.slice(kind.indexOf(":") + 1);
const vendorOf = (kind: ResourceKind) => kind.slice(0, kind.indexOf(":"));

/** The natural name of an object, before de-duplication, from what a person recognises it by. */
function baseName(kind: ResourceKind, inputs: Record<string, unknown>, nameOfEndpoint: (input: string, id: string) => string | undefined): NameParts {
  const alone = (lead: string): NameParts => ({ lead: words(lead) === "" ? KIND_NAMES[kind] : lead, tail: "" });
  if (typeof inputs.hookId === "string") return alone(inputs.hookId);
  if (typeof inputs.hookUrl === "string") return alone(nameFromUrl(inputs.hookUrl));
  const lead: string[] = [];
  for (const [input, target] of Object.entries(REFERENCES)) {
    const id = inputs[input];
    if (typeof id === "string") lead.push(nameOfEndpoint(input, id) ?? `${KIND_NAMES[target]}-${id}`);
  }
  if (typeof inputs.url === "string") lead.push(nameFromUrl(inputs.url));
  const tail: string[] = [KIND_NAMES[kind]];
  if (inputs.targetType !== undefined && inputs.targetId !== undefined) tail.push(String(inputs.targetType), String(inputs.targetId));
  return { lead: lead.join("-"), tail: tail.join("-") };
}

/** The same parts with a number: `ops-sms` → `ops-sms-2` (the lead shortened if needed, never the number). */
const numbered = (parts: NameParts, n: number): NameParts => ({ lead: parts.lead, tail: `${parts.tail}-${n}` });

// ---- ids ----

const hookIdRule = pathSegment(200);

/** Why the object's id cannot be used (not the shape Dialpad makes, or not a valid hook id), or undefined. */
function badId(kind: ResourceKind, item: InventoryItem): string | undefined {
  if (definitionOf(kind).adoption === "adoptId") return isDialpadId(item.id) ? undefined : `its id is not a Dialpad id (${V2_ID})`;
  const hook = hookIdRule.safeParse(item.id);
  return hook.success ? undefined : `its hook id ${hook.error.issues[0]?.message ?? "is invalid"}`;
}

/** An id as reports show it: escaped by the caller's output, cut when it is longer than any valid id (a 200-character hook id). */
const shownId = (id: string): string => (id.length > 200 ? `${id.slice(0, 200)}…` : id);

// ---- values ----

type Code = { code: string };
const code = (text: string): Code => ({ code: text });

/** Every vendor value reaches the module through here: a string only as a literal (no raw control character). */
function literal(value: unknown): string {
  if (typeof value === "object" && value !== null && "code" in value) return (value as Code).code;
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (typeof value === "string") return codeLiteral(value);
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  throw new Error(`cannot write a value of type ${typeof value}`);
}

/** What a field defaults to when left out, or undefined when it has no default. */
function defaultOf(field: z.ZodType): unknown {
  if (!(field instanceof z.ZodDefault)) return undefined;
  const parsed = field.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

/** An id as the README writes numbers (`targetId: 123`), a string when it does not fit a number exactly. */
function idLiteral(id: string): number | string {
  const n = Number(id);
  return /^[1-9][0-9]*$/.test(id) && Number.isSafeInteger(n) ? n : id;
}

// ---- layout ----

/** `key: new ns.Class("name", { a, b }),` on one line when it fits, else the properties packed in lines below. */
function declaration(indent: string, head: string, props: string[], tail: string): string[] {
  const one = `${indent}${head}{ ${props.join(", ")} })${tail}`;
  if (props.length === 0) return [`${indent}${head}{})${tail}`];
  if (one.length <= WIDTH) return [one];
  const lines = [`${indent}${head}{`];
  const inner = `${indent}  `;
  let line = "";
  for (const p of props) {
    const next = line === "" ? `${inner}${p},` : `${line} ${p},`;
    if (line !== "" && next.length > WIDTH) {
      lines.push(line);
      line = `${inner}${p},`;
    } else {
      line = next;
    }
  }
  if (line !== "") lines.push(line);
  lines.push(`${indent}})${tail}`);
  return lines;
}

// ---- the module ----

interface Planned {
  kind: ResourceKind;
  item: InventoryItem;
  inputs: Record<string, unknown>;
  name: string;
  key: string;
  /** Position in the listing: declarations keep it. */
  index: number;
}

/** Writes the module for the listed objects (kinds in registry order, objects in id order). */
export async function generateProgram(inventory: readonly KindInventory[], opts: GenerateOptions): Promise<Generated> {
  const skipped: SkippedObject[] = [];
  const warnings: string[] = [];
  const usedNames = new Set<string>();
  const usedKeys = new Map<string, Set<string>>();
  const byId = new Map<string, Planned>();

  const nameOfEndpoint = (input: string, id: string) => {
    const target = REFERENCES[input];
    return target !== undefined ? byId.get(`${target}/${id}`)?.name : undefined;
  };
  const take = (name: string, group: string): string | undefined => {
    const keys = usedKeys.get(group) ?? new Set<string>();
    usedKeys.set(group, keys);
    const key = camel(name);
    if (usedNames.has(name) || keys.has(key)) return undefined;
    usedNames.add(name);
    keys.add(key);
    return key;
  };

  type Candidate = Omit<Planned, "name" | "key">;
  const candidates: Candidate[] = [];
  for (const { kind, items } of inventory) {
    const def = definitionOf(kind);
    for (const item of items) {
      const label = safeLabel(kind, item.inputs);
      const skip = (reason: string) => void skipped.push({ type: kind, id: shownId(String(item.id)), label, reason });
      // The vendor's object could not be read at all (the provider's listing says why, by field).
      if (item.unreadable !== undefined) {
        skip(`the vendor's object cannot be read: ${item.unreadable}`);
        continue;
      }
      // Server-made ids are used (names, adoptId, references) only when they have the shape the vendor makes.
      const bad = badId(kind, item);
      if (bad !== undefined) {
        skip(bad);
        continue;
      }
      const badRef = Object.keys(REFERENCES).find((input) => item.inputs[input] != null && !isDialpadId(item.inputs[input]));
      if (badRef !== undefined) {
        skip(`${badRef} is not a Dialpad id (${V2_ID})`);
        continue;
      }
      // The vendor's values under the kind's input names, minus outputs and how adoption is said.
      const raw: Record<string, unknown> = {};
      for (const key of Object.keys(def.inputs.shape)) {
        const v = item.inputs[key];
        if (v !== undefined && v !== null && !def.outputsOnly.includes(key) && !ADOPTION_INPUTS.has(key)) raw[key] = v;
      }
      // The check the engine runs first: what fails it cannot be declared, what it rewrites would change.
      const parsed = await checkedInputs(kind, raw);
      if ("failures" in parsed) {
        skip(parsed.failures);
        continue;
      }
      const changed = Object.keys(raw).filter((k) => !def.secrets.includes(k) && !isDeepStrictEqual(raw[k], parsed.inputs[k]));
      if (changed.length > 0) {
        warnings.push(`${kind} ${item.id} (${label}): adoption will rewrite ${changed.join(", ")} in canonical form`);
      }
      candidates.push({ kind, item, inputs: raw, index: candidates.length });
    }
  }

  // Names: the endpoints first (a subscription is named after its webhook or websocket), then the rest. In each
  // round every natural name is reserved before any is numbered, so a natural `ops-sms-2` is never renumbered and
  // a second `ops-sms` takes the next free number.
  const refersToOthers = (kind: ResourceKind) => Object.keys(REFERENCES).some((input) => input in definitionOf(kind).inputs.shape);
  const planned: Planned[] = [];
  for (const round of [candidates.filter((c) => !refersToOthers(c.kind)), candidates.filter((c) => refersToOthers(c.kind))]) {
    const parts = round.map((c) => baseName(c.kind, c.inputs, nameOfEndpoint));
    const named: (Planned | undefined)[] = round.map((c, i) => {
      const name = fitName(parts[i]!);
      const key = take(name, groupOf(c.kind));
      return key === undefined ? undefined : { ...c, name, key };
    });
    round.forEach((c, i) => {
      for (let n = 2; named[i] === undefined; n++) {
        const name = fitName(numbered(parts[i]!, n));
        const key = take(name, groupOf(c.kind));
        if (key !== undefined) named[i] = { ...c, name, key };
      }
      const p = named[i]!;
      byId.set(`${p.kind}/${p.item.id}`, p);
    });
    planned.push(...(named as Planned[]));
  }
  // Declared in registry order, objects in id order, as listed.
  planned.sort((a, b) => a.index - b.index);

  const resources: GeneratedResource[] = [];
  const secretConfigKeys: string[] = [];
  const groups = new Map<string, string[]>();
  const vendors = new Set<string>();
  for (const p of planned) {
    const def = definitionOf(p.kind);
    const group = groupOf(p.kind);
    const props: string[] = [];
    const secretsOfThis: string[] = [];
    for (const [key, field] of Object.entries(def.inputs.shape) as [string, z.ZodType][]) {
      const v = p.inputs[key];
      if (v === undefined) continue;
      if (isDeepStrictEqual(defaultOf(field), v)) continue;
      let value: unknown = v;
      if (def.secrets.includes(key)) {
        const configKey = `${p.key}${key[0]!.toUpperCase()}${key.slice(1)}`;
        secretsOfThis.push(configKey);
        value = code(`cfg.requireSecret(${literal(configKey)})`);
      } else if (REFERENCES[key] !== undefined && typeof v === "string") {
        const target = byId.get(`${REFERENCES[key]}/${v}`);
        // A reference when the webhook or websocket is in this module; its id otherwise (--kinds left it out).
        value = target ? code(`${groupOf(target.kind)}.${target.key}.id`) : v;
      } else if (key === "targetId" && typeof v === "string") {
        value = idLiteral(v);
      }
      props.push(`${key}: ${literal(value)}`);
    }
    const adoption = def.adoption === "adoptId" ? `adoptId: ${literal(p.item.id)}` : "adoptExisting: true";
    props.push(adoption);
    vendors.add(vendorOf(p.kind));
    const head = `${p.key}: new ${vendorOf(p.kind)}.${classOf(p.kind)}(${literal(p.name)}, `;
    const lines = groups.get(group) ?? [];
    lines.push(...declaration("  ", head, props, ","));
    groups.set(group, lines);
    secretConfigKeys.push(...secretsOfThis);
    resources.push({
      type: p.kind, id: p.item.id, name: p.name, variable: `${group}.${p.key}`, label: safeLabel(p.kind, p.item.inputs),
      secretConfigKeys: secretsOfThis,
    });
  }

  const out: string[] = [
    `// Generated by \`pulumi-dialpad-cinnox import\` from ${codeEscape(opts.source)}: ${resources.length} existing object(s), each adopted`,
    "// (adoptId; the archived event subscriptions: adoptExisting) with the values the vendor holds, so the first",
    "// `pulumi up` takes them over without changing them. Running the command again writes the same file.",
  ];
  if (skipped.length > 0) {
    out.push(`// Not declared (they cannot be as they are; the command printed why): ${skipped.map((o) => `${o.type} ${codeEscape(o.id)}`).join(", ")}.`);
  }
  if (secretConfigKeys.length > 0) {
    out.push(
      "// Secrets are not in this file: set each to the value the vendor holds before `pulumi up`:",
      ...secretConfigKeys.map((k) => `//   pulumi config set --secret ${k}`),
    );
  }
  if (secretConfigKeys.length > 0) out.push('import * as pulumi from "@pulumi/pulumi";');
  out.push(`import { ${[...vendors].sort().join(", ") || "dialpad"} } from "pulumi-dialpad-cinnox";`);
  if (resources.length === 0) out.push("", "// The vendor holds no object of the listed kinds.", "export {};");
  if (secretConfigKeys.length > 0) out.push("", "const cfg = new pulumi.Config();");
  for (const [group, lines] of groups) out.push("", `export const ${group} = {`, ...lines, "};");
  return { source: `${out.join("\n")}\n`, resources, skipped, warnings, secretConfigKeys };
}

/** The kind's own check, as the engine runs it before create: failures joined (property names, never values). */
async function checkedInputs(kind: ResourceKind, raw: Record<string, unknown>): Promise<{ inputs: Record<string, unknown> } | { failures: string }> {
  const result = await definitionOf(kind).controller.check({}, raw);
  const failures = result.failures ?? [];
  if (failures.length > 0) return { failures: failures.map((f) => (f.property ? `${f.property} ${f.reason}` : f.reason)).join("; ") };
  return { inputs: result.inputs ?? {} };
}

/** The commented template printed for the kinds the vendor cannot list (Cinnox), one line per kind. */
export function templateFor(kinds: readonly ResourceKind[]): string {
  if (kinds.length === 0) return "";
  const lines = [
    "// Cinnox has no endpoint to list event subscriptions, so `import` cannot find them. For each app, declare the",
    "// subscriptions it has, with the URL it delivers to (the first `pulumi up` PATCHes the same values: no change):",
    `// import { cinnox } from "pulumi-dialpad-cinnox";`,
  ];
  for (const kind of kinds) {
    lines.push(`// new ${vendorOf(kind)}.${classOf(kind)}("<app>-${KIND_NAMES[kind].replace(/^cinnox-/, "")}", { appId: "<app id>", url: "https://<receiver>/cinnox" });`);
  }
  return `${lines.join("\n")}\n`;
}
