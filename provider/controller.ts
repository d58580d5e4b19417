// The contract every resource kind implements, and the lifecycle pieces they all share: check with zod
// (one failure per property, unknowns pass in preview), the diff, 404-tolerant delete and read.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { hidesValue } from "./fields";
import { NotFoundError } from "./http/errors";

export type Props = Record<string, unknown>;

/** A diff that also lists which properties differ (the engine ignores `diffs`; tests and logs read it). */
export interface ControllerDiff extends dynamic.DiffResult {
  readonly changes: boolean;
  readonly diffs: string[];
}

/** What the thin serialized provider delegates to for one resource kind. */
export interface ResourceController {
  check(olds: Props, news: Props): Promise<dynamic.CheckResult<Props>>;
  diff(id: string, olds: Props, news: Props): Promise<ControllerDiff>;
  create(inputs: Props): Promise<dynamic.CreateResult<Props>>;
  read(id: string, props: Props): Promise<dynamic.ReadResult<Props>>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult<Props>>;
  delete(id: string, props: Props): Promise<void>;
}

/** The engine's placeholder for a value not known until apply (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

/** A rule across properties (e.g. targetType with targetId); checked only when all of `involves` are known and valid. */
export interface CrossRule<T> {
  involves: readonly (keyof T & string)[];
  /** Returns the failures (property + reason) for a value whose fields each passed. */
  test(value: Partial<T>): dynamic.CheckFailure[];
}

export type InputSchema = z.ZodObject<z.ZodRawShape>;

/**
 * Validates and normalises inputs property by property, so each bad property gets its own failure,
 * then applies the cross-property rules. A property still unknown (preview) is passed through unchecked.
 */
export function checkInputs<S extends InputSchema>(
  schema: S,
  rules: readonly CrossRule<z.output<S>>[],
  news: Props,
): dynamic.CheckResult<Props> {
  const inputs: Props = {};
  const failures: dynamic.CheckFailure[] = [];
  const known = Object.keys(schema.shape);
  for (const key of Object.keys(news)) {
    if (key === PROVIDER_KEY || Object.prototype.hasOwnProperty.call(schema.shape, key)) continue;
    // Named in the reason, not as the failing property: Pulumi prints a named property's value, and a
    // misspelt `secret` would hold one.
    const near = nearestName(key, known);
    failures.push({
      property: "",
      reason: `unknown property "${key}"${near ? `: did you mean ${near}?` : ""} (valid: ${known.join(", ")})`,
    });
  }
  const settled = new Set<string>();
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const raw = news[key];
    if (isUnknown(raw)) {
      inputs[key] = raw;
      continue;
    }
    const parsed = field.safeParse(raw);
    if (parsed.success) {
      if (parsed.data !== undefined) inputs[key] = parsed.data;
      settled.add(key);
    } else {
      const reason = parsed.error.issues.map((i) => i.message).join("; ");
      failures.push(hidesValue(field, raw) ? { property: "", reason: `property ${key} ${reason} (value not shown)` } : { property: key, reason });
    }
  }
  for (const rule of rules) {
    if (rule.involves.every((k) => settled.has(k))) failures.push(...rule.test(inputs as Partial<z.output<S>>));
  }
  return failures.length > 0 ? { inputs: news, failures } : { inputs };
}

/** The property the engine adds to every dynamic resource for the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** The valid name closest to a misspelt one: same letters in another case, or at most two edits away. */
export function nearestName(name: string, valid: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = valid.find((v) => v.toLowerCase() === lower);
  if (same) return same;
  let best: { name: string; distance: number } | undefined;
  for (const v of valid) {
    const d = editDistance(lower, v.toLowerCase());
    if (d <= Math.min(2, Math.floor(v.length / 3)) && (!best || d < best.distance)) best = { name: v, distance: d };
  }
  return best?.name;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Parses inputs the engine hands to create/update (already checked), dropping `__provider`. */
export function parseInputs<S extends InputSchema>(kind: string, schema: S, props: Props): z.output<S> {
  const parsed = schema.safeParse(props);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`${kind}: invalid inputs: ${problems}`);
  }
  return parsed.data;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as Props)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Props)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as Props)[k], (b as Props)[k]));
  }
  return false;
}

/** The properties among `keys` whose values differ (an unknown new value counts as different). */
export function changedProperties(keys: readonly string[], olds: Props, news: Props): string[] {
  return keys.filter((k) => isUnknown(news[k]) || !deepEqual(olds[k] ?? undefined, news[k] ?? undefined));
}

/** The input properties a diff compares: all declared inputs but the create-only ones. */
export function comparedKeys(schema: InputSchema, createOnly: readonly string[] = []): string[] {
  return Object.keys(schema.shape).filter((k) => !createOnly.includes(k));
}

/** What a resource module supplies; `defineController` adds the shared behaviour around it. */
export interface ResourceSpec<S extends InputSchema> {
  /** e.g. "dialpad:Webhook": prefixes every error message. */
  kind: string;
  inputs: S;
  rules?: readonly CrossRule<z.output<S>>[];
  /** Properties whose change replaces the object. */
  replaceOn?: readonly (keyof z.output<S> & string)[];
  /** Properties that only steer creation (adoption): never diffed, carried through read. */
  createOnly?: readonly (keyof z.output<S> & string)[];
  /**
   * Every replacement deletes the old object first. For kinds whose identity the program chooses (a hook id,
   * an app id: one object at that path), create-before-delete would create (or take over) the object at the
   * same identity and then delete it with the old resource. Sent in every diff, since the engine also consults
   * it for a forced replacement (`pulumi up --replace`) that no property change asked for.
   */
  deleteBeforeReplace?: boolean;
  /** Creates (or adopts) the object; returns its id and outputs (input names hold the live values). */
  create(inputs: z.output<S>): Promise<{ id: string; outs: Props }>;
  /** Reads the live object; throws NotFoundError when it is gone. */
  read(id: string, props: Props): Promise<Props>;
  update(id: string, olds: Props, news: z.output<S>): Promise<Props>;
  /** Deletes; a NotFoundError is treated as success by the caller. */
  delete(id: string, props: Props): Promise<void>;
}

/** Prefixes an error with the resource kind and id, keeping its class. */
function named<T>(kind: string, id: string | undefined, work: () => Promise<T>): Promise<T> {
  return work().catch((err: unknown) => {
    if (err instanceof Error) {
      err.message = `${kind}${id ? ` ${id}` : ""}: ${err.message}`;
      throw err;
    }
    throw new Error(`${kind}${id ? ` ${id}` : ""}: ${String(err)}`);
  });
}

export function defineController<S extends InputSchema>(spec: ResourceSpec<S>): ResourceController {
  const rules = spec.rules ?? [];
  const createOnly = new Set<string>(spec.createOnly ?? []);
  const inputKeys = Object.keys(spec.inputs.shape);
  const diffed = comparedKeys(spec.inputs, spec.createOnly);
  const replaceOn = new Set<string>(spec.replaceOn ?? []);

  /**
   * Outputs carry the create-only inputs along, so read and diff can see them later. Absent values are
   * left out rather than kept as undefined, which the engine's protobuf Struct cannot hold.
   */
  const withCreateOnly = (outs: Props, from: Props): Props => {
    const out: Props = {};
    for (const [k, v] of Object.entries(outs)) if (v !== undefined) out[k] = v;
    for (const k of createOnly) if (from[k] !== undefined) out[k] = from[k];
    return out;
  };

  return {
    async check(_olds, news) {
      return checkInputs(spec.inputs, rules, news);
    },

    async diff(_id, olds, news) {
      const diffs = changedProperties(diffed, olds, news);
      const replaces = diffs.filter((k) => replaceOn.has(k));
      return { changes: diffs.length > 0, diffs, replaces, ...(spec.deleteBeforeReplace ? { deleteBeforeReplace: true } : {}) };
    },

    create(props) {
      return named(spec.kind, undefined, async () => {
        const inputs = parseInputs(spec.kind, spec.inputs, props);
        const { id, outs } = await spec.create(inputs);
        return { id, outs: withCreateOnly(outs, inputs) };
      });
    },

    read(id, props) {
      return named(spec.kind, id, async () => {
        let live: Props;
        try {
          live = await spec.read(id, props);
        } catch (err) {
          // Gone: an empty id makes Pulumi drop the resource from the state.
          if (err instanceof NotFoundError) return { id: "" };
          throw err;
        }
        const outs = withCreateOnly(live, props);
        const inputs: Props = {};
        for (const k of inputKeys) if (outs[k] !== undefined) inputs[k] = outs[k];
        return { id, props: outs, inputs };
      });
    },

    update(id, olds, news) {
      return named(spec.kind, id, async () => {
        const inputs = parseInputs(spec.kind, spec.inputs, news);
        const outs = await spec.update(id, olds, inputs);
        return { outs: withCreateOnly(outs, inputs) };
      });
    },

    delete(id, props) {
      return named(spec.kind, id, async () => {
        try {
          await spec.delete(id, props);
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
        }
      });
    },
  };
}
