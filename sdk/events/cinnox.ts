// Cinnox deliveries: answer the URL-verification challenge and parse inbound-SMS notifications.
// Cinnox does not sign its deliveries, so nothing here authenticates the sender.
import { z } from "zod";
import { type DeliveryBody, StringOrIntegerSchema, bodyText, isPlainObject, parseJsonObject, parseWith } from "./body";
import { EventArgumentError, EventVerificationError, describeType } from "./errors";

// Whether Cinnox sends ids and numbers (country code + number) as JSON strings or numbers is undocumented.
const IdSchema = StringOrIntegerSchema;
const PhoneNumberSchema = StringOrIntegerSchema;

/** The inbound-SMS notification Cinnox POSTs to the subscribed URL. Unknown fields are kept. */
export const InboundSmsSchema = z.looseObject({
  id: IdSchema,
  eventDescription: z.string(),
  senderNumber: PhoneNumberSchema,
  recipientNumber: PhoneNumberSchema,
  /** RFC 3339, with `Z` or a numeric offset; kept as the string Cinnox sent. */
  receiveTime: z.iso.datetime({ offset: true }),
  contentType: z.string(),
  content: z.string(),
});

/** The URL-verification request: `{"challenge": "<string>"}`. */
export const ChallengeSchema = z.looseObject({ challenge: z.string() });

export type InboundSms = z.output<typeof InboundSmsSchema>;
export type Challenge = z.output<typeof ChallengeSchema>;
export interface ChallengeAnswer {
  code: 0;
  result: { challenge: string };
}

/** Input of the Cinnox functions: the raw body, or a body a framework already parsed as JSON. */
export type CinnoxBody = DeliveryBody | Record<string, unknown>;

function toObject(body: CinnoxBody): Record<string, unknown> {
  if (typeof body === "string" || body instanceof Uint8Array) return parseJsonObject(bodyText(body));
  if (!isPlainObject(body)) {
    throw new EventArgumentError("body", `body must be a string, a Buffer/Uint8Array or a parsed JSON object, got ${describeType(body)}`);
  }
  return body;
}

/** True when a parsed JSON object is a Cinnox delivery (challenge or event), used for routing. */
export function looksLikeCinnox(value: Record<string, unknown>): boolean {
  return "challenge" in value || "eventDescription" in value;
}

/**
 * The answer to Cinnox's URL-verification request, to be sent as the JSON response body, or null when
 * the body is not a challenge (including bodies that are not JSON at all).
 */
export function challengeResponse(body: CinnoxBody): ChallengeAnswer | null {
  let value: Record<string, unknown>;
  try {
    value = toObject(body);
  } catch (err) {
    // Not JSON, so not a challenge: the caller goes on to treat it as something else. A wrong argument
    // is the caller's bug and is not hidden behind "not a challenge".
    if (err instanceof EventVerificationError) return null;
    throw err;
  }
  const parsed = ChallengeSchema.safeParse(value);
  return parsed.success ? { code: 0, result: { challenge: parsed.data.challenge } } : null;
}

/**
 * Parses an inbound-SMS notification. Numbers are normalised to strings. Throws
 * `EventVerificationError` with code `malformed` (not JSON) or `not_an_event` (wrong shape).
 */
export function parseInboundSms(body: CinnoxBody): InboundSms {
  const value = toObject(body);
  return parseWith(InboundSmsSchema, value, "Cinnox inbound-SMS notification");
}
