// The quickstart stack: one Dialpad webhook with a signing secret, a call, an SMS and a contact subscription
// on it, a legacy SMS event subscription, and the Cinnox inbound-SMS and call subscriptions of one app, all
// delivering to `receiverUrl`.
import * as pulumi from "@pulumi/pulumi";
import { cinnox, dialpad } from "pulumi-dialpad-cinnox";

export function quickstart() {
    const cfg = new pulumi.Config();
    const receiverUrl = cfg.require("receiverUrl");
    const hookSecret = cfg.requireSecret("hookSecret");

    const hook = new dialpad.Webhook("ops", { hookUrl: `${receiverUrl}/dialpad`, secret: hookSecret });
    const calls = new dialpad.CallSubscription("calls", {
        webhookId: hook.id,
        callStates: ["ringing", "hangup"],
        targetType: "office",
        targetId: cfg.getNumber("officeId") ?? 123,
    });
    const sms = new dialpad.SmsSubscription("sms", { webhookId: hook.id, direction: "inbound" });
    const legacy = new dialpad.LegacySmsEventSubscription("legacy", {
        hookId: cfg.get("legacyHookId") ?? "ops-sms",
        url: `${receiverUrl}/dialpad`,
        direction: "all",
        secret: hookSecret,
    });
    const contacts = new dialpad.ContactSubscription("contacts", { webhookId: hook.id, contactType: "shared" });
    const cinnoxAppId = cfg.get("cinnoxAppId") ?? "app-123";
    const inbound = new cinnox.InboundSmsSubscription("inbound", { appId: cinnoxAppId, url: `${receiverUrl}/cinnox` });
    // Another event of the same app: an independent singleton, on the same receiver URL.
    const cinnoxCalls = new cinnox.CallSubscription("cinnox-calls", { appId: cinnoxAppId, url: `${receiverUrl}/cinnox` });

    return {
        webhookId: hook.id,
        webhookUrl: hook.hookUrl,
        callSubscriptionId: calls.id,
        smsSubscriptionId: sms.id,
        legacyHookId: legacy.id,
        contactSubscriptionId: contacts.id,
        cinnoxCallsAppId: cinnoxCalls.appId,
        cinnoxAppId: inbound.appId,
        cinnoxUpdatedAt: inbound.updatedAt,
    };
}
