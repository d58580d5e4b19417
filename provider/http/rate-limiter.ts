// Token buckets shared by every client of one vendor in the process, so that all resources of a
// `pulumi up` together stay under the vendor's documented limits instead of each counting alone.

export interface Rate {
  /** Requests allowed per `perMs` window (also the burst size). */
  requests: number;
  perMs: number;
}

/** A token bucket that lets callers reserve a token and tells them how long to wait for it. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly rate: Rate, private readonly now: () => number = Date.now) {
    this.tokens = rate.requests;
    this.last = now();
  }

  /** Reserves one token; returns the milliseconds to wait before using it (0 when available now). */
  reserve(): number {
    const t = this.now();
    const perMs = this.rate.requests / this.rate.perMs;
    this.tokens = Math.min(this.rate.requests, this.tokens + (t - this.last) * perMs);
    this.last = t;
    // Going negative queues callers fairly: each waits for the tokens reserved before it.
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / perMs);
  }
}

const buckets = new Map<string, TokenBucket>();

/** The process-wide bucket for `key` (created on first use with `rate`). */
export function sharedBucket(key: string, rate: Rate): TokenBucket {
  const id = `${key}|${rate.requests}/${rate.perMs}`;
  let bucket = buckets.get(id);
  if (!bucket) {
    bucket = new TokenBucket(rate);
    buckets.set(id, bucket);
  }
  return bucket;
}

/** Waits until every bucket has a token for this request. */
export async function acquire(bucketsForRequest: readonly TokenBucket[]): Promise<void> {
  const wait = Math.max(0, ...bucketsForRequest.map((b) => b.reserve()));
  if (wait > 0) await sleep(wait);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
