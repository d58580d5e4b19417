// What the vendors hold, for `import` and `drift --unmanaged`: every object of the listable kinds (each kind's
// `inventory`, through the provider's HTTP layer), the credentials read as the provider reads them (a stack's
// config, else the environment), the kinds' command-line names, and a label for an object that shows no secret.
import type { ConfigMap, Workspace } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { ProviderContext } from "../provider/context";
import { isServerId } from "../provider/fields";
import { dialpadClient } from "../provider/dialpad/collection";
import type { InventoryItem } from "../provider/kind";
import { RESOURCE_KINDS, definitionOf, type ResourceKind } from "../provider/registry";
import type { ConfigSource, Settings } from "../provider/settings";
import { resolveSettings } from "../provider/settings";

/** The name of each kind in `--kinds` (the full kind, `dialpad:CallSubscription`, is accepted too): each kind's own. */
export const KIND_NAMES: Readonly<Record<ResourceKind, string>> = Object.fromEntries(
  RESOURCE_KINDS.map((k) => [k, definitionOf(k).cliName]),
) as Record<ResourceKind, string>;

/** The kinds a `--kinds` list names, in registry order; an unknown name is an error listing the known ones. */
export function parseKinds(names: readonly string[] | undefined): ResourceKind[] {
  if (names === undefined) return [...RESOURCE_KINDS];
  const wanted = new Set<ResourceKind>();
  for (const raw of names) {
    const name = raw.trim();
    const kind = RESOURCE_KINDS.find((k) => k === name || KIND_NAMES[k] === name);
    if (!kind) throw new Error(`--kinds: unknown kind "${name}"; known: ${RESOURCE_KINDS.map((k) => KIND_NAMES[k]).join(", ")}`);
    wanted.add(kind);
  }
  return RESOURCE_KINDS.filter((k) => wanted.has(k));
}

/** Whether the vendor can list the kind's objects (Dialpad's kinds can; Cinnox has no list endpoint). */
export const isListable = (kind: ResourceKind): boolean => definitionOf(kind).inventory !== undefined;

/** Why a kind cannot be listed, for messages and reports. */
export const NOT_LISTABLE_REASON = "Cinnox has no endpoint to list event subscriptions (one per app and event, found only by app id)";

/**
 * A stack's config as the engine hands it to the provider's `configure`: every key (namespaced, e.g.
 * `dialpad:apiKey`), secrets decrypted (the Automation API runs `pulumi config --show-secrets`).
 */
export async function stackConfig(ws: Workspace, stackName: string): Promise<ConfigSource> {
  return configSourceOf(await ws.getAllConfig(stackName));
}

export function configSourceOf(config: ConfigMap): ConfigSource {
  return { get: (key) => config[key]?.value };
}

/** The shape of the ids Dialpad makes, as messages say it. */
export const DIALPAD_ID_SHAPE = "a decimal number up to 9223372036854775807";

/** Whether `id` has the shape of the ids Dialpad makes (v2 objects, companies): the provider's own check. */
export function isDialpadId(id: unknown): id is string {
  return typeof id === "string" && isServerId(id);
}

/** The part of Dialpad's CompanyProto read here: its id (int64 in the spec, a string on the wire). */
const CompanySchema = z.object({
  id: z.union([z.string(), z.number().int()]).transform(String).refine(isDialpadId),
});

/**
 * The id of the company Dialpad answers for the credentials of `source` (`GET /api/v2/company`): who those
 * credentials act for, as the vendor says, whatever the config text holds.
 */
export async function companyOf(source: ConfigSource | undefined): Promise<string> {
  const parse = (data: unknown) => {
    const company = CompanySchema.safeParse(data);
    if (!company.success) throw new Error(`Dialpad GET /api/v2/company answered no company id (${DIALPAD_ID_SHAPE})`);
    return company.data.id;
  };
  // A context of its own: these credentials' client and limits, shared with nothing else in the process.
  return new ProviderContext({ config: source }).run(() => dialpadClient().request({ method: "GET", path: "/api/v2/company", parse }));
}

/**
 * Who the listing is about, without a credential: the Dialpad base URL and company (when configured), so
 * stacks that point at the same company share one listing.
 */
export function accountOf(settings: Settings): { baseUrl: string; companyId?: string } {
  return { baseUrl: settings.dialpad.baseUrl, ...(settings.dialpad.companyId !== undefined ? { companyId: settings.dialpad.companyId } : {}) };
}

export function settingsOf(source: ConfigSource | undefined): Settings {
  return resolveSettings(source, process.env);
}

export interface KindInventory {
  kind: ResourceKind;
  items: InventoryItem[];
}

/**
 * Lists every object of the listable `kinds` with the credentials of `source` (else the environment), all pages,
 * through the provider's HTTP client (rate limits, retries, redaction), in a provider context of its own: an
 * account's listing shares no client, limit or listing with another's.
 */
export async function listInventory(kinds: readonly ResourceKind[], source: ConfigSource | undefined): Promise<KindInventory[]> {
  const context = new ProviderContext({ config: source });
  const listable = kinds.filter(isListable);
  return context.run(() => Promise.all(
    listable.map(async (kind) => {
      const items = await definitionOf(kind).inventory!();
      // Ids are decimal numbers (v2) or chosen strings (legacy): a stable order either way.
      items.sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { kind, items };
    }),
  ));
}

/** host + path of a URL, without query, fragment or user-info (which may carry tokens). */
export function urlLabel(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value);
    return `${url.host}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return undefined;
  }
}

/**
 * A label for an object that is safe to print: the URL's host and path, the webhook or websocket it delivers to,
 * its target and its hook id; never a secret (secret properties and output-only values are not looked at).
 */
export function safeLabel(kind: ResourceKind, inputs: Record<string, unknown>): string {
  const def = definitionOf(kind);
  const hidden = new Set([...def.secrets, ...def.outputsOnly]);
  const v = (name: string) => (hidden.has(name) ? undefined : inputs[name]);
  const parts: string[] = [];
  if (typeof v("hookId") === "string") parts.push(`hook id ${String(v("hookId"))}`);
  const url = urlLabel(v("hookUrl")) ?? urlLabel(v("url"));
  if (url !== undefined) parts.push(url);
  if (v("webhookId") !== undefined) parts.push(`to webhook ${String(v("webhookId"))}`);
  if (v("websocketId") !== undefined) parts.push(`to websocket ${String(v("websocketId"))}`);
  if (v("targetType") !== undefined) parts.push(`${String(v("targetType"))} ${String(v("targetId"))}`);
  return parts.join(", ") || def.kind.replace(/^[^:]+:/, "");
}
