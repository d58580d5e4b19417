// Recognising a redelivery: a vendor retries an event it thinks was not taken (a timeout, a lost answer), and
// an attacker can replay a body it saw. Both carry the same event again; where the event has an id, its key
// says so, and a bounded memory of recent keys lets the handler hand each such event to the application once.
import type { DialpadEvent } from "./dialpad";

/**
 * The identity of a Dialpad event, or undefined when its payload carries none (then it cannot be told
 * apart from a new event that says the same thing, and is never taken for a redelivery):
 *
 * | kind | key |
 * |---|---|
 * | `call` | `call_id`, `state` and `event_timestamp` (a call passes through several states, some more than once) |
 * | `sms` | `id`, `message_status` and `event_timestamp` (a message and its delivery statuses share the id) |
 * | `agent_status` | `target.id` and `event_timestamp` (or `date`) |
 * | `contact`, `changelog`, `unknown` | none: their payloads name what changed, not the change |
 */
export function deliveryKey(delivery: DialpadEvent): string | undefined {
  switch (delivery.kind) {
    case "call": {
      const e = delivery.event;
      return `call:${e.call_id}:${e.state}:${e.event_timestamp ?? ""}`;
    }
    case "sms": {
      const e = delivery.event;
      return `sms:${e.id}:${e.message_status ?? ""}:${e.event_timestamp ?? ""}`;
    }
    case "agent_status": {
      const e = delivery.event;
      const when = e.event_timestamp ?? e.date;
      return e.target.id == null || when == null ? undefined : `agent_status:${e.target.id}:${when}`;
    }
    case "contact":
    case "changelog":
    case "unknown":
      return undefined;
  }
}

export const DEFAULT_REMEMBERED_DELIVERIES = 10_000;

/**
 * The keys of the last `capacity` events taken (oldest forgotten first), each with the outcome of its
 * handling: a redelivery that arrives while the first copy is still being handled waits for it, and is
 * handled itself if the first copy failed (the vendor's retry must not be lost to a failure it caused).
 */
export class RedeliveryMemory {
  private readonly entries = new Map<string, Promise<boolean>>();

  constructor(readonly capacity: number = DEFAULT_REMEMBERED_DELIVERIES) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new TypeError("dialpad.redeliveries.remember must be a positive integer");
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Runs `handle` unless an earlier copy of `key` was (or is being) handled successfully; true when this
   * call handled it, false for a redelivery. `handle` resolves true on success; on failure the key is
   * forgotten so that the next copy is handled.
   */
  async once(key: string, handle: () => Promise<boolean>): Promise<boolean> {
    for (;;) {
      const earlier = this.entries.get(key);
      if (earlier === undefined) break;
      if (await earlier) return false;
      // The earlier copy failed: take this one, unless another waiting copy already did.
      if (this.entries.get(key) === earlier) this.entries.delete(key);
    }
    const handling = handle();
    const outcome = handling.then(
      (ok) => ok,
      () => false,
    );
    this.entries.set(key, outcome);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    if (!(await outcome) && this.entries.get(key) === outcome) this.entries.delete(key);
    return handling;
  }
}
