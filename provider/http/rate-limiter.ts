// Client-side rate limits shared by every client of one provider context (one configured provider: the stack's
// default one, or one explicit provider instance), so that all resources of a `pulumi up` together stay under
// the vendor's documented limits instead of each counting alone. Two contexts never share a limit.
//
// Each limit is a sliding window: at most `requests` starts in any `perMs` interval. Unlike a token bucket
// (a full bucket plus its refill lets `2 x requests` through in one window), this never sends more than a
// fixed-window or sliding-window server counts as allowed, so a burst of hundreds of operations runs at
// the limit without drawing 429s, each of which would cost a whole second of Retry-After. Once half a
// window is used, requests are also paced evenly: a burst of a full window's requests reaches the server
// spread over tens of milliseconds (connections opened, one event loop serving them), and bursts released
// a window apart can then overlap on the server's clock.

export interface Rate {
  /** Requests allowed in any `perMs` interval. */
  requests: number;
  perMs: number;
}

/**
 * Extra spacing on top of each window, as a fraction of it: requests reach the server a few milliseconds
 * apart from when they were released (event-loop lag, connection setup), and a window that is exactly full
 * on the client can then hold one request too many on the server.
 */
export const WINDOW_MARGIN = 0.02;

/** One sliding-window limit: remembers when its last `requests` requests started. */
export class SlidingWindow {
  private readonly starts: number[] = [];
  private readonly spanMs: number;
  /** Up to this many start at once; past it, one per `gapMs`. */
  private readonly burst: number;
  private readonly gapMs: number;

  constructor(readonly rate: Rate) {
    this.spanMs = rate.perMs * (1 + WINDOW_MARGIN);
    this.burst = Math.max(1, Math.floor(rate.requests / 2));
    this.gapMs = this.spanMs / rate.requests;
  }

  /** Milliseconds from `now` until one more request may start (0: now). */
  waitMs(now: number): number {
    const n = this.starts.length;
    if (n === 0) return 0;
    const windowFreesAt = n < this.rate.requests ? now : this.starts[0] + this.spanMs;
    let inWindow = 0;
    for (let i = n - 1; i >= 0 && this.starts[i] > now - this.spanMs; i--) inWindow++;
    const pacedAt = inWindow < this.burst ? now : this.starts[n - 1] + this.gapMs;
    return Math.max(0, windowFreesAt - now, pacedAt - now);
  }

  /** Records a request that starts at `now` (never earlier than the ones recorded before). */
  record(now: number): void {
    this.starts.push(now);
    if (this.starts.length > this.rate.requests) this.starts.shift();
  }
}

interface Waiter {
  limits: readonly SlidingWindow[];
  release: () => void;
}

/**
 * Hands out start times: each waiter is released, in arrival order, as soon as all of its limits allow,
 * and only then counted, so the windows hold real start times. A waiter held by a limit of its own (say
 * 100 webhook creates a minute) does not hold up the ones behind it that other limits let through.
 */
export class Scheduler {
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Infinity;

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves when the request may start. */
  acquire(limits: readonly SlidingWindow[]): Promise<void> {
    if (limits.length === 0) return Promise.resolve();
    return new Promise((release) => {
      this.waiting.push({ limits, release });
      this.pump();
    });
  }

  private pump(): void {
    const t = this.now();
    let next = Infinity;
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i];
      const wait = Math.max(...w.limits.map((l) => l.waitMs(t)));
      if (wait > 0) {
        next = Math.min(next, t + wait);
        i++;
        continue;
      }
      for (const l of w.limits) l.record(t);
      this.waiting.splice(i, 1);
      w.release();
    }
    if (next === Infinity || next >= this.wakeAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.wakeAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAt = Infinity;
      this.pump();
    }, Math.max(1, Math.ceil(next - t)));
  }
}

/**
 * The limits of one provider context: a window per limit key (vendor, scope, operation) and the scheduler that
 * releases requests against them. Each vendor client gets its limits from the context that made it.
 */
export class Limiter {
  private readonly windows = new Map<string, SlidingWindow>();
  private readonly scheduler = new Scheduler();

  /** The limit for `key` (created on first use with `rate`). */
  limit(key: string, rate: Rate): SlidingWindow {
    const id = `${key}|${rate.requests}/${rate.perMs}`;
    let limit = this.windows.get(id);
    if (!limit) this.windows.set(id, (limit = new SlidingWindow(rate)));
    return limit;
  }

  /** Waits until every one of the request's limits lets it start, then counts it against them. */
  acquire(limits: readonly SlidingWindow[]): Promise<void> {
    return this.scheduler.acquire(limits);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
