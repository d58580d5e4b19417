// Fixed-window request counters at the vendors' documented limits; a refused request consumes nothing.
export interface Limit { key: string; limit: number; windowMs: number }

interface Window { start: number; count: number }

export const DIALPAD_COMPANY_PER_SECOND = 20;
export const DIALPAD_OPERATION_PER_MINUTE = 1200;
export const DIALPAD_CREATE_WEBHOOK_PER_MINUTE = 100;
export const DIALPAD_CREATE_WEBSOCKET_PER_MINUTE = 250;
export const CINNOX_PER_MINUTE = 500;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(public enabled: boolean) {}

  /** Counts the request against every limit; when one is full, returns the seconds until it frees (for Retry-After). */
  take(limits: readonly Limit[], now = Date.now()): number | undefined {
    if (!this.enabled) return undefined;
    let retryAfterMs = 0;
    const current = limits.map((l) => {
      let w = this.windows.get(l.key);
      if (!w || now - w.start >= l.windowMs) {
        w = { start: now, count: 0 };
        this.windows.set(l.key, w);
      }
      if (w.count >= l.limit) retryAfterMs = Math.max(retryAfterMs, w.start + l.windowMs - now);
      return w;
    });
    if (retryAfterMs > 0) return Math.max(1, Math.ceil(retryAfterMs / 1000));
    for (const w of current) w.count++;
    return undefined;
  }

  reset(): void {
    this.windows.clear();
  }
}

/** Dialpad: 20/s per company overall, and per operation 1200/min except creating webhooks (100) and websockets (250). */
export function dialpadLimits(companyId: string, operation: string): Limit[] {
  const perOperation =
    operation === "POST /api/v2/webhooks" ? DIALPAD_CREATE_WEBHOOK_PER_MINUTE
      : operation === "POST /api/v2/websockets" ? DIALPAD_CREATE_WEBSOCKET_PER_MINUTE
        : DIALPAD_OPERATION_PER_MINUTE;
  return [
    { key: `dialpad ${companyId}`, limit: DIALPAD_COMPANY_PER_SECOND, windowMs: 1000 },
    { key: `dialpad ${companyId} ${operation}`, limit: perOperation, windowMs: 60_000 },
  ];
}

/** Cinnox: 500/min per service account, i.e. per app token. */
export const cinnoxLimits = (token: string): Limit[] => [{ key: `cinnox ${token}`, limit: CINNOX_PER_MINUTE, windowMs: 60_000 }];
