// The package's public types as a user's compiler sees them, subpaths included. Not run, only compiled.
import * as pulumi from "@pulumi/pulumi";
import { cinnox, dialpad, events } from "pulumi-dialpad-cinnox";
import { RESOURCE_KINDS, type ResourceKind } from "pulumi-dialpad-cinnox/provider";
import { DEFAULT_DIALPAD_API_KEY, DEFAULT_DIALPAD_COMPANY_ID, startEmulator, type RunningEmulator } from "pulumi-dialpad-cinnox/emulator";

export const kind: ResourceKind = RESOURCE_KINDS[0];
// @ts-expect-error: the kinds are a union of literals, not `string` (nor `any`)
export const notAKind: ResourceKind = "dialpad:Nope";

export function declare(): pulumi.Output<string>[] {
    const hook = new dialpad.Webhook("h", { hookUrl: "https://ops.example.com/dialpad" });
    // @ts-expect-error: callStates takes Dialpad's call states only
    new dialpad.CallSubscription("c", { webhookId: hook.id, callStates: ["ringing", "not-a-state"] });
    const inbound = new cinnox.InboundSmsSubscription("i", { appId: "app-1", url: "https://ops.example.com/cinnox" });
    return [hook.hookUrl, inbound.appId];
}

export async function emulator(): Promise<RunningEmulator> {
    return startEmulator({ port: 0, dialpadApiKeys: { [DEFAULT_DIALPAD_API_KEY]: { companyId: DEFAULT_DIALPAD_COMPANY_ID } } });
}

export const handler = events.createHandler({ cinnox: { path: "/cinnox", onInboundSms: async () => undefined } });
