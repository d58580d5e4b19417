// Dialpad resource classes: `import { dialpad } from "pulumi-dialpad-cinnox"`.
export { Webhook } from "./webhook";
export type { WebhookArgs } from "./webhook";
export { Websocket } from "./websocket";
export type { WebsocketArgs } from "./websocket";
export { CallSubscription } from "./call-subscription";
export type { CallSubscriptionArgs, CallState } from "./call-subscription";
export { SmsSubscription } from "./sms-subscription";
export type { SmsSubscriptionArgs, SmsDirection } from "./sms-subscription";
export { ContactSubscription } from "./contact-subscription";
export type { ContactSubscriptionArgs, ContactType } from "./contact-subscription";
export { AgentStatusSubscription } from "./agent-status-subscription";
export type { AgentStatusSubscriptionArgs, AgentType } from "./agent-status-subscription";
export { ChangelogSubscription } from "./changelog-subscription";
export type { ChangelogSubscriptionArgs } from "./changelog-subscription";
export { LegacySmsEventSubscription } from "./legacy-sms-event-subscription";
export type { LegacySmsEventSubscriptionArgs } from "./legacy-sms-event-subscription";
export type { DialpadId, TargetType } from "./shared";
