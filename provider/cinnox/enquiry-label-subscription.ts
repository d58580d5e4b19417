// cinnox:EnquiryLabelSubscription: the enquiry label event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:EnquiryLabelSubscription", path: "inquiry-label-event-sub", event: "enquiry label" });
