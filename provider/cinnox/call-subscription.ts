// cinnox:CallSubscription: the call (CallStart / CallEnd) event subscription of one Cinnox app.
import { cinnoxEventKind } from "./event-subscription";

export const definition = cinnoxEventKind({ kind: "cinnox:CallSubscription", path: "call-event-sub", event: "call (CallStart / CallEnd)" });
