// Cinnox resource classes: `import { cinnox } from "pulumi-dialpad-cinnox"`.
export { InboundSmsSubscription } from "./inbound-sms-subscription";
export type { InboundSmsSubscriptionArgs } from "./inbound-sms-subscription";
export { OutboundSmsSubscription } from "./outbound-sms-subscription";
export type { OutboundSmsSubscriptionArgs } from "./outbound-sms-subscription";
export { CallSubscription } from "./call-subscription";
export type { CallSubscriptionArgs } from "./call-subscription";
export { EnquirySubscription } from "./enquiry-subscription";
export type { EnquirySubscriptionArgs } from "./enquiry-subscription";
export { EnquiryLabelSubscription } from "./enquiry-label-subscription";
export type { EnquiryLabelSubscriptionArgs } from "./enquiry-label-subscription";
export { LabelSubscription } from "./label-subscription";
export type { LabelSubscriptionArgs } from "./label-subscription";
export { ContactSubscription } from "./contact-subscription";
export type { ContactSubscriptionArgs } from "./contact-subscription";
export { ExternalContactSubscription } from "./external-contact-subscription";
export type { ExternalContactSubscriptionArgs } from "./external-contact-subscription";
export { EventSubscription } from "./event-subscription";
export type { EventSubscriptionArgs } from "./event-subscription";
