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

// The generated native SDK (a subpath of its own; the dynamic names above keep their meaning).
import { cinnox as nativeCinnox, dialpad as nativeDialpad } from "pulumi-dialpad-cinnox/native";
import { InboundSmsSubscription as CinnoxOnly } from "pulumi-dialpad-cinnox/native/cinnox";

export function declareNative(): pulumi.Output<string>[] {
    const sandbox = new nativeDialpad.Provider("sandbox", { apiKey: pulumi.secret("k"), baseUrl: "https://sandbox.dialpad.com" });
    const hook = new nativeDialpad.Webhook("nh", { hookUrl: "https://ops.example.com/dialpad" }, { provider: sandbox });
    // @ts-expect-error: callStates takes Dialpad's call states only (an enum of the schema)
    new nativeDialpad.CallSubscription("nc", { webhookId: hook.id, callStates: ["not-a-state"] });
    new nativeDialpad.CallSubscription("nc2", { webhookId: hook.id, callStates: [nativeDialpad.CallState.Ringing] });
    const inbound: nativeCinnox.InboundSmsSubscription = new CinnoxOnly("ni", { appId: "app-1", url: "https://ops.example.com/cinnox" });
    return [hook.hookUrl, inbound.appId];
}
