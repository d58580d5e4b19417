// What every part of a running emulator shares: options, objects, rate-limit counters, faults and the request log.
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
}
