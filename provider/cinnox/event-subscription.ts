// What every Cinnox event subscription shares: one singleton per app and event, set with
// `PATCH {base}/v1/api/apps/{appID}/<event>-event-sub` `{enabled, url}` (the URL verified by Cinnox's
// challenge), removed with the same PATCH and `enabled: false`, and no endpoint to read it back.
import { z } from "zod";
import { defineController, type Props } from "../controller";
import { hasControlCharacter, httpUrl, pathSegment } from "../fields";
import { notices } from "../notices";
import { defineKind } from "../kind";
import { cinnoxClient, isAlreadyDisabled, type EventSub } from "./client";

/** Inputs of every Cinnox event subscription, checked and normalised before any request. */
export const eventSubscriptionInputs = z.object({
  /** The Cinnox app whose subscription this is; changing it replaces the resource. */
  // Surrounding spaces are trimmed (a pasted id); a line break or other control character anywhere is refused
  // first, since trim() would silently drop U+2028 and friends at the ends.
  appId: z
    .string({ error: "must be a string" })
    .refine((s) => !hasControlCharacter(s), { error: "must be a single line without control characters" })
    .trim()
    .pipe(pathSegment(200)),
  /** Where Cinnox POSTs the notifications; it must answer Cinnox's URL challenge. */
  url: httpUrl(),
  /** false keeps the resource but removes the subscription at Cinnox. */
  enabled: z.boolean({ error: "must be true or false" }).default(true),
});
export type EventSubscriptionInputs = z.output<typeof eventSubscriptionInputs>;

/** Outputs: the inputs as Cinnox confirmed them, plus when Cinnox last changed the subscription. */
export interface EventSubscriptionOutputs extends EventSubscriptionInputs {
  /** RFC 3339 time of Cinnox's last change; absent when Cinnox gave none (a disable of something already off). */
  updatedAt?: string;
}


export const UNREADABLE_REASON =
  "Cinnox has no endpoint to read event subscriptions: refresh keeps the recorded state, so a change made at Cinnox is not detected";

export function cinnoxEventKind<K extends string>(o: {
  kind: K;
  /** The last path segment, e.g. `inbound-sms-event-sub`. */
  path: string;
  /** What is delivered, in words, e.g. "inbound SMS". */
  event: string;
}) {
  const outputs = (appId: string, sub: EventSub | undefined, sent: { enabled: boolean; url: string }): EventSubscriptionOutputs =>
    sub ? { appId, url: sub.url, enabled: sub.enabled, updatedAt: sub.updatedAt } : { appId, ...sent };

  /** Sets the app's subscription to `enabled`/`url`: one PATCH. Disabling something already off is success. */
  async function apply(appId: string, body: { enabled: boolean; url: string }): Promise<EventSubscriptionOutputs> {
    try {
      return outputs(appId, await cinnoxClient().patchEventSub(appId, o.path, body), body);
    } catch (err) {
      if (!body.enabled && isAlreadyDisabled(err)) return outputs(appId, undefined, body);
      throw err;
    }
  }

  const controller = defineController({
    kind: o.kind,
    inputs: eventSubscriptionInputs,
    // Another appId is another subscription.
    replaceOn: ["appId"],
    // With Pulumi's default create-before-delete, a replacement that keeps the app (`pulumi up --replace`)
    // would subscribe the app and then disable that same singleton, leaving it off while the state says on,
    // which refresh cannot see. Deleting first always ends in the declared state.
    deleteBeforeReplace: true,
    async create(args) {
      // The id is the app id: there is one subscription per app and event, and delete needs nothing else.
      return { id: args.appId, outs: { ...(await apply(args.appId, { enabled: args.enabled, url: args.url })) } };
    },
    async read(id, props) {
      notices.write(`${o.kind} ${id}: ${UNREADABLE_REASON} (${o.event} subscription).`);
      const recorded: Props = {};
      for (const k of ["appId", "url", "enabled", "updatedAt"] as const) if (props[k] !== undefined) recorded[k] = props[k];
      return recorded;
    },
    async update(_id, _olds, news) {
      return { ...(await apply(news.appId, { enabled: news.enabled, url: news.url })) };
    },
    async delete(id, props) {
      // Cinnox's "remove" is the same PATCH with enabled: false; the body needs a url, so the recorded one is sent.
      const appId = typeof props.appId === "string" && props.appId !== "" ? props.appId : id;
      await apply(appId, { enabled: false, url: typeof props.url === "string" ? props.url : "" });
    },
  });

  return defineKind({
    kind: o.kind,
    vendor: "cinnox",
    summary: `The ${o.event} event subscription of one Cinnox app (a singleton per app).`,
    api: `/v1/api/apps/{appId}/${o.path}`,
    inputs: eventSubscriptionInputs,
    replaceOn: ["appId"],
    secrets: [],
    outputsOnly: ["updatedAt"],
    readable: false,
    unreadableReason: UNREADABLE_REASON,
    deleteBeforeReplace: true,
    controller,
  });
}
