// What `recover` does with each pending operation a killed run left in a stack: pure decisions from the stack's
// state, the vendor's objects and the provider's write-ahead journal (provider/journal.ts), so they can be
// checked without an engine. The rule for a pending create is the in-process lost-create recovery's
// (provider/dialpad/lifecycle.ts createOnce): an object is the one this create made only when it matches what
// was sent on the kind's compared properties, has an id above the highest id the provider knew when it sent the
// request (the journal's mark), and no resource of the stack holds it; an id the vendor answered (journalled
// before the run was killed) is certain. Several candidates for fewer creates cannot be told apart: listed, left alone.
import { changedProperties } from "../../provider/controller";
import { collectionKey, fingerprint, secretPrint as secretPrintOf, type JournalEntry } from "../../provider/journal";
import { definitionOf, type ResourceKind } from "../../provider/registry";

export type Props = Record<string, unknown>;

/** One pending operation of the stack, secrets decrypted (they never leave this process). */
export interface PendingOp {
  type: string;
  urn: string;
  kind?: ResourceKind;
  /** The kind of a native resource (`dialpad:index:Webhook`): this package's, but not one recover decides for yet. */
  nativeKind?: ResourceKind;
  id?: string;
  inputs: Props;
}

export type Action = "import" | "clear" | "undecided" | "refresh";

export interface Decision {
  urn: string;
  /** The pending operation's type: creating, updating, deleting, reading, importing. */
  type: string;
  kind?: ResourceKind;
  action: Action;
  /** For import: the vendor id the create made. */
  id?: string;
  /** For undecided: the ids that could be this create's object. */
  candidates?: string[];
  reason: string;
  /** The journal lines this decision settles (recorded as resolved once applied). */
  journalKeys?: string[];
  /**
   * A Cinnox subscription whose delete was interrupted: Cinnox cannot be read, so the state records it as
   * possibly off (`enabled: false`); the next up then sets the declared state again, a destroy disables it again.
   */
  markDisabled?: boolean;
}

/** What the vendor holds for one Dialpad collection, in input names (secrets included: never printed). */
export interface VendorItem {
  id: string;
  inputs: Props;
}

export interface DecideInput {
  pending: readonly PendingOp[];
  /** Ids, per kind, held by resources of the stack (not by pending operations). */
  held: ReadonlyMap<ResourceKind, ReadonlySet<string>>;
  /** URNs of the stack's resources. */
  urns: ReadonlySet<string>;
  /** The vendor's objects per listable kind (Dialpad); absent for a kind that cannot be listed (Cinnox). */
  vendor: ReadonlyMap<ResourceKind, readonly VendorItem[]>;
  journal: readonly JournalEntry[];
  /** Dialpad's base URL as the provider uses it (the journal's collection key). */
  dialpadBaseUrl: string;
}

/** Decimal ids compared as numbers of any size (as lifecycle.ts does). */
const idAfter = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);
const byId = (a: string, b: string) => (idAfter(a, b) ? 1 : idAfter(b, a) ? -1 : 0);

/** The compared properties of a kind: every input but the ones that only steer creation (and a legacy kind's hook id). */
export function comparedOf(kind: ResourceKind): string[] {
  return Object.keys(definitionOf(kind).inputs.shape).filter((k) => k !== "adoptId" && k !== "adoptExisting" && k !== "hookId");
}

/** A pending create's inputs as the provider's check made them (defaults filled, sets sorted); undefined when they do not parse. */
export function checkedInputs(kind: ResourceKind, inputs: Props): Props | undefined {
  const { __provider: _p, ...rest } = inputs;
  const parsed = definitionOf(kind).inputs.safeParse(rest);
  return parsed.success ? (parsed.data as Props) : undefined;
}

const isLegacy = (kind: ResourceKind) => kind.startsWith("dialpad:Legacy");
const apiPathOf = (kind: ResourceKind) => definitionOf(kind).api.replace(/\/\{[^}]+\}$/, "");

export function decide(input: DecideInput): Decision[] {
  const decisions = new Map<PendingOp, Decision>();
  const creates: PendingOp[] = [];
  for (const op of input.pending) {
    if (op.type === "deleting" && op.kind && definitionOf(op.kind).vendor === "cinnox") {
      decisions.set(op, {
        urn: op.urn, type: op.type, kind: op.kind, action: "refresh", markDisabled: true,
        reason: "Cinnox cannot be read, so whether the delete landed is unknown: the state records the subscription as possibly " +
          "off, so the next up sets the declared state again (and a destroy disables it again)",
      });
    } else if (op.type !== "creating") {
      decisions.set(op, {
        urn: op.urn, type: op.type, ...(op.kind ? { kind: op.kind } : {}), action: "refresh",
        reason: op.type === "deleting"
          ? "a refresh reads the object: one already deleted leaves the stack, one still there stays until the next up or destroy deletes it"
          : "a refresh reads the object's live state; the next up applies the declared one",
      });
    } else creates.push(op);
  }

  // Identical pending creates (same kind, same values) are interchangeable: decided together.
  const groups = new Map<string, PendingOp[]>();
  for (const op of creates) {
    if (!op.kind) {
      const reason = op.nativeKind
        ? `a native ${op.nativeKind} resource: recover decides for the dynamic form only, for now; resolve it with \`pulumi refresh\` ` +
          "(interactive: Pulumi asks whether to import or clear it; the provider's note on the interrupted create names the journal's entry)"
        : "not a resource of this package: resolve it with `pulumi refresh` (interactive)";
      decisions.set(op, { urn: op.urn, type: op.type, action: "undecided", reason });
      continue;
    }
    const kind = op.kind;
    const def = definitionOf(kind);
    if (def.vendor === "cinnox") {
      decisions.set(op, {
        urn: op.urn, type: op.type, kind, action: "clear",
        reason: "a Cinnox subscription is one per app and event, so it cannot be duplicated: the next up sets it to the declared state again",
      });
      continue;
    }
    const inputs = checkedInputs(kind, op.inputs);
    if (!inputs) {
      decisions.set(op, { urn: op.urn, type: op.type, kind, action: "undecided", reason: "its recorded inputs do not parse as this kind's: look at it yourself" });
      continue;
    }
    if (input.urns.has(op.urn)) {
      // A later `pulumi up` created the resource again: whatever the killed run made is a second object.
      decisions.set(op, {
        urn: op.urn, type: op.type, kind, action: "undecided",
        reason: "the stack already holds this resource (an up ran after the interrupted one): an object the interrupted run made would be a duplicate",
      });
      // Still looked up below, so the duplicate's id is named.
    }
    const key = `${kind}\u0000${JSON.stringify(isLegacy(kind) ? inputs.hookId : null)}\u0000${fingerprint(inputs, comparedOf(kind))}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(op);
  }

  const taken = new Set<string>();
  for (const group of groups.values()) {
    const first = group[0]!;
    const kind = first.kind!;
    const inputs = checkedInputs(kind, first.inputs)!;
    const compared = comparedOf(kind);
    const collection = collectionKey(input.dialpadBaseUrl, apiPathOf(kind));
    const fp = fingerprint(inputs, compared);
    const held = input.held.get(kind) ?? new Set<string>();
    const items = input.vendor.get(kind) ?? [];
    const matches = (it: VendorItem) => changedProperties(compared, it.inputs, inputs).length === 0;
    const lines = input.journal.filter((e) => e.collection === collection && e.fp === fp && !e.resolved);
    // Ids any process was told it made (its own resource holds them, or the answer was journalled before a kill).
    const answeredElsewhere = new Set(input.journal.filter((e) => e.collection === collection && e.answeredId !== undefined).map((e) => e.answeredId!));
    const set = (op: PendingOp, d: Omit<Decision, "urn" | "type" | "kind">) => {
      const prior = decisions.get(op);
      if (prior?.action === "undecided") {
        // The resource exists in the stack already: name what the interrupted run made, take nothing.
        if (d.action === "import") prior.candidates = [d.id!];
        else if (d.candidates) prior.candidates = d.candidates;
        if (prior.candidates?.length) prior.reason += ` (id ${prior.candidates.join(", ")}); delete it at the vendor if nobody else uses it, then run recover again`;
        else {
          prior.action = "clear";
          prior.reason = "the stack already holds this resource and nothing the interrupted run could have made exists: the pending create is dropped";
        }
        return;
      }
      decisions.set(op, { urn: op.urn, type: op.type, kind, ...d });
    };

    if (isLegacy(kind)) {
      const hookId = String(inputs.hookId);
      const at = items.find((i) => i.id === hookId);
      const sent = lines.filter((e) => e.chosenId === hookId);
      for (const op of group) {
        if (!at) set(op, { action: "clear", reason: `nothing exists at hook id ${hookId}: the request did not land`, journalKeys: sent.map((e) => e.key) });
        else if (held.has(hookId)) set(op, { action: "clear", reason: `hook id ${hookId} is held by another resource of the stack` });
        else if (sent.length === 0) {
          set(op, {
            action: "clear",
            reason: `hook id ${hookId} exists but this machine's journal has no request for it, so it is not known to be this run's: ` +
              "the next up refuses to overwrite it (set adoptExisting: true if it is yours)",
          });
        } else if (!matches(at)) {
          set(op, { action: "undecided", candidates: [hookId], reason: `hook id ${hookId} exists but differs from what was sent: someone may have changed it since` });
        } else {
          set(op, { action: "import", id: hookId, reason: `hook id ${hookId} holds what the interrupted run sent there`, journalKeys: sent.map((e) => e.key) });
        }
      }
      continue;
    }

    // Certain: ids the vendor answered before the run was killed, still there and held by nothing.
    const certain = lines
      .filter((e) => e.answeredId !== undefined && !held.has(e.answeredId) && !taken.has(e.answeredId) && items.some((i) => i.id === e.answeredId))
      .map((e) => ({ id: e.answeredId!, key: e.key }));
    const unanswered = lines.filter((e) => e.answeredId === undefined);
    const pendingOps = [...group];
    for (const c of certain) {
      const op = pendingOps.shift();
      if (!op) break;
      taken.add(c.id);
      set(op, { action: "import", id: c.id, reason: `the vendor answered id ${c.id} to the interrupted run's create`, journalKeys: [c.key] });
    }
    if (pendingOps.length === 0) continue;
    const unheld = items.filter((i) => !held.has(i.id) && !taken.has(i.id) && !answeredElsewhere.has(i.id) && matches(i));
    if (unanswered.length === 0) {
      // No request journalled here: it was never sent, or it was sent from another machine (a CI runner now gone).
      for (const op of pendingOps) {
        if (unheld.length === 0) set(op, { action: "clear", reason: "no object matching what it would send exists and no request is journalled: nothing was made" });
        else {
          set(op, {
            action: "undecided", candidates: unheld.map((i) => i.id).sort(byId),
            reason: "objects matching it exist that no resource holds, but this machine's journal has no request for it, so they may be someone else's",
          });
        }
      }
      continue;
    }
    // The lowest mark of the requests still unanswered: every object above it that matches could be one of them.
    const mark = unanswered.map((e) => e.highest).reduce((a, b) => (idAfter(a, b) ? b : a));
    const candidates = unheld.filter((i) => idAfter(i.id, mark)).map((i) => i.id).sort(byId);
    const keys = unanswered.map((e) => e.key);
    const mine = Math.min(pendingOps.length, unanswered.length);
    if (candidates.length > mine) {
      for (const op of pendingOps) {
        set(op, {
          action: "undecided", candidates,
          reason: `${candidates.length} object(s) match what was sent and appeared after the request (id above ${mark}), more than this run sent: some may be someone else's`,
        });
      }
      continue;
    }
    for (const op of pendingOps) {
      const id = candidates.shift();
      if (id !== undefined) {
        taken.add(id);
        set(op, { action: "import", id, reason: `id ${id} matches what the interrupted run sent, appeared after it was sent (above ${mark}) and no resource holds it`, journalKeys: keys });
      } else {
        set(op, { action: "clear", reason: `no object matching what was sent appeared after the request (above ${mark}): it did not land`, journalKeys: keys });
      }
    }
  }
  return input.pending.map((op) => decisions.get(op)!);
}

/** An object an interrupted run made that no pending operation stands for (the engine ended the run without recording it). */
export interface Orphan {
  kind: ResourceKind;
  /** Ids proven this run's (deleted with --yes), or the candidates when undecided (left alone). */
  ids: string[];
  action: "delete" | "undecided";
  reason: string;
  journalKeys: string[];
}

/**
 * A SIGINT or SIGTERM lets the engine end the run itself: a create whose provider died before answering is then
 * recorded as failed, with no pending operation, while its request may have landed. Its journal lines (sent since
 * `since`, unresolved, not standing for a pending create) find those objects by the same rule: an answered id no
 * resource holds, or matches (fingerprint and salted secret hash) above the line's mark, no more than the lines.
 */
export function orphansOf(input: DecideInput, since: string): Orphan[] {
  const out: Orphan[] = [];
  // Lines that stand for a pending create are decide()'s.
  const pendingPrints = new Set<string>();
  for (const op of input.pending) {
    if (op.type !== "creating" || !op.kind || definitionOf(op.kind).vendor !== "dialpad") continue;
    const inputs = checkedInputs(op.kind, op.inputs);
    if (inputs) pendingPrints.add(`${collectionKey(input.dialpadBaseUrl, apiPathOf(op.kind))}\u0000${fingerprint(inputs, comparedOf(op.kind))}`);
  }
  const kinds = [...input.vendor.keys()].filter((k) => definitionOf(k).vendor === "dialpad");
  for (const kind of kinds) {
    const compared = comparedOf(kind);
    const collection = collectionKey(input.dialpadBaseUrl, apiPathOf(kind));
    const held = input.held.get(kind) ?? new Set<string>();
    const items = input.vendor.get(kind) ?? [];
    const all = input.journal.filter((e) => e.collection === collection);
    const answered = new Set(all.filter((e) => e.answeredId !== undefined).map((e) => e.answeredId!));
    const lines = all.filter((e) => !e.resolved && e.at >= since && !pendingPrints.has(`${e.collection}\u0000${e.fp}`));
    const groups = new Map<string, JournalEntry[]>();
    for (const l of lines) groups.set(l.fp, [...(groups.get(l.fp) ?? []), l]);
    for (const [fp, group] of groups) {
      const keys = group.map((e) => e.key);
      const certain = group.filter((e) => e.answeredId !== undefined && !held.has(e.answeredId) && items.some((i) => i.id === e.answeredId)).map((e) => e.answeredId!);
      const unanswered = group.filter((e) => e.answeredId === undefined);
      const candidates: string[] = [];
      if (unanswered.length > 0) {
        const mark = unanswered.map((e) => e.highest).reduce((a, b) => (idAfter(a, b) ? b : a));
        for (const i of items) {
          if (held.has(i.id) || answered.has(i.id) || !idAfter(i.id, mark) || fingerprint(i.inputs, compared) !== fp) continue;
          // Legacy hook ids are chosen: only the one the line was sent to.
          if (isLegacy(kind) && !unanswered.some((e) => e.chosenId === i.id)) continue;
          if (unanswered.some((e) => e.salt !== undefined && e.sfp === secretPrintOf(i.inputs, compared, e.salt))) candidates.push(i.id);
        }
      }
      if (certain.length > 0) out.push({ kind, ids: certain, action: "delete", reason: "the vendor answered these ids to the interrupted run, whose engine never recorded them", journalKeys: keys });
      if (candidates.length === 0) continue;
      candidates.sort(byId);
      if (candidates.length > unanswered.length) {
        out.push({ kind, ids: candidates, action: "undecided", reason: `${candidates.length} object(s) match what the interrupted run sent (${unanswered.length} request(s)) and no resource holds them: some may be someone else's`, journalKeys: [] });
      } else {
        out.push({ kind, ids: candidates, action: "delete", reason: "made by the interrupted run (they match what it sent, appeared after it sent it) and held by no resource: the next up creates them again", journalKeys: keys });
      }
    }
  }
  return out;
}
