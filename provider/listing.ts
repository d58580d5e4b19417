// One listing per collection and provider context (context.ts), shared by everything that needs to know what a vendor
// holds: refresh serves reads from it (one page request instead of one GET per resource), the lost-create
// recovery uses it as the baseline of what existed before this process created anything, and the legacy
// create guard checks hook ids against it. Own writes keep it current; ids it lacks are confirmed by GET.
import { currentContext } from "./context";
import type { VendorClient } from "./http";

/** A listed object that could not be read (its shape is not the vendor's documented one): reported, skipped. */
export interface UnreadableObject {
  id?: string;
  reason: string;
}

/** What one listing of a whole collection gives. */
export interface ListedObjects<P> {
  items: P[];
  unreadable: UnreadableObject[];
}

/** How long a listing serves reads; past it the next read lists again (a provider process rarely lives this long). */
export const LISTING_TTL_MS = 5 * 60_000;

interface Entry<P> {
  /** The listing in flight or done; concurrent users wait for the same one. */
  items: Promise<Map<string, P>>;
  at: number;
  /** The objects that listing skipped as unreadable (a read of one of their ids confirms by GET). */
  unreadable: UnreadableObject[];
}

export class Listing<P extends { id: string }> {
  private entry: Entry<P> | undefined;
  /** Ids this process created or adopted: another resource's lost create must never take them. */
  readonly claimed = new Set<string>();
  /**
   * Ids a create of this process took over with `adoptId`: the resource being created holds them now, so a
   * delete of one in this same process is the old holder's (a replacement, or the adoption moved to another
   * resource) and must send nothing.
   */
  readonly adopted = new Set<string>();
  /** Creates of this process whose answers were lost and that are looking for what they made (their sent values). */
  readonly recovering = new Set<{ sent: Record<string, unknown> }>();
  /** The end of the chain `exclusive` runs callers on. */
  private turn: Promise<unknown> = Promise.resolve();
  /** POSTs of this process still waiting for their answer: a recovery waits for them before it decides. */
  readonly sending = new Set<Promise<void>>();
  /** Ids that existed when this process first listed, before it created anything. */
  private baselineIds: Set<string> | undefined;

  constructor(private readonly listAll: () => Promise<ListedObjects<P>>) {}

  /** Runs `work` when every earlier caller's work is done: recoveries decide one at a time. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** The collection as listed (once per TTL); a failed listing is forgotten so the next caller tries again. */
  items(): Promise<Map<string, P>> {
    if (this.entry && Date.now() - this.entry.at < LISTING_TTL_MS) return this.entry.items;
    const unreadable: UnreadableObject[] = [];
    const items = this.listAll().then((list) => {
      unreadable.push(...list.unreadable);
      const map = new Map(list.items.map((p) => [p.id, p]));
      this.baselineIds ??= new Set([...map.keys(), ...idsOf(list.unreadable)]);
      return map;
    });
    const entry: Entry<P> = { items, at: Date.now(), unreadable };
    this.entry = entry;
    items.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return items;
  }

  /** The objects the current listing skipped because they could not be read (lists first if needed). */
  async unreadable(): Promise<readonly UnreadableObject[]> {
    await this.items();
    return this.entry?.unreadable ?? [];
  }

  /** What existed before this process's first create of this kind (lists once if nothing was listed yet). */
  async baseline(): Promise<ReadonlySet<string>> {
    if (!this.baselineIds) await this.items();
    return this.baselineIds ?? new Set();
  }

  /** The object with `id` as listed, or undefined when the listing lacks it (the caller confirms with a GET). */
  async find(id: string): Promise<P | undefined> {
    return (await this.items()).get(id);
  }

  /** After an own write: the listing holds what the vendor answered. */
  remember(p: P): void {
    void this.entry?.items.then((m) => m.set(p.id, p), () => undefined);
  }

  forget(id: string): void {
    void this.entry?.items.then((m) => m.delete(id), () => undefined);
  }

  /** A fresh listing, bypassing the cached one (the recovery after a lost create needs the vendor's state now). */
  async fresh(): Promise<Map<string, P>> {
    const list = await this.listAll();
    const map = new Map(list.items.map((p) => [p.id, p]));
    this.baselineIds ??= new Set([...map.keys(), ...idsOf(list.unreadable)]);
    this.entry = { items: Promise.resolve(map), at: Date.now(), unreadable: list.unreadable };
    return map;
  }
}

const idsOf = (objects: readonly UnreadableObject[]): string[] => objects.flatMap((o) => (o.id === undefined ? [] : [o.id]));

/** The listing of `path` for the vendor client `http`, in the provider context of the call in progress. */
export function listingFor<P extends { id: string }>(http: VendorClient, path: string, listAll: () => Promise<ListedObjects<P>>): Listing<P> {
  return currentContext().forClient(http, `listing ${path}`, () => new Listing<P>(listAll));
}
