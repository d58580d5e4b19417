// cinnox:ContactSubscription: the contact event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:ContactSubscription", path: "contact-event-sub", event: "contact" });
