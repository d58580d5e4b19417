// The receiving side: verify and parse what Dialpad and Cinnox deliver to webhook URLs.
// `dialpad.verify`, `cinnox.challengeResponse` and the `cinnox.parse…` functions, and `createHandler` that
// does all of it over HTTP, routing each kind to its callback.
export * as dialpad from "./dialpad";
export * as cinnox from "./cinnox";
export { createHandler, DEFAULT_MAX_BODY_BYTES } from "./handler";
export type {
  CinnoxHandlerOptions,
  DeliveryContext,
  DialpadHandlerOptions,
  ErrorInfo,
  HandlerOptions,
  RequestListener,
  UnhandledDelivery,
  Vendor,
} from "./handler";
export { EventArgumentError, EventVerificationError } from "./errors";
export type { EventArgumentName, EventErrorCode } from "./errors";
export type { DeliveryBody } from "./body";
