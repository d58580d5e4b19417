// Environment parity: two stacks' exported state (`pulumi stack export`, read-only) compared by logical
// resource name: what one has and the other lacks, and declared properties that differ.
import type { Stack } from "@pulumi/pulumi/automation";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { reasonOf } from "../workspace";
import { REPORT_VERSION, type CompareReport, type ResourceDifference } from "./schema";
import { differingProperties, isManagedResource, shortType, urnParts, type Json } from "./values";

const ExportedResourceSchema = z.object({
  urn: z.string(),
  type: z.string(),
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  delete: z.boolean().optional(),
});
const DeploymentSchema = z.object({ resources: z.array(ExportedResourceSchema).nullish() });

type ExportedResource = z.infer<typeof ExportedResourceSchema>;

interface StackResources {
  /** By logical key (type and name). */
  byKey: Map<string, ExportedResource>;
  /** Vendor id → logical key, so a property holding another resource's id compares by that resource's name. */
  keyOfId: Map<string, string>;
}

/** Type (short: the same for the dynamic and the native form of a kind) and logical name. */
const keyOf = (r: ExportedResource) => `${shortType(r.type)}::${urnParts(r.urn).name}`;

async function exportedResources(stack: Stack): Promise<StackResources> {
  const deployment = DeploymentSchema.parse((await stack.exportStack()).deployment ?? {});
  const byKey = new Map<string, ExportedResource>();
  const keyOfId = new Map<string, string>();
  for (const r of deployment.resources ?? []) {
    // Resources pending deletion (left by a failed replace) are not part of what the program declares.
    if (!isManagedResource(r.type) || r.delete === true) continue;
    byKey.set(keyOf(r), r);
    if (r.id) keyOfId.set(r.id, keyOf(r));
  }
  return { byKey, keyOfId };
}

/**
 * The value with ids of the stack's other resources replaced by a reference to their logical key. The
 * resource's own id is left alone: it may be an input too (a Cinnox subscription's id is its appId).
 */
function withReferences(value: Json | undefined, keyOfId: ReadonlyMap<string, string>, self: string): unknown {
  if (typeof value === "string") {
    const key = keyOfId.get(value);
    return key !== undefined && key !== self ? { ref: key } : value;
  }
  if (Array.isArray(value)) return value.map((v) => withReferences(v, keyOfId, self));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withReferences(v, keyOfId, self)]));
  }
  return value;
}

/**
 * Compares the declared inputs of `left` and `right`. Secret values cannot be compared (each stack encrypts
 * with its own key), so two secrets count as equal; ids of each stack's own resources (webhookId = hook.id)
 * compare by the resource they name, since the vendor gives every environment different ids.
 */
export async function compareStacks(left: Stack, right: Stack, ignore: readonly string[]): Promise<CompareReport> {
  const base = { version: REPORT_VERSION, command: "compare" as const, left: left.name, right: right.name, ignored: [...ignore] };
  let l: StackResources;
  let r: StackResources;
  try {
    [l, r] = await Promise.all([exportedResources(left), exportedResources(right)]);
  } catch (err) {
    return { ...base, status: "error", error: reasonOf(err), onlyInLeft: [], onlyInRight: [], differences: [] };
  }
  const ref = (res: ExportedResource) => ({ type: shortType(res.type), name: urnParts(res.urn).name });
  const onlyIn = (a: StackResources, b: StackResources) => [...a.byKey].filter(([k]) => !b.byKey.has(k)).map(([, res]) => ref(res));
  const ignored = new Set(ignore);
  const differences: ResourceDifference[] = [];
  for (const [key, lr] of l.byKey) {
    const rr = r.byKey.get(key);
    if (!rr) continue;
    const equal = (a: Json | undefined, b: Json | undefined) =>
      isDeepStrictEqual(a, b) || isDeepStrictEqual(withReferences(a, l.keyOfId, key), withReferences(b, r.keyOfId, key));
    const changes = differingProperties(lr.inputs, rr.inputs, { ignore: ignored, equal });
    if (changes.length > 0) {
      differences.push({ ...ref(lr), properties: changes.map((c) => ({
          name: c.name, ...(c.before !== undefined ? { left: c.before } : {}), ...(c.after !== undefined ? { right: c.after } : {}),
        })) });
    }
  }
  const byName = (a: { type: string; name: string }, b: { type: string; name: string }) =>
    a.name.localeCompare(b.name) || a.type.localeCompare(b.type);
  const onlyInLeft = onlyIn(l, r).sort(byName);
  const onlyInRight = onlyIn(r, l).sort(byName);
  differences.sort(byName);
  const same = onlyInLeft.length === 0 && onlyInRight.length === 0 && differences.length === 0;
  return { ...base, status: same ? "same" : "different", onlyInLeft, onlyInRight, differences };
}
