// cinnox:EnquirySubscription: the enquiry event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:EnquirySubscription", path: "inquiry-event-sub", event: "enquiry" });
