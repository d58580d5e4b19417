// `drift --unmanaged`: vendor objects that none of the checked stacks manages (ClickOps leftovers, orphans of
// failed runs, another tool's objects). Reads each stack's state (`stack export`, read-only) and config, asks
// Dialpad which company each credential acts for, lists each company once (the stacks acting for it share the
// listing), and reports the ids no stack holds.
//
// Which credentials a stack's objects are managed with, for both forms of resource:
// - dynamic resources, and native ones under the default provider (`pulumi:providers:dialpad::default…`): the stack
//   config (`dialpad:apiKey`, `dialpad:baseUrl`, `dialpad:companyId`, which both forms share; else the environment);
// - native resources under an explicit provider (`new dialpad.Provider("prod", { apiKey, baseUrl })`): that
//   provider's account, with the settings its inputs recorded in the state (the inputs every refresh, drift's
//   included, configures the plugin with; unset ones fall back to the environment, as in the plugin). Their objects
//   are managed in that account only, and that account is listed like a stack's: its objects no checked stack or
//   provider manages are reported. Reading those inputs needs the state decrypted, which `stack export` of the
//   Automation API does (`--show-secrets`, as for the stack config); a credential is used for the requests only,
//   hashed to group, never printed or stored.
// Writes nothing.
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { configSource } from "../../provider/native/server";
import { RESOURCE_KINDS, kindOfAnyType, type ResourceKind } from "../../provider/registry";
import { credentialHash, type ConfigSource } from "../../provider/settings";
import { NOT_LISTABLE_REASON, accountOf, companyOf, isListable, listInventory, safeLabel, settingsOf, stackConfig } from "../inventory";
import { isDefaultProviderUrn, parseProviderRef, plainSecrets, reasonOf } from "../workspace";
import { membersText, type UnmanagedAccount, type UnmanagedReport } from "./schema";
import { urnParts } from "./values";

const DeploymentSchema = z.object({
  resources: z.array(z.object({
    urn: z.string(),
    type: z.string(),
    id: z.string().optional(),
    /** `<provider URN>::<provider id>`. */
    provider: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
  })).nullish(),
});

type Managed = Map<ResourceKind, Set<string>>;

/** The native Dialpad provider's type; its default instances are named `default…` (isDefaultProviderUrn). */
const DIALPAD_PROVIDER_TYPE = "pulumi:providers:dialpad";

/** Credentials one part of a stack acts with: its config, or one of its explicit native Dialpad providers. */
export interface CredentialSource {
  stack: string;
  /** The explicit provider's logical name; absent for the stack config. */
  provider?: string;
  source: ConfigSource;
  /** The ids, per kind, of the resources acting with these credentials (pending deletes included: still the stack's). */
  managed: Managed;
}

/**
 * A stack's resources by the credentials they act with (see the head of this file): the stack config first, then
 * each explicit native Dialpad provider of the state, with the ids of its resources.
 */
export function credentialSources(stack: string, deployment: unknown, config: ConfigSource): CredentialSource[] {
  const resources = DeploymentSchema.parse(deployment ?? {}).resources ?? [];
  const own: CredentialSource = { stack, source: config, managed: new Map() };
  const explicit = new Map<string, CredentialSource>();
  for (const r of resources) {
    if (r.type !== DIALPAD_PROVIDER_TYPE || isDefaultProviderUrn(r.urn)) continue;
    const inputs = plainSecrets(r.inputs ?? {}) as Record<string, unknown>;
    explicit.set(r.urn, { stack, provider: urnParts(r.urn).name, source: configSource("dialpad", inputs), managed: new Map() });
  }
  for (const r of resources) {
    const kind = kindOfAnyType(r.type);
    if (kind === undefined || !r.id) continue;
    const into = explicit.get(parseProviderRef(r.provider ?? "").urn) ?? own;
    let set = into.managed.get(kind);
    if (!set) into.managed.set(kind, (set = new Set()));
    set.add(r.id);
  }
  return [own, ...explicit.values()];
}

/** What the report says acts for an account: stacks by their config, explicit providers by name and stack. */
interface Members {
  stacks: string[];
  providers: { stack: string; name: string }[];
}

const membersOf = (c: CredentialSource): Members =>
  c.provider === undefined ? { stacks: [c.stack], providers: [] } : { stacks: [], providers: [{ stack: c.stack, name: c.provider }] };

/** How progress lines name a credential source (never by the credential). */
const labelOf = (c: CredentialSource): string => (c.provider === undefined ? c.stack : `provider ${c.provider} (stack ${c.stack})`);

const reportMembers = (m: Members) => ({ stacks: m.stacks, ...(m.providers.length > 0 ? { providers: m.providers } : {}) });

interface Account extends Members {
  key: string;
  source: ConfigSource;
  account: { baseUrl: string; companyId?: string };
  managed: Managed;
}

/** A credential source with Dialpad credentials: its config, what its resources hold, and which credential it uses. */
interface StackCredential extends CredentialSource {
  label: string;
  baseUrl: string;
  /** Who the credential is (never the credential): base URL, the key's hash, the DP-Company-ID it sends. */
  credential: string;
  keyHash: string;
}

export interface UnmanagedOptions {
  progress: (line: string) => void;
}

/**
 * Lists what no checked stack manages, per Dialpad account; never throws (an error is a status). Stacks (and explicit
 * providers) belong to the same account when Dialpad answers the same company for their credentials (`GET
 * /api/v2/company`, once per distinct credential), whatever their config says; when that read fails, those with the
 * same key are one account.
 */
export async function findUnmanaged(stacks: readonly Stack[], opts: UnmanagedOptions): Promise<UnmanagedReport> {
  const kinds = RESOURCE_KINDS.filter(isListable);
  const notListed = RESOURCE_KINDS.filter((k) => !isListable(k)).map((type) => ({ type, reason: NOT_LISTABLE_REASON }));
  const base = { kinds: [...kinds], notListed };
  const failures: UnmanagedAccount[] = [];
  const withCredentials: StackCredential[] = [];
  try {
    for (const stack of stacks) {
      const [config, exported] = await Promise.all([stackConfig(stack.workspace, stack.name), stack.exportStack()]);
      for (const c of credentialSources(stack.name, exported.deployment, config)) {
        const settings = settingsOf(c.source);
        const apiKey = settings.dialpad.apiKey;
        const manages = [...c.managed.keys()].some((k) => kinds.includes(k));
        if (apiKey === undefined) {
          // A stack without Dialpad credentials (a Cinnox-only one) has no Dialpad account to look at.
          if (manages) {
            const lacks = c.provider === undefined ? "has no dialpad:apiKey (config or DIALPAD_API_KEY)" : "has no apiKey in its recorded inputs (nor DIALPAD_API_KEY)";
            failures.push({
              vendor: "dialpad", ...accountOf(settings), ...reportMembers(membersOf(c)), status: "error", listed: 0, objects: [],
              error: `${labelOf(c)} manages Dialpad objects but ${lacks} to list them`,
            });
          }
          continue;
        }
        const { baseUrl, companyId } = accountOf(settings);
        const keyHash = credentialHash(apiKey);
        withCredentials.push({ ...c, label: labelOf(c), baseUrl, keyHash, credential: JSON.stringify([baseUrl, keyHash, companyId ?? null]) });
      }
    }
  } catch (err) {
    return { ...base, status: "error", error: `cannot read the stacks' state or config: ${reasonOf(err)}`, accounts: [] };
  }

  // The company each distinct credential acts for, as Dialpad answers it; each read in a provider context of its own
  // (companyOf), one after the other so the progress lines keep their order.
  const companies = new Map<string, string | undefined>();
  for (const s of withCredentials) {
    if (companies.has(s.credential)) continue;
    const sharing = withCredentials.filter((o) => o.credential === s.credential).map((o) => o.label);
    try {
      const company = await companyOf(s.source);
      companies.set(s.credential, company);
      opts.progress(`unmanaged: Dialpad at ${s.baseUrl} answers company ${company} for the credentials of ${sharing.join(", ")}`);
    } catch (err) {
      companies.set(s.credential, undefined);
      opts.progress(
        `unmanaged: cannot read the company at ${s.baseUrl} for ${sharing.join(", ")} (${reasonOf(err)}): ` +
          "grouping these stacks with the others of the same API key instead",
      );
    }
  }

  const accounts = new Map<string, Account>();
  for (const s of withCredentials) {
    const company = companies.get(s.credential);
    // Same company as Dialpad answers it; without an answer, the same key (hashed: never printed).
    const key = company !== undefined ? JSON.stringify([s.baseUrl, "company", company]) : JSON.stringify([s.baseUrl, "key", s.keyHash]);
    let entry = accounts.get(key);
    if (!entry) {
      const account = { baseUrl: s.baseUrl, ...(company !== undefined ? { companyId: company } : {}) };
      accounts.set(key, (entry = { key, source: s.source, account, stacks: [], providers: [], managed: new Map() }));
    }
    const m = membersOf(s);
    entry.stacks.push(...m.stacks);
    entry.providers.push(...m.providers);
    for (const [kind, ids] of s.managed) {
      const set = entry.managed.get(kind) ?? new Set<string>();
      for (const id of ids) set.add(id);
      entry.managed.set(kind, set);
    }
  }

  const results: UnmanagedAccount[] = [...failures];
  // One account after the other, each listed in a provider context of its own (listInventory): no account's client,
  // limits or listing serve another; sequential so the report and progress keep their order.
  for (const a of accounts.values()) {
    const head = { vendor: "dialpad" as const, ...a.account, ...reportMembers(a) };
    opts.progress(`unmanaged: listing Dialpad at ${a.account.baseUrl} (${membersText(head, (t) => t)})`);
    try {
      const inventory = await listInventory(kinds, a.source);
      const objects = inventory.flatMap(({ kind, items }) =>
        items.filter((i) => !a.managed.get(kind)?.has(i.id)).map((i) => ({
          type: kind,
          id: i.id,
          // An object the vendor answered in a shape that cannot be read is still one no stack manages: say why.
          label: i.unreadable !== undefined ? `cannot be read (${i.unreadable})` : safeLabel(kind, i.inputs),
        })));
      const listed = inventory.reduce((n, k) => n + k.items.length, 0);
      opts.progress(`unmanaged: ${objects.length} of ${listed} object(s) at ${a.account.baseUrl} managed by no checked stack`);
      results.push({ ...head, status: objects.length > 0 ? "found" : "clean", listed, objects });
    } catch (err) {
      const error = reasonOf(err);
      opts.progress(`unmanaged: listing ${a.account.baseUrl} failed: ${error}`);
      results.push({ ...head, status: "error", error, listed: 0, objects: [] });
    }
  }
  const status = results.some((r) => r.status === "error") ? "error" : results.some((r) => r.status === "found") ? "found" : "clean";
  return { ...base, status, accounts: results };
}
