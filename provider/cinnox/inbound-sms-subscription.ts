// cinnox:InboundSmsSubscription — the inbound-SMS event subscription of one Cinnox app (a singleton per app):
// schema, mapping to `PATCH …/inbound-sms-event-sub`, and the lifecycle on the shared controller.
import { z } from "zod";
import { defineController, type Props, type ResourceController } from "../controller";
import { httpUrl } from "../fields";
import { cinnoxClient, isAlreadyDisabled, type InboundSmsEventSub } from "./client";

export const KIND = "cinnox:InboundSmsSubscription";

/** Inputs, checked and normalised before any request; the SDK's argument docs describe the same fields. */
export const inputs = z.object({
  /** The Cinnox app whose subscription this is; changing it replaces the resource. */
  appId: z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" }),
  /** Where Cinnox POSTs inbound SMS; it must answer Cinnox's URL challenge. */
  url: httpUrl(),
  /** false keeps the resource but removes the subscription at Cinnox. */
  enabled: z.boolean({ error: "must be true or false" }).default(true),
});
export type Inputs = z.output<typeof inputs>;

/** Outputs: the inputs as Cinnox confirmed them, plus when Cinnox last changed the subscription. */
export interface Outputs extends Inputs {
  /** RFC 3339 time of Cinnox's last change; absent when Cinnox gave none (a disable of something already off). */
  updatedAt?: string;
}

function outputs(appId: string, sub: InboundSmsEventSub | undefined, sent: { enabled: boolean; url: string }): Outputs {
  return sub ? { appId, url: sub.url, enabled: sub.enabled, updatedAt: sub.updatedAt } : { appId, ...sent };
}

/** Sets the app's subscription to `enabled`/`url`: one PATCH. Disabling something already off is success. */
async function apply(appId: string, body: { enabled: boolean; url: string }): Promise<Outputs> {
  try {
    return outputs(appId, await cinnoxClient().patchInboundSmsEventSub(appId, body), body);
  } catch (err) {
    if (!body.enabled && isAlreadyDisabled(err)) return outputs(appId, undefined, body);
    throw err;
  }
}

/** Where read's note goes: the dynamic provider's stderr, which the Pulumi engine shows as a diagnostic. */
export const notices = { write: (line: string): void => void process.stderr.write(`${line}\n`) };

const lifecycle = defineController({
  kind: KIND,
  inputs,
  // Another appId is another subscription (see `controller` below for the order of a replacement).
  replaceOn: ["appId"],

  async create(args) {
    // The id is the app id: there is one subscription per app, and delete needs nothing else.
    return { id: args.appId, outs: { ...(await apply(args.appId, { enabled: args.enabled, url: args.url })) } };
  },

  async read(id, props) {
    // Cinnox has no read endpoint for this subscription: hand back what was recorded, and say so.
    notices.write(
      `${KIND} ${id}: Cinnox has no read endpoint for the inbound-SMS subscription; refresh keeps the recorded ` +
        `state unchanged and cannot detect drift (a change made in the Cinnox dashboard or by another stack is not seen).`,
    );
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

/**
 * Replacements delete first. With Pulumi's default create-before-delete, a replacement that keeps the app
 * (`pulumi up --replace`, or a future replace-on property) would subscribe the app and then disable that same
 * singleton, leaving it off while the state says on, which refresh cannot see. Deleting first always ends
 * in the declared state; for a new appId the only cost is that the old app stops a moment earlier (it is
 * being abandoned anyway), and if the new app's create fails, the old one is already off, as declared.
 */
export const controller: ResourceController = {
  ...lifecycle,
  async diff(id, olds, news) {
    // Set even when nothing replaces: the engine consults it for a forced replacement too.
    return { ...(await lifecycle.diff(id, olds, news)), deleteBeforeReplace: true };
  },
};
