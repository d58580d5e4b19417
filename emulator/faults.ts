// Fault injection: the next N (or a share of) matching vendor requests get an error status (before or after the change is
// applied, optionally echoing the request body), a delay, a reset connection, or land late with no answer at all; or a
// hostile success: a 2xx with a body of the test's choosing, or a list answer with raw items added or its cursor replaced.
import { randomUUID } from "node:crypto";
import { z } from "zod";

/** Whether a fault changes the body of a success (answer, addItems, cursor). */
const hostile = (f: { answer?: unknown; addItems?: unknown; cursor?: unknown }): boolean =>
  f.answer !== undefined || f.addItems !== undefined || f.cursor !== undefined;

export const FaultInput = z
  .object({
    method: z.string().min(1).optional(),
    /** Prefix of the request's pathname. */
    path: z.string().min(1).optional(),
    count: z.number().int().positive().optional(),
    rate: z.number().gt(0).max(1).optional(),
    /** With rate: draw from a PRNG seeded with this instead of Math.random, so a run can be replayed. */
    seed: z.number().int().optional(),
    status: z.number().int().min(400).max(599).optional(),
    retryAfter: z.number().int().nonnegative().nullable().optional(),
    delayMs: z.number().int().nonnegative().max(120_000).optional(),
    reset: z.enum(["before", "after"]).optional(),
    /**
     * With status: "before" (default) answers without applying; "after" applies the change, then answers the status.
     * With answer: "after" (default) applies the change, then answers the body; "before" answers without applying.
     */
    apply: z.enum(["before", "after"]).optional(),
    /** With status: the error message carries the request body as JSON text, as some real APIs do. */
    echo: z.boolean().optional(),
    /** No answer ever: the connection is reset at once or left hanging; the change is applied `afterMs` later. */
    late: z.object({ afterMs: z.number().int().positive().max(600_000), connection: z.enum(["reset", "hang"]) }).strict().optional(),
    /** A success of the vendor's making: exactly this JSON body (any value, null included), with this 2xx status (200). */
    answer: z
      .object({ status: z.number().int().min(200).max(299).optional(), body: z.unknown() })
      .strict()
      .refine((a) => a.body !== undefined, { message: "answer needs a body (any JSON value, null included)", path: ["body"] })
      .optional(),
    /** On a list answer (`{items, cursor?}`): these raw objects, of any shape, appended to the real `items`. */
    addItems: z.array(z.unknown()).min(1).optional(),
    /**
     * On a list answer: the `cursor` replaced by this string (null: removed, a last page). A request carrying this very
     * cursor is answered as the first page, so with `rate: 1` (or a large `count`) the cursor repeats forever.
     */
    cursor: z.string().nullable().optional(),
  })
  .strict()
  .refine((f) => f.count === undefined || f.rate === undefined, "give count or rate, not both")
  .refine((f) => f.seed === undefined || f.rate !== undefined, "seed goes with rate")
  .refine((f) => f.status === undefined || f.reset === undefined, "give status or reset, not both")
  .refine(
    (f) => f.late === undefined || (f.status === undefined && f.reset === undefined && f.delayMs === undefined && !hostile(f)),
    "late goes alone: no status, reset, delayMs, answer, addItems or cursor",
  )
  .refine((f) => !hostile(f) || (f.status === undefined && f.reset === undefined), "answer, addItems and cursor are successes: no status or reset")
  .refine((f) => f.answer === undefined || (f.addItems === undefined && f.cursor === undefined), "answer is the whole body: no addItems or cursor")
  .refine((f) => f.status !== undefined || f.answer !== undefined || f.apply === undefined, "apply goes with status or answer")
  .refine((f) => f.status !== undefined || f.echo === undefined, "echo goes with status")
  .refine(
    (f) => f.status !== undefined || f.reset !== undefined || f.delayMs !== undefined || f.late !== undefined || hostile(f),
    "give status, delayMs, reset, late, answer, addItems or cursor",
  );
export type FaultInput = z.infer<typeof FaultInput>;

export interface Fault extends FaultInput {
  id: string;
  /** Requests still to fault; absent for rate faults, which last until cleared. */
  remaining?: number;
}

/** mulberry32: a small seeded PRNG in [0, 1); reproducibility, not quality, is the point. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private list: Fault[] = [];
  /** The random source of each rate fault (seeded ones replay the same draws). */
  private readonly draws = new Map<string, () => number>();

  add(input: FaultInput): Fault {
    const fault: Fault = { id: randomUUID(), ...input, ...(input.rate === undefined ? { remaining: input.count ?? 1 } : {}) };
    this.list.push(fault);
    if (input.rate !== undefined) this.draws.set(fault.id, input.seed === undefined ? Math.random : seededRandom(input.seed));
    return fault;
  }

  all(): Fault[] {
    return this.list.map((f) => ({ ...f }));
  }

  clear(): void {
    this.list = [];
    this.draws.clear();
  }

  /** The first fault matching this request, counted down; at most one fault applies to a request. */
  take(method: string, path: string): Fault | undefined {
    for (const f of this.list) {
      if (f.method !== undefined && f.method.toUpperCase() !== method) continue;
      if (f.path !== undefined && !path.startsWith(f.path)) continue;
      if (f.rate !== undefined) {
        if ((this.draws.get(f.id) ?? Math.random)() < f.rate) return f;
        continue;
      }
      f.remaining = (f.remaining ?? 1) - 1;
      if (f.remaining <= 0) this.list = this.list.filter((x) => x !== f);
      return f;
    }
    return undefined;
  }
}

/** Short label for the request log, e.g. "status:503", "delay:200+reset:after". */
export function faultLabel(f: Fault): string {
  const parts: string[] = [];
  if (f.delayMs !== undefined) parts.push(`delay:${f.delayMs}`);
  if (f.status !== undefined) parts.push(`status:${f.status}`);
  if (f.status !== undefined && f.apply === "after") parts.push("apply:after");
  if (f.echo) parts.push("echo");
  if (f.reset !== undefined) parts.push(`reset:${f.reset}`);
  if (f.late !== undefined) parts.push(`late:${f.late.connection}:${f.late.afterMs}`);
  if (f.answer !== undefined) parts.push(`answer:${f.answer.status ?? 200}`);
  if (f.answer !== undefined && f.apply === "before") parts.push("apply:before");
  if (f.addItems !== undefined) parts.push(`addItems:${f.addItems.length}`);
  if (f.cursor !== undefined) parts.push(f.cursor === null ? "cursor:null" : "cursor");
  return parts.join("+");
}

/**
 * The answer a client gets under a hostile-success fault: `answer` as given; `addItems`/`cursor` laid over a 2xx list
 * answer (`{items: [...]}`, the cursor after the items). Anything else (an error, a single object) goes unchanged.
 */
export function hostileAnswer(f: Fault, real: { status: number; body: unknown; headers?: Record<string, string> }): {
  status: number; body: unknown; headers?: Record<string, string>;
} {
  if (f.answer !== undefined) return { status: f.answer.status ?? 200, body: f.answer.body };
  if (f.addItems === undefined && f.cursor === undefined) return real;
  const body = real.body as { items?: unknown; cursor?: unknown } | null;
  if (real.status < 200 || real.status > 299 || typeof body !== "object" || body === null || !Array.isArray(body.items)) return real;
  const { items, cursor, ...rest } = body as { items: unknown[]; cursor?: unknown };
  const next = f.cursor === undefined ? cursor : f.cursor ?? undefined;
  return { ...real, body: { ...rest, items: [...items, ...(f.addItems ?? [])], ...(next === undefined ? {} : { cursor: next }) } };
}
