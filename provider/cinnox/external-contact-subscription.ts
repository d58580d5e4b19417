// cinnox:ExternalContactSubscription: the external contact event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:ExternalContactSubscription", path: "external-contact-event-sub", event: "external contact" });
