// What the archived event-subscription kinds (/api/v2/event-subscriptions/{sms|call}/{hookId}) share: the
// caller picks the id, PUT creates *or silently overwrites*, so create refuses a hook id that exists unless
// the program says `adoptExisting: true`; update is one PUT of the whole declared state.
import { z } from "zod";
import { CrossRule, InputSchema, Props, changedProperties, defineController } from "../controller";
import { httpUrl, pathSegment, singleLineSecret } from "../fields";
import { NotFoundError, type VendorClient } from "../http";
import { journalSend } from "../journal";
import { defineKind } from "../kind";
import { dialpadClient, hookCollection } from "./collection";
import { targetBody, targetFields, targetFromProto, targetRule } from "./fields";
import { inventoryOf, listingOf, readThroughListing } from "./lifecycle";
import { legacyProto } from "./wire";

export type LegacyType = "sms" | "call";
export const legacyPath = (type: LegacyType) => `/api/v2/event-subscriptions/${type}`;

/** The fields every legacy kind has, in declaration order around the type's own. */
export const legacyFields = {
  hookId: pathSegment(200),
  url: httpUrl(),
  enabled: z.boolean().default(true),
  secret: singleLineSecret().optional(),
  ...targetFields,
  adoptExisting: z.boolean().optional(),
};

type LegacyCommon = z.output<ReturnType<typeof legacyProto<Record<never, never>>>>;

interface Common { hookId: string; url: string; enabled: boolean; secret?: string; targetType?: string; targetId?: string; adoptExisting?: boolean }

export function legacyKind<S extends InputSchema, P extends LegacyCommon, K extends string>(o: {
  kind: K;
  type: LegacyType;
  summary: string;
  inputs: S;
  proto: z.ZodType<P>;
  fromProto: (p: P) => Props;
  body: (inputs: z.output<S>) => Record<string, unknown>;
}) {
  const path = legacyPath(o.type);
  const fromProto = (p: P): Props => ({
    hookId: p.id,
    url: p.url ?? undefined,
    enabled: p.enabled,
    secret: p.signature?.secret || undefined,
    ...targetFromProto(p),
    ...o.fromProto(p),
  });
  /** PUT replaces the whole object, so the body is always the full declared state. */
  const body = (input: z.output<S>) => {
    const i = input as Common;
    const { target_type, target_id } = targetBody(i);
    return {
      url: i.url,
      enabled: i.enabled,
      ...o.body(input),
      ...(i.secret !== undefined ? { secret: i.secret } : {}),
      ...(target_type !== null && target_id !== null ? { target_type, target_id } : {}),
    };
  };
  /** What a hook id's object must hold to be as declared: every input but the id and the adoption flag. */
  const compared = Object.keys(o.inputs.shape).filter((k) => k !== "hookId" && k !== "adoptExisting");
  const controller = (client: () => VendorClient) => {
    const api = () => hookCollection(client(), path, o.proto);
    return defineController({
      kind: o.kind,
      inputs: o.inputs,
      rules: [targetRule] as CrossRule<z.output<S>>[],
      replaceOn: ["hookId"] as (keyof z.output<S> & string)[],
      createOnly: ["adoptExisting"] as (keyof z.output<S> & string)[],
      // The hook id is the identity: a replacement that keeps it (`--replace`) would PUT over the same id (or
      // adopt it) and then delete it with the old resource. Deleting first ends with the declared object there.
      deleteBeforeReplace: true,
      async create(inputs) {
        const a = api();
        const listing = listingOf(a);
        const { hookId, adoptExisting } = inputs as Common;
        // The PUT would silently overwrite a subscription someone else made under this hook id, even an
        // identical one: it is theirs until the program says otherwise. Whether one is there is read from the
        // vendor at the moment of deciding (one GET right before the PUT), never from a listing made earlier:
        // an object made since would be overwritten. The same read decides adoption's "already as declared".
        const existing = await a.get(hookId).catch((err: unknown) => {
          if (err instanceof NotFoundError) return undefined;
          throw err;
        });
        if (existing !== undefined && !adoptExisting) {
          throw new Error(
            `hook id "${hookId}" already exists in Dialpad (${path}/${hookId}); refusing to overwrite it. ` +
              "Set adoptExisting: true to take it over, or choose another hookId",
          );
        }
        // Adopting an object that already holds the declared state: nothing to send, so it stays exactly as it was.
        const same = existing !== undefined && changedProperties(compared, fromProto(existing), inputs as Props).length === 0;
        const answered = same ? undefined : journalSend({ baseUrl: a.http.baseUrl, path, sent: inputs as Props, compared, highest: "0", chosenId: hookId });
        const p = same ? existing : await a.put(hookId, body(inputs));
        answered?.(p.id);
        listing.claimed.add(p.id);
        listing.remember(p);
        return { id: p.id, outs: fromProto(p) };
      },
      read: async (id) => {
        const a = api();
        return fromProto(await readThroughListing(listingOf(a), (i) => a.get(i), id));
      },
      update: async (id, _olds, news) => {
        const a = api();
        const p = await a.put(id, body(news));
        listingOf(a).remember(p);
        return fromProto(p);
      },
      delete: async (id) => {
        const a = api();
        listingOf(a).forget(id);
        await a.delete(id);
      },
    });
  };
  return {
    controller,
    fromProto,
    definition: defineKind({
      kind: o.kind,
      vendor: "dialpad",
      summary: o.summary,
      api: `${path}/{hookId}`,
      inputs: o.inputs,
      replaceOn: ["hookId"] as (keyof z.output<S> & string)[],
      deleteBeforeReplace: true,
      secrets: ["secret"],
      outputsOnly: [],
      readable: true,
      controller: controller(dialpadClient),
      inventory: () => inventoryOf(hookCollection(dialpadClient(), path, o.proto), fromProto),
    }),
  };
}
