// One program for every environment: each stack (dev, prod) differs only by its config (Pulumi.<stack>.yaml
// and secrets set with `pulumi config set --secret`). prod adds a missed-call subscription dev does not have.
import * as pulumi from "@pulumi/pulumi";
import { cinnox, dialpad } from "pulumi-dialpad-cinnox";

export function multiEnv() {
    const cfg = new pulumi.Config();
    const receiverUrl = cfg.require("receiverUrl");
    const hookSecret = cfg.requireSecret("hookSecret");

    const hook = new dialpad.Webhook("ops", { hookUrl: `${receiverUrl}/dialpad`, secret: hookSecret });
    const calls = new dialpad.CallSubscription("calls", {
        webhookId: hook.id,
        callStates: cfg.getObject<dialpad.CallState[]>("callStates") ?? ["ringing", "hangup"],
        targetType: "office",
        targetId: cfg.requireNumber("officeId"),
    });
    const sms = new dialpad.SmsSubscription("sms", { webhookId: hook.id, direction: "inbound" });
    // Only where an on-call rotation watches missed calls (prod); `--compare dev,prod` lists it.
    const missed = cfg.getBoolean("missedCallAlerts")
        ? new dialpad.CallSubscription("missed-calls", { webhookId: hook.id, callStates: ["missed", "voicemail"] })
        : undefined;
    // Each environment has its own Cinnox app: one app holds a single inbound-SMS subscription.
    const inbound = new cinnox.InboundSmsSubscription("inbound", { appId: cfg.require("cinnoxAppId"), url: `${receiverUrl}/cinnox` });

    return {
        webhookId: hook.id,
        callSubscriptionId: calls.id,
        smsSubscriptionId: sms.id,
        missedCallSubscriptionId: missed?.id,
        cinnoxAppId: inbound.appId,
    };
}
