// Dialpad deliveries: verify the HS256 compact JWS (or accept plain JSON when no secret is configured)
// and parse the claims into a typed call, SMS, contact, agent-status or change-log event (or `unknown`).
// Schemas are strict about structure, lenient about values.
import { webcrypto } from "node:crypto";
import { type CryptoKey, decodeProtectedHeader, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import { type DeliveryBody, StringOrIntegerSchema as IdSchema, bodyText, isPlainObject, parseJsonObject, parseWith } from "./body";
import { EventArgumentError, EventVerificationError, describeType } from "./errors";

export { deliveryKey } from "./redelivery";

// ---------------------------------------------------------------------------------------------
// Schemas. Every object is loose: Dialpad adds fields over time and receivers must keep them.
// Fields other than the identifying ones are optional and nullable because Dialpad sends null for
// moments that have not happened yet (date_connected of a ringing call, for instance).

const optionalId = IdSchema.nullish();
const optionalText = z.string().nullish();
/** Epoch milliseconds. */
const optionalEpochMs = z.number().nullish();
const optionalNumber = z.number().nullish();

/** `contact` of a call event (call events say `phone`). */
export const CallContactSchema = z.looseObject({
  id: optionalId,
  name: optionalText,
  phone: optionalText,
  email: optionalText,
  type: optionalText,
});

/** `target` of a call event: the Dialpad user, office, call center... the call belongs to. */
export const CallTargetSchema = z.looseObject({
  id: optionalId,
  name: optionalText,
  phone: optionalText,
  email: optionalText,
  office_id: optionalId,
  type: optionalText,
});

/** A call event. Identified by `call_id`; `state` is one of the subscription's `call_states` (kept as a string). */
export const CallEventSchema = z.looseObject({
  call_id: IdSchema,
  state: z.string().min(1),
  master_call_id: optionalId,
  entry_point_call_id: optionalId,
  direction: optionalText,
  external_number: optionalText,
  internal_number: optionalText,
  date_started: optionalEpochMs,
  date_rang: optionalEpochMs,
  date_connected: optionalEpochMs,
  date_ended: optionalEpochMs,
  event_timestamp: optionalEpochMs,
  duration: optionalNumber,
  total_duration: optionalNumber,
  talk_time: optionalNumber,
  contact: CallContactSchema.nullish(),
  target: CallTargetSchema.nullish(),
  call_recording_ids: z.array(IdSchema).nullish(),
  recording_details: z.array(z.looseObject({})).nullish(),
  was_recorded: z.boolean().nullish(),
  voicemail_link: optionalText,
  labels: z.array(z.string()).nullish(),
  is_transferred: z.boolean().nullish(),
  csat_score: z.union([z.number(), z.string()]).nullish(),
  mos_score: optionalNumber,
  transcription_text: optionalText,
});

/** `target` of an SMS event (SMS events say `phone_number`). */
export const SmsTargetSchema = z.looseObject({
  id: optionalId,
  type: optionalText,
  name: optionalText,
  phone_number: optionalText,
});

/** `contact` of an SMS event. */
export const SmsContactSchema = z.looseObject({
  id: optionalId,
  name: optionalText,
  phone_number: optionalText,
});

/** An SMS event (message or delivery status). `to_number` is always a list, even for one recipient. */
export const SmsEventSchema = z.looseObject({
  id: IdSchema,
  from_number: z.string(),
  to_number: z.array(z.string()),
  created_date: optionalEpochMs,
  direction: optionalText,
  target: SmsTargetSchema.nullish(),
  contact: SmsContactSchema.nullish(),
  sender_id: optionalId,
  mms: z.boolean().nullish(),
  mms_url: optionalText,
  text: optionalText,
  text_content: optionalText,
  event_timestamp: optionalEpochMs,
  is_internal: z.boolean().nullish(),
  message_status: optionalText,
  message_delivery_result: optionalText,
});

// Contact, agent-status and change-log events. Dialpad documents them on developers.dialpad.com
// (docs/contact-events, docs/agent-status-events, docs/change-log-events, read for issue 13); they come
// over the same webhooks, signed the same way (HS256 JWT with the webhook secret, plain JSON without one):
// - contact: `{event: "Created"|"Updated"|"Deleted", contact: {id, type ("local"/"shared"), first_name,
//   last_name, display_name, phones[], primary_phone, emails[], primary_email, company_name, job_title,
//   urls[], trunk_group, extension}}`;
// - agent status (call-center agents): `{availability_status, call_center_ids[], date, event_timestamp,
//   on_duty_status, on_duty_status_reason, powerdialer_mode, powerdialer_session, target {id, name, email,
//   phone_number, type}}` (the sample says `phone` where the table says `phone_number`: both accepted);
// - change log: `{action (a code such as "updated_ivr"), note, additional_data (free form, may be null),
//   target {type, id}, changed_by {name, id, type} (redacted for changes made by Dialpad staff), date}`.
// None carries an event-type field shared by all kinds, so `parseEvent` tells them apart by their fields.

/** The `contact` object of a contact event (not the `contact` of a call or SMS event). */
export const ContactSchema = z.looseObject({
  id: IdSchema,
  type: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  display_name: optionalText,
  phones: z.array(z.string()).nullish(),
  primary_phone: optionalText,
  emails: z.array(z.string()).nullish(),
  primary_email: optionalText,
  company_name: optionalText,
  job_title: optionalText,
  urls: z.array(z.string()).nullish(),
  trunk_group: optionalText,
  extension: optionalText,
});

/** A contact event: a shared or local contact was created, updated or deleted. `event` kept as a string. */
export const ContactEventSchema = z.looseObject({
  event: z.string().min(1),
  contact: ContactSchema,
});

/** `target` of an agent-status event: the agent (a Dialpad user) whose status changed. */
export const AgentTargetSchema = z.looseObject({
  id: optionalId,
  name: optionalText,
  email: optionalText,
  phone_number: optionalText,
  phone: optionalText,
  type: optionalText,
});

/** An agent-status event of a call-center agent. Statuses are kept as strings. */
export const AgentStatusEventSchema = z.looseObject({
  target: AgentTargetSchema,
  availability_status: optionalText,
  on_duty_status: optionalText,
  on_duty_status_reason: optionalText,
  call_center_ids: z.array(IdSchema).nullish(),
  date: optionalEpochMs,
  event_timestamp: optionalEpochMs,
  powerdialer_mode: z.boolean().nullish(),
  powerdialer_session: optionalText,
});

/** `target` (what changed) and `changed_by` (who changed it) of a change-log event. */
export const ChangeLogTargetSchema = z.looseObject({ id: optionalId, type: optionalText });
export const ChangeLogAuthorSchema = z.looseObject({ id: optionalId, name: optionalText, type: optionalText });

/** A change-log event: one change to the company's Dialpad configuration. */
export const ChangelogEventSchema = z.looseObject({
  action: z.string().min(1),
  note: optionalText,
  /** Free form in Dialpad's docs ("not currently standardized"): an object, null, or absent. */
  additional_data: z.unknown().optional(),
  target: ChangeLogTargetSchema.nullish(),
  changed_by: ChangeLogAuthorSchema.nullish(),
  date: optionalEpochMs,
});

/** A verified JSON object that matches none of the kinds above, handed over whole. */
export const UnknownEventSchema = z.looseObject({});

export type CallContact = z.output<typeof CallContactSchema>;
export type CallTarget = z.output<typeof CallTargetSchema>;
export type CallEvent = z.output<typeof CallEventSchema>;
export type SmsTarget = z.output<typeof SmsTargetSchema>;
export type SmsContact = z.output<typeof SmsContactSchema>;
export type SmsEvent = z.output<typeof SmsEventSchema>;

export type Contact = z.output<typeof ContactSchema>;
export type ContactEvent = z.output<typeof ContactEventSchema>;
export type AgentTarget = z.output<typeof AgentTargetSchema>;
export type AgentStatusEvent = z.output<typeof AgentStatusEventSchema>;
export type ChangeLogTarget = z.output<typeof ChangeLogTargetSchema>;
export type ChangeLogAuthor = z.output<typeof ChangeLogAuthorSchema>;
export type ChangelogEvent = z.output<typeof ChangelogEventSchema>;
export type UnknownEvent = z.output<typeof UnknownEventSchema>;

/** A verified Dialpad delivery, discriminated by `kind`. */
export type DialpadEvent =
  | { kind: "call"; event: CallEvent }
  | { kind: "sms"; event: SmsEvent }
  | { kind: "contact"; event: ContactEvent }
  | { kind: "agent_status"; event: AgentStatusEvent }
  | { kind: "changelog"; event: ChangelogEvent }
  | { kind: "unknown"; event: UnknownEvent };

export type DialpadEventKind = DialpadEvent["kind"];

// ---------------------------------------------------------------------------------------------
// Classification.

/**
 * Decides what a claims object is and parses it, by the first rule that matches:
 *
 * | kind | recognised by |
 * |---|---|
 * | `call` | `call_id` |
 * | `sms` | `from_number`, `to_number` or `text` |
 * | `contact` | both `event` and `contact` (call and SMS events carry a `contact` too, but never `event`) |
 * | `agent_status` | `on_duty_status`, `availability_status` or `call_center_ids` |
 * | `changelog` | `action` |
 * | `unknown` | any other JSON object |
 *
 * Once a kind is recognised its schema applies, and a wrong structure is `not_an_event` naming the field.
 * A verified object of no known kind is handed over as `unknown` rather than refused: it is authentic
 * (or unsigned by the receiver's choice), Dialpad adds event types over time, and a refusal would only
 * make Dialpad retry what the receiver can never accept. Only a body that is not a JSON object is
 * `not_an_event`. Claims added by the signer (`iat`, `exp`, ...) are kept like any unknown field.
 */
export function parseEvent(claims: unknown): DialpadEvent {
  if (!isPlainObject(claims)) throw new EventVerificationError("not_an_event", "event is not a JSON object");
  switch (classify(claims)) {
    case "call":
      return { kind: "call", event: parseWith(CallEventSchema, claims, "Dialpad call event") };
    case "sms":
      return { kind: "sms", event: parseWith(SmsEventSchema, claims, "Dialpad SMS event") };
    case "contact":
      return { kind: "contact", event: parseWith(ContactEventSchema, claims, "Dialpad contact event") };
    case "agent_status":
      return { kind: "agent_status", event: parseWith(AgentStatusEventSchema, claims, "Dialpad agent-status event") };
    case "changelog":
      return { kind: "changelog", event: parseWith(ChangelogEventSchema, claims, "Dialpad change-log event") };
    case "unknown":
      return { kind: "unknown", event: parseWith(UnknownEventSchema, claims, "JSON object") };
  }
}

function classify(claims: Record<string, unknown>): DialpadEventKind {
  const has = (...keys: string[]) => keys.some((key) => key in claims);
  if (has("call_id")) return "call";
  if (has("from_number", "to_number", "text")) return "sms";
  if (has("event") && has("contact")) return "contact";
  if (has("on_duty_status", "availability_status", "call_center_ids")) return "agent_status";
  if (has("action")) return "changelog";
  return "unknown";
}

// ---------------------------------------------------------------------------------------------
// Verification.

/** Three base64url segments; the signature may be empty so that `alg: none` is reported as such. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const ALGORITHM = "HS256";
/** An HMAC-SHA256 is 32 bytes: exactly 43 base64url characters without padding. */
const HS256_SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const BAD_SIGNATURE = "signature does not match (wrong secret or altered body)";

export interface VerifyOptions {
  /** Seconds of clock skew tolerated when checking `exp` and `nbf`. Default 0. */
  clockToleranceSeconds?: number;
}

/** True when the text looks like a compact JWS rather than JSON (used for routing, too). */
export function looksSigned(text: string): boolean {
  return COMPACT_JWS.test(text);
}

/** One secret, or several while a secret is being rotated (any of them verifies). */
export type SecretOrSecrets = string | readonly string[];

/**
 * A verifier bound to a secret (or a list of secrets), for receivers that verify many deliveries: the
 * secrets are checked and encoded once. Without a secret, plain JSON bodies are accepted and signed ones
 * refused (`secret_required`); with one, only HS256 tokens signed with it are accepted (`unsigned`
 * otherwise). With a list, a token signed with any secret of the list is accepted, tried in order: the
 * way to rotate a webhook's secret without refusing a delivery (add the new secret, `pulumi up`, remove
 * the old one).
 */
export function createVerifier(secret?: SecretOrSecrets, options: VerifyOptions = {}): (body: DeliveryBody) => Promise<DialpadEvent> {
  const secrets = secretList(secret);
  if (options === null || typeof options !== "object") {
    throw new EventArgumentError("options", `options must be an object, got ${describeType(options)}`);
  }
  const clockTolerance = options.clockToleranceSeconds ?? 0;
  if (typeof clockTolerance !== "number" || !Number.isFinite(clockTolerance) || clockTolerance < 0) {
    throw new EventArgumentError("options", "options.clockToleranceSeconds must be a finite number of seconds, 0 or more");
  }
  // Imported once per verifier, on first use: re-importing the raw secret on every delivery is a
  // measurable share of a verification (bench/events.ts compares verify() with createVerifier()).
  const keys: Array<Promise<CryptoKey> | undefined> = secrets.map(() => undefined);
  const keyAt = (index: number): Promise<CryptoKey> =>
    (keys[index] ??= webcrypto.subtle.importKey("raw", new TextEncoder().encode(secrets[index]), { name: "HMAC", hash: "SHA-256" }, false, [
      "verify",
    ]));

  return async (body) => {
    const text = bodyText(body);
    if (looksSigned(text)) {
      if (secrets.length === 0) {
        throw new EventVerificationError("secret_required", "signed delivery but no webhook secret is configured");
      }
      return parseEvent(await verifyToken(text, secrets.length, keyAt, clockTolerance));
    }
    const claims = parseJsonObject(text);
    if (secrets.length > 0) {
      throw new EventVerificationError("unsigned", "unsigned delivery refused: a webhook secret is configured");
    }
    return parseEvent(claims);
  };
}

/** The secrets as a list (empty: no secret). A blank one is almost always a missing environment variable: refused. */
function secretList(secret: SecretOrSecrets | undefined): readonly string[] {
  if (secret === undefined) return [];
  if (Array.isArray(secret)) {
    const list = secret as readonly unknown[];
    if (list.length === 0) {
      throw new EventArgumentError("secret", "Dialpad webhook secrets must be a non-empty list (pass undefined for unsigned deliveries)");
    }
    list.forEach((item, index) => {
      if (typeof item !== "string" || item.length === 0) {
        throw new EventArgumentError(
          "secret",
          `Dialpad webhook secret [${index}] must be a non-empty string, got ${typeof item === "string" ? "an empty string" : describeType(item)}`,
        );
      }
    });
    return [...(list as string[])];
  }
  if (typeof secret !== "string" || secret.length === 0) {
    throw new EventArgumentError(
      "secret",
      `Dialpad webhook secret must be a non-empty string or a list of them (pass undefined for unsigned deliveries), got ${
        typeof secret === "string" ? "an empty string" : describeType(secret)
      }`,
    );
  }
  return [secret];
}

/**
 * Verifies one Dialpad delivery and returns the typed event. `body` is the raw request body (string or
 * Buffer); `secret` the webhook's secret (or a list of secrets during a rotation: any of them verifies),
 * or undefined when the webhook has none. Never throws synchronously: the promise rejects with
 * `EventVerificationError` (the delivery is refused) or `EventArgumentError` (a blank secret or an empty
 * list, a body that is not text or bytes, bad options).
 */
export async function verify(body: DeliveryBody, secret?: SecretOrSecrets, options?: VerifyOptions): Promise<DialpadEvent> {
  // `async` turns createVerifier's argument errors into a rejection: callers write one `catch`, not two.
  return createVerifier(secret, options)(body);
}

/** Verifies `token` with the first of `count` keys whose HMAC matches; any other failure is final (the signature matched). */
async function verifyToken(
  token: string,
  count: number,
  keyAt: (index: number) => Promise<CryptoKey>,
  clockTolerance: number,
): Promise<Record<string, unknown>> {
  // The algorithm is checked by us before any cryptography, so "none" or an asymmetric algorithm
  // never reaches a verifier; jose checks again through `algorithms`.
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (err) {
    throw new EventVerificationError("malformed", "token header is not valid base64url JSON", { cause: err });
  }
  if (alg !== ALGORITHM) {
    throw new EventVerificationError("wrong_algorithm", `token algorithm ${describeAlg(alg)} refused: only HS256 is accepted`);
  }
  if (!HS256_SIGNATURE.test(token.slice(token.lastIndexOf(".") + 1))) {
    // A cut or emptied signature is a signature that does not match, whatever the cut did to its
    // base64url (jose would call a 5-character one undecodable, i.e. "malformed"): same answer, 401.
    throw new EventVerificationError("bad_signature", BAD_SIGNATURE);
  }
  for (let index = 0; ; index++) {
    try {
      const { payload } = await jwtVerify(token, await keyAt(index), { algorithms: [ALGORITHM], clockTolerance });
      return payload;
    } catch (err) {
      // jose checks the signature before the claims: only a signature mismatch means "try the next secret".
      if (err instanceof joseErrors.JWSSignatureVerificationFailed && index + 1 < count) continue;
      throw translateJoseError(err);
    }
  }
}

function describeAlg(alg: unknown): string {
  // The header is attacker-controlled: quote only short, printable values.
  return typeof alg === "string" && /^[\w.-]{1,20}$/.test(alg) ? `"${alg}"` : "(missing or invalid)";
}

function translateJoseError(err: unknown): EventVerificationError {
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new EventVerificationError("bad_signature", BAD_SIGNATURE, { cause: err });
  }
  if (err instanceof joseErrors.JWTExpired) {
    return new EventVerificationError("expired", "token has expired (exp is in the past)", { cause: err });
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "nbf" && err.reason === "check_failed") {
    return new EventVerificationError("not_yet_valid", "token is not valid yet (nbf is in the future)", { cause: err });
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) {
    return new EventVerificationError("wrong_algorithm", "token algorithm refused: only HS256 is accepted", { cause: err });
  }
  if (err instanceof joseErrors.JOSEError) {
    return new EventVerificationError("malformed", `token is malformed: ${err.message}`, { cause: err });
  }
  return new EventVerificationError("malformed", "token could not be verified", { cause: err });
}
