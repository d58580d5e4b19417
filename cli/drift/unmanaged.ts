// `drift --unmanaged`: vendor objects that none of the checked stacks manages (ClickOps leftovers, orphans of
// failed runs, another tool's objects). Reads each stack's state (`stack export`, read-only) and config, asks
// Dialpad which company each credential acts for, lists each company once (the stacks acting for it share the
// listing), and reports the ids no stack holds.
// Writes nothing.
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import { RESOURCE_KINDS, kindOfType, type ResourceKind } from "../../provider/registry";
import { credentialHash, type ConfigSource } from "../../provider/settings";
import { NOT_LISTABLE_REASON, accountOf, companyOf, isListable, listInventory, safeLabel, settingsOf, stackConfig } from "../inventory";
import { reasonOf } from "../workspace";
import type { UnmanagedAccount, UnmanagedReport } from "./schema";

const DeploymentSchema = z.object({
  resources: z.array(z.object({ type: z.string(), id: z.string().optional() })).nullish(),
});

/** The ids, per kind, of every resource in a stack's state (pending deletes included: they are still that stack's). */
export async function managedIds(stack: Stack): Promise<Map<ResourceKind, Set<string>>> {
  const deployment = DeploymentSchema.parse((await stack.exportStack()).deployment ?? {});
  const ids = new Map<ResourceKind, Set<string>>();
  for (const r of deployment.resources ?? []) {
    const kind = kindOfType(r.type);
    if (kind === undefined || !r.id) continue;
    let set = ids.get(kind);
    if (!set) ids.set(kind, (set = new Set()));
    set.add(r.id);
  }
  return ids;
}

interface Account {
  key: string;
  source: ConfigSource;
  account: { baseUrl: string; companyId?: string };
  stacks: string[];
  managed: Map<ResourceKind, Set<string>>;
}

/** A checked stack with Dialpad credentials: its config, what its state holds, and which credential it uses. */
interface StackCredential {
  stack: string;
  source: ConfigSource;
  managed: Map<ResourceKind, Set<string>>;
  baseUrl: string;
  /** Who the credential is (never the credential): base URL, the key's hash, the DP-Company-ID it sends. */
  credential: string;
  keyHash: string;
}

export interface UnmanagedOptions {
  progress: (line: string) => void;
}

/**
 * Lists what no checked stack manages, per Dialpad account; never throws (an error is a status). Stacks belong to
 * the same account when Dialpad answers the same company for their credentials (`GET /api/v2/company`, once per
 * distinct credential), whatever their config says; when that read fails, stacks with the same key are one account.
 */
export async function findUnmanaged(stacks: readonly Stack[], opts: UnmanagedOptions): Promise<UnmanagedReport> {
  const kinds = RESOURCE_KINDS.filter(isListable);
  const notListed = RESOURCE_KINDS.filter((k) => !isListable(k)).map((type) => ({ type, reason: NOT_LISTABLE_REASON }));
  const base = { kinds: [...kinds], notListed };
  const failures: UnmanagedAccount[] = [];
  const withCredentials: StackCredential[] = [];
  try {
    for (const stack of stacks) {
      const [source, managed] = await Promise.all([stackConfig(stack.workspace, stack.name), managedIds(stack)]);
      const settings = settingsOf(source);
      const apiKey = settings.dialpad.apiKey;
      const manages = [...managed.keys()].some((k) => kinds.includes(k));
      if (apiKey === undefined) {
        // A stack without Dialpad credentials (a Cinnox-only one) has no Dialpad account to look at.
        if (manages) {
          failures.push({
            vendor: "dialpad", ...accountOf(settings), stacks: [stack.name], status: "error", listed: 0, objects: [],
            error: `${stack.name} manages Dialpad objects but has no dialpad:apiKey (config or DIALPAD_API_KEY) to list them`,
          });
        }
        continue;
      }
      const { baseUrl, companyId } = accountOf(settings);
      const keyHash = credentialHash(apiKey);
      withCredentials.push({ stack: stack.name, source, managed, baseUrl, keyHash, credential: JSON.stringify([baseUrl, keyHash, companyId ?? null]) });
    }
  } catch (err) {
    return { ...base, status: "error", error: `cannot read the stacks' state or config: ${reasonOf(err)}`, accounts: [] };
  }

  // The company each distinct credential acts for, as Dialpad answers it. One at a time: the provider's settings
  // (and so its HTTP client) are process-wide.
  const companies = new Map<string, string | undefined>();
  for (const s of withCredentials) {
    if (companies.has(s.credential)) continue;
    const sharing = withCredentials.filter((o) => o.credential === s.credential).map((o) => o.stack);
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
      accounts.set(key, (entry = { key, source: s.source, account, stacks: [], managed: new Map() }));
    }
    entry.stacks.push(s.stack);
    for (const [kind, ids] of s.managed) {
      const set = entry.managed.get(kind) ?? new Set<string>();
      for (const id of ids) set.add(id);
      entry.managed.set(kind, set);
    }
  }

  const results: UnmanagedAccount[] = [...failures];
  // One account at a time: the provider's settings (and so its HTTP client) are process-wide.
  for (const a of accounts.values()) {
    const head = { vendor: "dialpad" as const, ...a.account, stacks: a.stacks };
    opts.progress(`unmanaged: listing Dialpad at ${a.account.baseUrl} (stacks ${a.stacks.join(", ")})`);
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
