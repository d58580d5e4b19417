// cinnox:OutboundSmsSubscription: the outbound SMS (delivery records) event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:OutboundSmsSubscription", path: "outbound-sms-event-sub", event: "outbound SMS (delivery records)" });
