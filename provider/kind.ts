// What a resource kind declares, once, in its own module: its name, docs, schema, API path, which
// properties replace or are secret, whether refresh can read it, and its lifecycle. The registry
// (registry.ts) lists the kinds; the controller, the SDK classes, the CLI and the docs derive from it.
import type { z } from "zod";
import type { InputSchema, ResourceController } from "./controller";

export type Vendor = "dialpad" | "cinnox";

export interface KindDefinition<S extends InputSchema = InputSchema> {
  /** `<vendor>:<Resource>`, also the Pulumi type token's suffix (`pulumi-nodejs:dynamic/<kind>`). */
  readonly kind: string;
  readonly vendor: Vendor;
  /** One sentence for docs and reports. */
  readonly summary: string;
  /** The vendor API path(s) the kind lives at, for docs and errors (`{id}`/`{appId}` placeholders). */
  readonly api: string;
  readonly inputs: S;
  /** Properties whose change replaces the object. */
  readonly replaceOn: readonly (keyof z.output<S> & string)[];
  /** Inputs and outputs whose values are secrets: never stored, shown or logged in clear. */
  readonly secrets: readonly string[];
  /** Outputs that are not inputs (e.g. a websocket's connection URL): never diffed, never drift. */
  readonly outputsOnly: readonly string[];
  /** Replacements delete the old object first (a singleton per parent: create-before-delete would remove the new one). */
  readonly deleteBeforeReplace?: boolean;
  /** Whether `read` sees the vendor's side; false (Cinnox) means refresh keeps the recorded state. */
  readonly readable: boolean;
  /** Why it cannot be read, when it cannot (shown by refresh and the drift report). */
  readonly unreadableReason?: string;
  readonly controller: ResourceController;
  /**
   * Every object of this kind the vendor holds, as ids and input values (the import command and
   * `drift --unmanaged` use it); absent for kinds the vendor cannot list (Cinnox).
   */
  readonly inventory?: () => Promise<InventoryItem[]>;
  /** Inputs that hold the id of another kind's object (a subscription's `webhookId` → `dialpad:Webhook`). */
  readonly references?: Readonly<Record<string, string>>;
  /** The kind's name on the command line (`--kinds webhook,call`), derived from `kind` by `defineKind`. */
  readonly cliName: string;
  /** How a program takes over an existing object of the kind (derived from the inputs), if it can. */
  readonly adoption?: "adoptId" | "adoptExisting";
}

/** One object at the vendor, in the kind's input names (secrets included: callers must keep them secret). */
export interface InventoryItem {
  /** The vendor's id ("" when an unreadable object gave none); shape-checked unless `unreadable` is set. */
  id: string;
  inputs: Record<string, unknown>;
  /** Set when the vendor's object could not be read (its shape is not the documented one): why, by field. */
  unreadable?: string;
}

type Derived = "cliName" | "adoption";

/**
 * Checks a definition's shape at compile time, keeps its literal kind, and adds what follows from it: the
 * command-line name (`dialpad:LegacySmsEventSubscription` → `legacy-sms`, `cinnox:EnquiryLabelSubscription` →
 * `cinnox-enquiry-label`) and the adoption input the schema has.
 */
export function defineKind<S extends InputSchema, K extends string>(
  d: Omit<KindDefinition<S>, Derived> & { kind: K },
): KindDefinition<S> & { kind: K } {
  const shape = d.inputs.shape;
  const adoption = "adoptId" in shape ? "adoptId" : "adoptExisting" in shape ? "adoptExisting" : undefined;
  return { ...d, cliName: cliNameOf(d.kind, d.vendor), ...(adoption ? { adoption } : {}) };
}

function cliNameOf(kind: string, vendor: Vendor): string {
  const cls = kind.slice(kind.indexOf(":") + 1).replace(/(Event)?Subscription$/, "");
  const words = cls.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return vendor === "cinnox" ? `cinnox-${words}` : words;
}
