// What every part of a running emulator shares: options, objects, rate-limit counters, faults and the request log.
import type { SelfAddress } from "./delivery";
import type { Faults } from "./faults";
import type { ResolvedOptions } from "./options";
import type { RateLimiter } from "./rate-limit";
import type { RequestLog } from "./request-log";
import type { Store } from "./store";

export interface Runtime {
  options: ResolvedOptions;
  store: Store;
  limiter: RateLimiter;
  faults: Faults;
  log: RequestLog;
  /** The emulator's own address, so it never delivers to itself. */
  self: SelfAddress;
  /** Timers of requests that land late (fault `late`); cleared on reset and on close. */
  landings: Set<NodeJS.Timeout>;
}

/** Cancels every pending late landing. */
export function cancelLandings(rt: Runtime): void {
  for (const t of rt.landings) clearTimeout(t);
  rt.landings.clear();
}
