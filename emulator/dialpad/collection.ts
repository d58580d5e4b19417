// The five generic operations (list, get, create, update, delete) over a Dialpad collection of generated-id objects.
import { ApiError } from "../errors";
import { json, objectBody, type EmulatorRequest, type EmulatorResponse } from "../http";
import type { Store } from "../store";
import type { DialpadCaller } from "./auth";
import { compareNumericIds, paginate } from "./pagination";
import type { Proto } from "./render";
import { pathId } from "./validate";

export interface DialpadContext { req: EmulatorRequest; caller: DialpadCaller; store: Store }

export interface Owned { id: string; companyId: string; outOfBand?: true }

export interface Collection<R extends Owned> {
  /** Singular noun for messages, e.g. "call subscription". */
  noun: string;
  /** One company's objects of this collection, in ascending id order. */
  inCompany(store: Store, companyId: string): Iterable<R>;
  countInCompany(store: Store, companyId: string): number;
  /** The object with this id if it belongs to this collection (any company). */
  get(store: Store, id: string): R | undefined;
  put(store: Store, rec: R): void;
  remove(store: Store, id: string): void;
  /** Validates a create body and builds the record with `id`. */
  build(ctx: DialpadContext, id: string, body: Record<string, unknown>): R;
  /** Validates an update body and returns the updated record. */
  update(ctx: DialpadContext, rec: R, body: Record<string, unknown>): R;
  render(ctx: DialpadContext, rec: R): Promise<Proto>;
  /** List filter from the query string (call and SMS subscriptions filter on their target). */
  filter?(query: URLSearchParams): (rec: R) => boolean;
  /** Most objects of this collection one company may hold; past it, create answers 400. */
  quota?: number;
}

function find<R extends Owned>(c: Collection<R>, ctx: DialpadContext, rawId: string | undefined): R {
  const id = pathId(rawId);
  const rec = c.get(ctx.store, id);
  // Another company's object is indistinguishable from a missing one.
  if (!rec || rec.companyId !== ctx.caller.companyId) throw new ApiError(404, `${c.noun} ${id} not found`);
  return rec;
}


export async function listOp<R extends Owned>(c: Collection<R>, ctx: DialpadContext): Promise<EmulatorResponse> {
  const keep = c.filter?.(ctx.req.query) ?? (() => true);
  // Sorted: a late-landing create arrives after objects with higher ids.
  const mine = [...c.inCompany(ctx.store, ctx.caller.companyId)].filter(keep).sort((a, b) => compareNumericIds(a.id, b.id));
  const page = paginate(mine, (r) => r.id, compareNumericIds, ctx.req.query);
  const items = await Promise.all(page.items.map((r) => c.render(ctx, r)));
  return json(page.cursor === undefined ? { items } : { items, cursor: page.cursor });
}

export async function getOp<R extends Owned>(c: Collection<R>, ctx: DialpadContext, id: string | undefined): Promise<EmulatorResponse> {
  return json(await c.render(ctx, find(c, ctx, id)));
}

export async function createOp<R extends Owned>(c: Collection<R>, ctx: DialpadContext): Promise<EmulatorResponse> {
  const body = objectBody(ctx.req);
  if (c.quota !== undefined && c.countInCompany(ctx.store, ctx.caller.companyId) >= c.quota) {
    throw new ApiError(400, `quota exceeded: at most ${c.quota} ${c.noun}s per company`);
  }
  // build() validates before an id is taken, so refused requests leave no gap in the ids. A late-landing request
  // (fault `late`) took its id when it arrived, so it gets the id it would have got.
  const built = c.build(ctx, ctx.req.reservedId ?? String(ctx.store.nextId), body);
  if (ctx.req.reservedId === undefined) ctx.store.newId();
  const rec = ctx.req.outOfBand ? { ...built, outOfBand: true as const } : built;
  c.put(ctx.store, rec);
  ctx.store.commit();
  return json(await c.render(ctx, rec));
}

export async function updateOp<R extends Owned>(c: Collection<R>, ctx: DialpadContext, id: string | undefined): Promise<EmulatorResponse> {
  const rec = find(c, ctx, id);
  const updated = c.update(ctx, rec, objectBody(ctx.req));
  c.put(ctx.store, updated);
  ctx.store.commit();
  return json(await c.render(ctx, updated));
}

/** Dialpad answers a delete with the deleted object. */
export async function deleteOp<R extends Owned>(c: Collection<R>, ctx: DialpadContext, id: string | undefined): Promise<EmulatorResponse> {
  const rec = find(c, ctx, id);
  const rendered = await c.render(ctx, rec);
  c.remove(ctx.store, rec.id);
  ctx.store.commit();
  return json(rendered);
}
