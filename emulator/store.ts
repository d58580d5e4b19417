// The emulator's objects, per company, and their persistence: a JSON file rewritten atomically after every change.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { CinnoxEventName } from "./cinnox-events";
import { LegacyRecord, SubscriptionRecord, WebhookRecord, WebsocketRecord, type LegacyKind } from "./dialpad/schemas";

/** One Cinnox event subscription as the API answers it (`result` of the PATCH). */
export const CinnoxApp = z.object({ enabled: z.boolean(), url: z.string(), updatedAt: z.string() });
export type CinnoxApp = z.infer<typeof CinnoxApp>;
/** What the store holds for one app and event; `outOfBand` marks one enabled by another party (admin out-of-band). */
export const CinnoxRecord = CinnoxApp.extend({ appId: z.string(), event: CinnoxEventName, outOfBand: z.literal(true).optional() });
export type CinnoxRecord = z.infer<typeof CinnoxRecord>;

/** Ids start here and only grow, across every kind of object, so an endpoint id names one webhook or websocket. */
export const FIRST_ID = 1000;

const dialpadState = {
  nextId: z.number().int(),
  webhooks: z.array(WebhookRecord),
  websockets: z.array(WebsocketRecord),
  subscriptions: z.array(SubscriptionRecord),
  eventSubscriptions: z.array(LegacyRecord),
};
// Version 2 keeps Cinnox subscriptions as an array: app ids are free text, and an object keyed by them loses "__proto__"
// when parsed. Version 1 (inbound SMS only, keyed by app id) still loads; its entries are read from the raw JSON.
const StateFileV2 = z.object({ version: z.literal(2), ...dialpadState, cinnoxSubscriptions: z.array(CinnoxRecord) });
const StateFileV1 = z.object({ version: z.literal(1), ...dialpadState, cinnoxApps: z.record(z.string(), z.unknown()) });
const StateFile = z.discriminatedUnion("version", [StateFileV2, StateFileV1]);
type StateFile = z.infer<typeof StateFileV2>;

export const cinnoxKey = (appId: string, event: CinnoxEventName): string => `${appId}\u0000${event}`;

export const legacyKey = (companyId: string, kind: LegacyKind, id: string): string => `${companyId}\u0000${kind}\u0000${id}`;
/** Name of the group a company's objects of one kind form, e.g. its call subscriptions. */
export const groupKey = (companyId: string, kind = ""): string => `${companyId}\u0000${kind}`;

/**
 * A map of records that also indexes them by group (company, or company and kind), so that lists and quota checks
 * cost what one company holds rather than what the whole emulator holds. Both keep insertion order.
 */
export class Table<R> {
  private readonly byKey = new Map<string, R>();
  private readonly byGroup = new Map<string, Map<string, R>>();

  constructor(readonly groupOf: (rec: R) => string) {}

  get(key: string): R | undefined {
    return this.byKey.get(key);
  }

  set(key: string, rec: R): void {
    const old = this.byKey.get(key);
    if (old !== undefined && this.groupOf(old) !== this.groupOf(rec)) this.byGroup.get(this.groupOf(old))?.delete(key);
    this.byKey.set(key, rec);
    const group = this.groupOf(rec);
    let members = this.byGroup.get(group);
    if (!members) this.byGroup.set(group, (members = new Map()));
    members.set(key, rec);
  }

  delete(key: string): void {
    const old = this.byKey.get(key);
    if (old === undefined) return;
    this.byKey.delete(key);
    const members = this.byGroup.get(this.groupOf(old));
    members?.delete(key);
    if (members?.size === 0) this.byGroup.delete(this.groupOf(old));
  }

  values(): IterableIterator<R> {
    return this.byKey.values();
  }

  group(group: string): IterableIterator<R> {
    return (this.byGroup.get(group) ?? new Map<string, R>()).values();
  }

  groupSize(group: string): number {
    return this.byGroup.get(group)?.size ?? 0;
  }

  clear(): void {
    this.byKey.clear();
    this.byGroup.clear();
  }
}

export class Store {
  nextId = FIRST_ID;
  // Maps keep insertion order, which for generated ids is ascending id order.
  readonly webhooks = new Table<WebhookRecord>((w) => groupKey(w.companyId));
  readonly websockets = new Table<WebsocketRecord>((w) => groupKey(w.companyId));
  readonly subscriptions = new Table<SubscriptionRecord>((s) => groupKey(s.companyId, s.kind));
  /** Keyed by legacyKey(): the caller-chosen ids are unique per company and kind only. */
  readonly eventSubscriptions = new Table<LegacyRecord>((e) => groupKey(e.companyId, e.kind));
  /** Keyed by cinnoxKey(): one subscription per app and event. */
  readonly cinnox = new Map<string, CinnoxRecord>();

  constructor(private readonly file: string | undefined) {
    if (file && existsSync(file)) this.load(file);
  }

  newId(): string {
    return String(this.nextId++);
  }

  /** Called after every change: writes the state file when there is one. */
  commit(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    // Write a sibling temp file then rename over the target: a reader or a crash never sees half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot(), null, 2));
    renameSync(tmp, this.file);
  }

  reset(): void {
    this.nextId = FIRST_ID;
    this.webhooks.clear();
    this.websockets.clear();
    this.subscriptions.clear();
    this.eventSubscriptions.clear();
    this.cinnox.clear();
    this.commit();
  }

  private snapshot(): StateFile {
    return {
      version: 2,
      nextId: this.nextId,
      webhooks: [...this.webhooks.values()],
      websockets: [...this.websockets.values()],
      subscriptions: [...this.subscriptions.values()],
      eventSubscriptions: [...this.eventSubscriptions.values()],
      cinnoxSubscriptions: [...this.cinnox.values()],
    };
  }

  private load(file: string): void {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      throw new Error(`emulator state file ${file} is not readable JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const parsed = StateFile.safeParse(json);
    if (!parsed.success) {
      throw new Error(`emulator state file ${file} is not valid: ${parsed.error.issues[0]?.message ?? "unknown error"}`);
    }
    const s = parsed.data;
    this.nextId = s.nextId;
    for (const w of s.webhooks) this.webhooks.set(w.id, w);
    for (const w of s.websockets) this.websockets.set(w.id, w);
    for (const sub of s.subscriptions) this.subscriptions.set(sub.id, sub);
    for (const e of s.eventSubscriptions) this.eventSubscriptions.set(legacyKey(e.companyId, e.kind, e.id), e);
    if (s.version === 2) {
      for (const c of s.cinnoxSubscriptions) this.cinnox.set(cinnoxKey(c.appId, c.event), c);
      return;
    }
    // JSON.parse keeps a "__proto__" key as an own property; zod's record does not, so read the raw object.
    const raw = (json as { cinnoxApps: Record<string, unknown> }).cinnoxApps;
    for (const [appId, value] of Object.entries(raw)) {
      const app = CinnoxApp.safeParse(value);
      if (!app.success) throw new Error(`emulator state file ${file} is not valid: cinnoxApps.${appId}: ${app.error.issues[0]?.message ?? "invalid"}`);
      this.cinnox.set(cinnoxKey(appId, "inbound-sms"), { appId, event: "inbound-sms", ...app.data });
    }
  }
}
