// The lifecycle every Dialpad kind shares, on top of its collection: create (POST, or adopt with `adoptId`),
// read (from the process's listing, confirmed by GET when absent), update (PATCH or PUT of the declared
// state), delete, and the recovery that decides what a POST with a lost or ambiguous answer made.
import { Props, changedProperties } from "../controller";
import { isServerId } from "../fields";
import { ConnectionError, NotFoundError, VendorError } from "../http";
import { Listing, listingFor } from "../listing";
import type { InventoryItem } from "../kind";
import { notices } from "../notices";
import { journalSend } from "../journal";
import type { CollectionBase, DialpadCollection } from "./collection";

/** A create whose outcome is unknown, with the objects that might be its result. */
export class AmbiguousCreateError extends Error {
  constructor(lost: VendorError, candidates: readonly string[], path: string) {
    super(
      `${lost.message}. It may have created an object, but this provider cannot be sure which: ` +
        `${candidates.length} object(s) at ${path} match what was sent and did not exist before (ids ${candidates.join(", ")}). ` +
        "Nothing was adopted and nothing else was created. Look at them, then either set adoptId to the one that is " +
        "yours (the next `pulumi up` takes it over) or delete the ones nobody owns",
      { cause: lost },
    );
    this.name = "AmbiguousCreateError";
  }
}

/** Runs the GET of an adoption; a missing object is a clear error rather than a silent create. */
export async function adoptable<T>(get: () => Promise<T>, adoptId: string): Promise<T> {
  try {
    return await get();
  } catch (err) {
    if (err instanceof NotFoundError) throw new Error(`adoptId ${adoptId}: no such object to adopt (${err.message})`, { cause: err });
    throw err;
  }
}

/** Decimal ids compared as numbers of any size. */
const idAfter = (a: string, b: string) => a.length > b.length || (a.length === b.length && a > b);

/** The process's listing of a collection (either shape). */
export const listingOf = <P extends { id: string }>(api: CollectionBase<P>): Listing<P> => listingFor(api.http, api.path, () => api.list());

/**
 * Every object of a collection, in input names, from the process's listing (for import and drift --unmanaged);
 * the objects the listing could not read come last, with no inputs and the reason.
 */
export async function inventoryOf<P extends { id: string }>(api: CollectionBase<P>, fromProto: (p: P) => Props): Promise<InventoryItem[]> {
  const listing = listingOf(api);
  const read = [...(await listing.items()).values()].map((p) => ({ id: p.id, inputs: fromProto(p) }));
  const unreadable = (await listing.unreadable()).map((u) => ({ id: u.id ?? "", inputs: {}, unreadable: u.reason }));
  return [...read, ...unreadable];
}

/**
 * One POST that adopts, after a lost or ambiguous answer, only an object this process made: it matches what
 * was sent, did not exist before this process's first create of the kind (the baseline listing), has an id
 * above every id known when the request was sent, and no other resource of this process holds it.
 *
 * Own twins: when several creates of this process sent the same values and all lost their answers, the new
 * matching objects are interchangeable, so each recovery (one at a time) takes one of them, lowest id first.
 * That is only sure while the objects are no more than those creates: one more could be someone else's, and
 * then every recovery refuses, naming the ids. A recovery that finds nothing it may take, but matching objects
 * it may not (they existed before, or another resource holds them), says which.
 */
export async function createOnce<P extends { id: string }>(o: {
  api: DialpadCollection<P>;
  listing: Listing<P>;
  body: unknown;
  fromProto: (p: P) => Props;
  sent: Props;
  compared: readonly string[];
}): Promise<P> {
  const { listing } = o;
  const baseline = await listing.baseline().catch((err: unknown) => {
    // The POST was never sent: say so, rather than leave the user with only the listing's "nothing was read".
    if (err instanceof Error) err.message += `; the create (POST ${o.api.path}) was not sent, so nothing was created`;
    throw err;
  });
  // Only ids of Dialpad's shape count: an unreadable object's id (any text) must not move the mark.
  let highest = "0";
  for (const id of [...baseline, ...listing.claimed]) if (isServerId(id) && idAfter(id, highest)) highest = id;
  // Others' POSTs in flight: a recovery never takes what another create of this process is about to be told it made.
  const others = listing.sending;
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  others.add(mine);
  const settle = () => {
    others.delete(mine);
    done();
  };
  const matches = (p: P) => changedProperties(o.compared, o.fromProto(p), o.sent).length === 0;
  // Written before the POST: a run killed from here on leaves what `recover` needs to recognise this object.
  const answered = journalSend({ baseUrl: o.api.http.baseUrl, path: o.api.path, sent: o.sent, compared: o.compared, highest });
  try {
    const p = await o.api.create(o.body, async (lost) => {
      // Counted among the recovering twins before the others stop waiting for this POST.
      const recovering = { sent: o.sent };
      listing.recovering.add(recovering);
      settle();
      try {
        // Wait until every other POST of this process has its answer, so what they made is claimed first.
        await Promise.all([...others]);
        return await listing.exclusive(async () => {
          const now = await listing.fresh().catch((err: unknown) => {
            // The lookup failed too: the user must learn that the POST's outcome is unknown, not only that a GET failed.
            if (err instanceof Error) {
              err.message = `${lost.message}; looking for what it made then failed (${err.message}). It was not sent again: ` +
                "an object may exist at the vendor, or appear later. Before running again, look for it and take it over with adoptId (or delete it)";
            }
            throw err;
          });
          const matching = [...now.values()].filter(matches).sort((a, b) => (a.id === b.id ? 0 : idAfter(a.id, b.id) ? 1 : -1));
          const candidates = matching.filter((p) => !baseline.has(p.id) && !listing.claimed.has(p.id) && idAfter(p.id, highest));
          // This process's recovering creates that sent the same values (this one included): each may take one.
          const twins = [...listing.recovering].filter((r) => changedProperties(o.compared, r.sent, o.sent).length === 0).length;
          if (candidates.length > twins) throw new AmbiguousCreateError(lost, candidates.map((c) => c.id), o.api.path);
          const taken = candidates[0];
          if (taken) {
            listing.claimed.add(taken.id);
            return taken;
          }
          if (lost instanceof ConnectionError && matching.length > 0) {
            throw new UnclaimableError(lost, matching, (id) => (baseline.has(id) ? "existed before this run" : listing.claimed.has(id) ?
              "held by another resource of this run" : `made before this request was sent (ids up to ${highest} were known then)`), o.api.path);
          }
          return undefined;
        });
      } finally {
        listing.recovering.delete(recovering);
      }
    });
    answered(p.id);
    listing.claimed.add(p.id);
    listing.remember(p);
    return p;
  } finally {
    settle();
  }
}

/** A lost create that found only objects it may not take: it names them, rather than say that none was found. */
export class UnclaimableError extends Error {
  constructor(lost: VendorError, matching: readonly { id: string }[], why: (id: string) => string, path: string) {
    const seen = matching.map((p) => `${p.id} (${why(p.id)})`);
    super(
      `${lost.message}. It may have created an object, but none this provider may take is there yet: the objects at ${path} ` +
        `that match what was sent are ids ${seen.join(", ")}. It was not sent again, because it may still land: an object may ` +
        "appear at the vendor later. Before running again, look: if one is this resource's, set adoptId to it (the next " +
        "`pulumi up` takes it over); otherwise delete the one nobody owns",
      { cause: lost },
    );
    this.name = "UnclaimableError";
  }
}

/** Reads one object: from the process's listing of its collection, and by GET when the listing lacks it. */
export async function readThroughListing<P extends { id: string }>(listing: Listing<P>, get: (id: string) => Promise<P>, id: string): Promise<P> {
  const listed = await listing.find(id);
  if (listed) return listed;
  // Absent from a listing is not proof of absence (a stale page, an object made since): confirm.
  const p = await get(id);
  listing.remember(p);
  return p;
}

/**
 * create/read/update/delete of a resource kept in a Dialpad collection with server-made ids: create POSTs
 * (see createOnce) or, with `adoptId`, GETs then PATCHes that object; update is one PATCH of the declared state.
 */
export function collectionLifecycle<P extends { id: string }, I extends { adoptId?: string }>(o: {
  api: () => DialpadCollection<P>;
  fromProto: (p: P) => Props;
  createBody: (inputs: I) => unknown;
  updateBody: (inputs: I) => unknown;
  /** Properties compared to recognise the object a lost create made. */
  compared: readonly string[];
  /**
   * Outputs that change on every read without any change at the vendor (a websocket's expiring URL):
   * read keeps the recorded value, so refresh never reports them as drift.
   */
  volatile?: readonly string[];
}) {
  const listing = listingOf<P>;
  return {
    async create(inputs: I): Promise<{ id: string; outs: Props }> {
      const api = o.api();
      const l = listing(api);
      const { adoptId } = inputs;
      let p: P;
      if (adoptId !== undefined) {
        const found = await adoptable(() => api.get(adoptId), adoptId);
        // Already as declared: nothing to send, and the vendor's object stays exactly as it was (a PATCH of
        // the same values could still reorder a list Dialpad keeps in the order it was given).
        p = changedProperties(o.compared, o.fromProto(found), inputs as Props).length === 0 ? found : await api.update(adoptId, o.updateBody(inputs));
        l.claimed.add(p.id);
        l.adopted.add(p.id);
        l.remember(p);
      } else {
        p = await createOnce({ api, listing: l, body: o.createBody(inputs), fromProto: o.fromProto, sent: inputs as Props, compared: o.compared });
      }
      return { id: p.id, outs: o.fromProto(p) };
    },
    async read(id: string, recorded: Props = {}): Promise<Props> {
      const api = o.api();
      const live = o.fromProto(await readThroughListing(listing(api), (i) => api.get(i), id));
      for (const k of o.volatile ?? []) if (recorded[k] !== undefined) live[k] = recorded[k];
      return live;
    },
    async update(id: string, _olds: Props, news: I): Promise<Props> {
      const api = o.api();
      const p = await api.update(id, o.updateBody(news));
      listing(api).remember(p);
      return o.fromProto(p);
    },
    async delete(id: string): Promise<void> {
      const api = o.api();
      const l = listing(api);
      // Taken over by a create of this process (adoptId): the new resource holds it. This delete is the old
      // holder's (`--replace` of an adopted object, or the adoption moved to another resource), and deleting
      // would remove what the new resource holds.
      if (l.adopted.has(id)) {
        notices.write(`${api.path}/${id} was taken over by another resource in this run (adoptId): not deleted`);
        return;
      }
      l.forget(id);
      await api.delete(id);
    },
  };
}
