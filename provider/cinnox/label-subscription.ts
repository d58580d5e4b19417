// cinnox:LabelSubscription: the label event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:LabelSubscription", path: "label-event-sub", event: "label" });
