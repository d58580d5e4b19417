// cinnox:InboundSmsSubscription: the inbound-SMS event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:InboundSmsSubscription", path: "inbound-sms-event-sub", event: "inbound SMS" });
