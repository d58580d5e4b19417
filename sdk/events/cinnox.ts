// Cinnox deliveries: answer the URL-verification challenge and parse the notifications of each
// `*-event-sub` subscription (inbound SMS, outbound-SMS delivery records, calls, enquiries, labels).
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

/** The two parties of a Cinnox call notification: an `eid` (Cinnox's id) and a number. */
export const CallPartySchema = z.looseObject({
  eid: IdSchema.nullish(),
  number: PhoneNumberSchema.nullish(),
});

/**
 * A call notification (`call-event-sub`): `message.status` is `CallStart` or `CallEnd` (kept as a string);
 * `caller` and `callees` are documented on `CallStart` only.
 */
export const CallSchema = z.looseObject({
  message: z.looseObject({
    id: IdSchema,
    status: z.string().min(1),
    serviceId: IdSchema.nullish(),
    caller: CallPartySchema.nullish(),
    callees: CallPartySchema.nullish(),
  }),
});

/**
 * An outbound-SMS delivery record (`outbound-sms-event-sub`), field names as Cinnox writes them.
 * `Status` is `Submitted`, `Delivered`, `Undelivered` or `Rejected` (kept as a string); `ResponseCode`
 * is empty, or 400 when undelivered or rejected, and is handed out as a string like the ids.
 */
export const OutboundSmsSchema = z.looseObject({
  Type: z.string().min(1),
  TransactionID: IdSchema,
  RecipientNumber: PhoneNumberSchema,
  Status: z.string().min(1),
  AppID: IdSchema.nullish(),
  ServiceID: IdSchema.nullish(),
  /** ISO 3166 alpha-2. */
  RecipientCountry: z.string().nullish(),
  ResponseCode: z
    .union([z.string(), z.number().int()])
    .transform((value) => String(value))
    .nullish(),
  Exception: z.unknown().optional(),
});

/**
 * An enquiry notification (`inquiry-event-sub`). `status` is `Opened`, `Handling`, `Closed` or `Missed`,
 * `channel` one of `CINNOX`, `FACEBOOK`, `LINE`, `WECHAT`, `WHATSAPP`, ... (both kept as strings).
 * Documented "and more": only `type` is required, everything else is optional.
 */
export const EnquirySchema = z.looseObject({
  type: z.string().min(1),
  status: z.string().nullish(),
  serviceId: IdSchema.nullish(),
  displayCaseNumber: IdSchema.nullish(),
  eid: IdSchema.nullish(),
  channel: z.string().nullish(),
  channelOri: z.string().nullish(),
});

/**
 * A label notification (`label-event-sub` or `inquiry-label-event-sub`). Cinnox's reference gives no
 * field list for these, so nothing is required: the object is handed over whole.
 */
export const LabelSchema = z.looseObject({});

/** Any other Cinnox notification (contact, external-contact and staff-contact events among them), whole. */
export const UnknownNotificationSchema = z.looseObject({});

/** The URL-verification request: `{"challenge": "<string>"}`. */
export const ChallengeSchema = z.looseObject({ challenge: z.string() });

export type InboundSms = z.output<typeof InboundSmsSchema>;
export type CallParty = z.output<typeof CallPartySchema>;
export type Call = z.output<typeof CallSchema>;
export type OutboundSms = z.output<typeof OutboundSmsSchema>;
export type Enquiry = z.output<typeof EnquirySchema>;
export type Label = z.output<typeof LabelSchema>;
export type UnknownNotification = z.output<typeof UnknownNotificationSchema>;

/** A Cinnox notification, discriminated by `kind` (see `parseNotification` for how the kind is decided). */
export type CinnoxNotification =
  | { kind: "inboundSms"; event: InboundSms }
  | { kind: "outboundSms"; event: OutboundSms }
  | { kind: "call"; event: Call }
  | { kind: "enquiry"; event: Enquiry }
  | { kind: "label"; event: Label }
  | { kind: "unknown"; event: UnknownNotification };

export type CinnoxNotificationKind = CinnoxNotification["kind"];
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

/**
 * True when a parsed JSON object is recognisably a Cinnox delivery, used by createHandler when one URL
 * serves both vendors: the challenge, or a notification recognised by Cinnox-only field names. Label
 * notifications are not claimed: their rule (a `label…` field) would also catch Dialpad call events,
 * which carry `labels`. On a shared URL they reach Dialpad's side as `unknown`; give Cinnox its own path.
 */
export function looksLikeCinnox(value: Record<string, unknown>): boolean {
  if ("challenge" in value) return true;
  const kind = classify(value);
  return kind !== "unknown" && kind !== "label";
}

/**
 * Cinnox sends no header or field naming the event type, and each subscription has its own URL. So the
 * reliable way to know what a notification is, is the URL it came to: give each `*-event-sub` its own
 * path and call the matching `parse…` function (or use `createHandler`'s `cinnox.paths`). When several
 * subscriptions share a URL, the shape decides, by the first rule that matches:
 *
 * | kind | recognised by |
 * |---|---|
 * | `inboundSms` | `eventDescription` |
 * | `outboundSms` | `TransactionID`, or `Type` = `"tdr"` |
 * | `call` | a `message` object |
 * | `label` | a top-level field whose name starts with `label` (`label`, `labels`, `labelId`, ...) |
 * | `enquiry` | `type` = `"inquiry"`, or `displayCaseNumber` |
 * | `unknown` | any other JSON object (contact events among them: their shape is not documented) |
 *
 * The label rule is a guess (Cinnox documents no label fields) and comes before the enquiry one because
 * an enquiry-label notification presumably carries the enquiry's fields too; an enquiry notification
 * that lists its labels would be taken for a label one. Per-URL receiving avoids both guesses.
 */
export function classify(value: Record<string, unknown>): CinnoxNotificationKind {
  if ("eventDescription" in value) return "inboundSms";
  if ("TransactionID" in value || value.Type === "tdr") return "outboundSms";
  if (isPlainObject(value.message)) return "call";
  if (Object.keys(value).some((key) => /^label/i.test(key))) return "label";
  if (value.type === "inquiry" || "displayCaseNumber" in value) return "enquiry";
  return "unknown";
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

// The parse functions below share one contract: `body` is the raw body or an object a framework parsed;
// numbers (ids, phone numbers) arrive as JSON numbers or strings and are handed out as strings; unknown
// fields are kept. They throw `EventVerificationError` `malformed` (not JSON), `not_an_event` (not a JSON
// object, or the wrong shape, naming the field) and `EventArgumentError` (a body of another type).

/** Parses an inbound-SMS notification. */
export function parseInboundSms(body: CinnoxBody): InboundSms {
  return parseWith(InboundSmsSchema, toObject(body), "Cinnox inbound-SMS notification");
}

/** Parses an outbound-SMS delivery record. */
export function parseOutboundSms(body: CinnoxBody): OutboundSms {
  return parseWith(OutboundSmsSchema, toObject(body), "Cinnox outbound-SMS delivery record");
}

/** Parses a call notification (CallStart / CallEnd). */
export function parseCall(body: CinnoxBody): Call {
  return parseWith(CallSchema, toObject(body), "Cinnox call notification");
}

/** Parses an enquiry notification. */
export function parseEnquiry(body: CinnoxBody): Enquiry {
  return parseWith(EnquirySchema, toObject(body), "Cinnox enquiry notification");
}

/** Parses a label or enquiry-label notification: any JSON object, kept whole. */
export function parseLabel(body: CinnoxBody): Label {
  return parseWith(LabelSchema, toObject(body), "Cinnox label notification");
}

/**
 * Parses a notification as the given kind: what a receiver that knows which subscription a URL serves
 * calls (see `classify` for why that is the reliable way).
 */
export function parseAs(kind: CinnoxNotificationKind, body: CinnoxBody): CinnoxNotification {
  const value = toObject(body);
  switch (kind) {
    case "inboundSms":
      return { kind, event: parseInboundSms(value) };
    case "outboundSms":
      return { kind, event: parseOutboundSms(value) };
    case "call":
      return { kind, event: parseCall(value) };
    case "enquiry":
      return { kind, event: parseEnquiry(value) };
    case "label":
      return { kind, event: parseLabel(value) };
    case "unknown":
      return { kind, event: parseWith(UnknownNotificationSchema, value, "JSON object") };
  }
}

/**
 * Classifies a notification by its shape (`classify`) and parses it as that kind. A JSON object of no
 * known kind is handed over as `unknown` rather than refused. The challenge is not a notification:
 * answer it with `challengeResponse` first.
 */
export function parseNotification(body: CinnoxBody): CinnoxNotification {
  const value = toObject(body);
  return parseAs(classify(value), value);
}
