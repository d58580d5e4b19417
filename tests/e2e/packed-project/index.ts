// The Pulumi program of a user's infrastructure repository, written against the installed package.
import * as pulumi from "@pulumi/pulumi";
import { cinnox, dialpad } from "pulumi-dialpad-cinnox";

export function program() {
    const cfg = new pulumi.Config();
    const receiverUrl = cfg.require("receiverUrl");

    const hook = new dialpad.Webhook("ops", { hookUrl: `${receiverUrl}/dialpad`, secret: cfg.requireSecret("hookSecret") });
    const calls = new dialpad.CallSubscription("calls", { webhookId: hook.id, callStates: ["ringing", "hangup"] });
    const sms = new dialpad.SmsSubscription("sms", { webhookId: hook.id, direction: "inbound" });
    const inbound = new cinnox.InboundSmsSubscription("inbound", { appId: "app-123", url: `${receiverUrl}/cinnox` });

    return {
        webhookId: hook.id,
        callSubscriptionId: calls.id,
        smsSubscriptionId: sms.id,
        cinnoxEnabled: inbound.enabled,
    };
}
