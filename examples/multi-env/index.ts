// Entry point when the program runs from Pulumi.yaml (`pulumi up -s dev`); its exports are the stack outputs.
import { multiEnv } from "./program";

const out = multiEnv();
export const webhookId = out.webhookId;
export const callSubscriptionId = out.callSubscriptionId;
export const smsSubscriptionId = out.smsSubscriptionId;
export const missedCallSubscriptionId = out.missedCallSubscriptionId;
export const cinnoxAppId = out.cinnoxAppId;
