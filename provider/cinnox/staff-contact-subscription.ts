// cinnox:StaffContactSubscription: the staff contact event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:StaffContactSubscription", path: "staff-contact-event-sub", event: "staff contact" });
