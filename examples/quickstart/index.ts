// Entry point when the quickstart runs from Pulumi.yaml; its exports are the stack outputs.
import { quickstart } from "./program";

const out = quickstart();
export const webhookId = out.webhookId;
export const webhookUrl = out.webhookUrl;
export const callSubscriptionId = out.callSubscriptionId;
export const smsSubscriptionId = out.smsSubscriptionId;
export const legacyHookId = out.legacyHookId;
export const contactSubscriptionId = out.contactSubscriptionId;
export const cinnoxCallsAppId = out.cinnoxCallsAppId;
export const cinnoxAppId = out.cinnoxAppId;
export const cinnoxUpdatedAt = out.cinnoxUpdatedAt;
