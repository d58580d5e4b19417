// Drift of one stack: a preview-only refresh (`pulumi refresh --preview-only`, which writes nothing), whose
// engine events carry, per resource, the recorded state (`old`) and what the provider read live (`new`).
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { definitionOf, kindOfAnyType } from "../../provider/registry";
import { firstLines, reasonOf } from "../workspace";
import type { PropertyDrift, ResourceDrift, StackDrift, UncheckedResource } from "./schema";
import { differingProperties, isManagedResource, propertyNames, secretProperties, shortType, urnParts, type Props, type ValueChange } from "./values";

/**
 * Why refresh cannot see the vendor's side of a resource of this type (so it always finds it unchanged),
 * or undefined when it can: each kind says so in its definition (provider/registry.ts), whichever form
 * (dynamic or native) the stack declares it in.
 */
function unreadableReason(type: string): string | undefined {
  const kind = kindOfAnyType(type);
  if (!kind) return undefined;
  const def = definitionOf(kind);
  return def.readable ? undefined : (def.unreadableReason ?? "its vendor has no endpoint to read it");
}

// The parts of the engine's events this module reads; anything else in them is ignored.
const StateSchema = z.object({
  id: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
});
const StepSchema = z.object({
  op: z.string(),
  urn: z.string(),
  type: z.string(),
  old: StateSchema.nullish(),
  new: StateSchema.nullish(),
});
const DiagnosticSchema = z.object({ message: z.string(), severity: z.string() });

type Step = z.infer<typeof StepSchema>;

export interface DetectOptions {
  /** Progress lines (stderr in the CLI). */
  progress: (line: string) => void;
  /** Pulumi's own output, when the user asked for it (--verbose). */
  onOutput?: (text: string) => void;
}

/** Runs the preview-only refresh of `stack` and reports what drifted; never throws (an error is a status). */
export async function detectDrift(stack: Stack, opts: DetectOptions): Promise<StackDrift> {
  const steps = new Map<string, Step>();
  const errors: string[] = [];
  const onEvent = (event: EngineEvent) => {
    const step = StepSchema.safeParse(event.resOutputsEvent?.metadata);
    if (step.success) steps.set(step.data.urn, step.data);
    const diag = DiagnosticSchema.safeParse(event.diagnosticEvent);
    if (diag.success && diag.data.severity === "error") errors.push(firstLines(diag.data.message));
  };
  opts.progress(`${stack.name}: preview-only refresh (reads the vendors, changes nothing)`);
  try {
    await stack.previewRefresh({ onEvent, onOutput: opts.onOutput, onError: opts.onOutput, color: "never" });
  } catch (err) {
    const error = errors.length > 0 ? [...new Set(errors)].join("; ") : reasonOf(err);
    opts.progress(`${stack.name}: failed: ${error}`);
    return { stack: stack.name, status: "error", error, checked: 0, resources: [], unchecked: [] };
  }
  const report = stackDrift(stack.name, [...steps.values()]);
  opts.progress(`${stack.name}: ${report.resources.length === 0 ? "no drift" : `${report.resources.length} resource(s) drifted`} (${report.checked} checked)`);
  return report;
}

/** The report for one stack from the refresh steps of its resources. */
export function stackDrift(stackName: string, steps: readonly Step[]): StackDrift {
  const resources: ResourceDrift[] = [];
  const unchecked: UncheckedResource[] = [];
  let checked = 0;
  for (const step of steps) {
    if (!isManagedResource(step.type)) continue;
    const ref = { urn: step.urn, type: shortType(step.type), name: urnParts(step.urn).name };
    const unreadable = unreadableReason(step.type);
    if (unreadable !== undefined && step.op === "same") {
      unchecked.push({ ...ref, reason: unreadable });
      continue;
    }
    checked += 1;
    if (step.op === "same") continue;
    const id = step.old?.id ?? step.new?.id ?? "";
    if (step.op === "delete" || !step.new) {
      resources.push({ ...ref, id, drift: "deleted", properties: [] });
      continue;
    }
    resources.push({ ...ref, id, drift: "changed", properties: changedProperties(step.old ?? {}, step.new) });
  }
  // By short type and name (then URN): the same order whichever form (dynamic or native) the stack declares.
  const order = (a: { urn: string; type: string; name: string }, b: { urn: string; type: string; name: string }) =>
    a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn);
  resources.sort(order);
  unchecked.sort(order);
  return { stack: stackName, status: resources.length > 0 ? "drifted" : "clean", checked, resources, unchecked };
}

/**
 * Declared (the inputs the last `pulumi up` recorded) against live (the inputs the provider's read
 * derived from the vendor's object), plus output-only properties. When the engine saw a change but every
 * visible value is equal, what changed is a secret: those properties are listed, both sides masked.
 */
function changedProperties(old: z.infer<typeof StateSchema>, live: z.infer<typeof StateSchema>): PropertyDrift[] {
  const inputNames = new Set(propertyNames(old.inputs, live.inputs));
  const outputsOnly = (outs: Props | undefined) => Object.fromEntries(Object.entries(outs ?? {}).filter(([k]) => !inputNames.has(k)));
  let changes: ValueChange[] = [
    ...differingProperties(old.inputs, live.inputs),
    ...differingProperties(outputsOnly(old.outputs), outputsOnly(live.outputs)),
  ];
  if (changes.length === 0) changes = secretProperties({ ...old.outputs, ...old.inputs }, { ...live.outputs, ...live.inputs });
  return changes
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => ({
      name: c.name,
      ...(c.before !== undefined ? { declared: c.before } : {}),
      ...(c.after !== undefined ? { live: c.after } : {}),
      secret: c.secret,
    }));
}
