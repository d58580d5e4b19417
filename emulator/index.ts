// Public entry of the Dialpad + Cinnox emulator: the contract other parts of the project code against.
// The emulator is a separate program; the provider never imports it (tests, the demo and the CLI do).
export { startEmulator } from "./server";
export type { EmulatorOptions, RunningEmulator } from "./options";
export { DEFAULT_DIALPAD_API_KEY, DEFAULT_DIALPAD_COMPANY_ID, DEFAULT_CINNOX_APP_TOKEN } from "./options";
export type { EmulatorState } from "./admin";
export type { FaultInput, Fault } from "./faults";
export type { LoggedRequest } from "./request-log";
export type { SimulateResult } from "./simulate";
export type { OutOfBandInput, OutOfBandResult } from "./out-of-band";
export { CINNOX_EVENTS, CINNOX_EVENT_NAMES, type CinnoxEventName } from "./cinnox-events";
export type { Delivery } from "./delivery";
export type { WebhookProto, WebsocketProto, SignatureProto } from "./dialpad/render";
