// Fault injection: the next N (or a share of) matching vendor requests get an error status (before or after the change is
// applied, optionally echoing the request body), a delay, a reset connection, or land late with no answer at all.
import { randomUUID } from "node:crypto";
import { z } from "zod";

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
    /** With status: "before" (default) answers without applying; "after" applies the change, then answers the status. */
    apply: z.enum(["before", "after"]).optional(),
    /** With status: the error message carries the request body as JSON text, as some real APIs do. */
    echo: z.boolean().optional(),
    /** No answer ever: the connection is reset at once or left hanging; the change is applied `afterMs` later. */
    late: z.object({ afterMs: z.number().int().positive().max(600_000), connection: z.enum(["reset", "hang"]) }).strict().optional(),
  })
  .strict()
  .refine((f) => f.count === undefined || f.rate === undefined, "give count or rate, not both")
  .refine((f) => f.seed === undefined || f.rate !== undefined, "seed goes with rate")
  .refine((f) => f.status === undefined || f.reset === undefined, "give status or reset, not both")
  .refine((f) => f.late === undefined || (f.status === undefined && f.reset === undefined && f.delayMs === undefined), "late goes alone: no status, reset or delayMs")
  .refine((f) => f.status !== undefined || (f.apply === undefined && f.echo === undefined), "apply and echo go with status")
  .refine((f) => f.status !== undefined || f.reset !== undefined || f.delayMs !== undefined || f.late !== undefined, "give status, delayMs, reset or late");
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
  if (f.apply === "after") parts.push("apply:after");
  if (f.echo) parts.push("echo");
  if (f.reset !== undefined) parts.push(`reset:${f.reset}`);
  if (f.late !== undefined) parts.push(`late:${f.late.connection}:${f.late.afterMs}`);
  return parts.join("+");
}
