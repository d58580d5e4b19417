// Dialpad deliveries: verify the HS256 compact JWS (or accept plain JSON when no secret is configured)
// and parse the claims into a typed call or SMS event. Schemas are strict about structure, lenient about values.
import { webcrypto } from "node:crypto";
import { type CryptoKey, decodeProtectedHeader, errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import { type DeliveryBody, StringOrIntegerSchema as IdSchema, bodyText, isPlainObject, parseJsonObject, parseWith } from "./body";
import { EventArgumentError, EventVerificationError, describeType } from "./errors";

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

export type CallContact = z.output<typeof CallContactSchema>;
export type CallTarget = z.output<typeof CallTargetSchema>;
export type CallEvent = z.output<typeof CallEventSchema>;
export type SmsTarget = z.output<typeof SmsTargetSchema>;
export type SmsContact = z.output<typeof SmsContactSchema>;
export type SmsEvent = z.output<typeof SmsEventSchema>;

/** A verified Dialpad delivery, discriminated by `kind`. */
export type DialpadEvent = { kind: "call"; event: CallEvent } | { kind: "sms"; event: SmsEvent };

// ---------------------------------------------------------------------------------------------
// Classification.

/**
 * Decides what a claims object is and parses it. A call event is recognised by `call_id`; otherwise an
 * object with `from_number`, `to_number` or `text` is an SMS event. Anything else is `not_an_event`.
 * Claims added by the signer (`iat`, `exp`, ...) are kept like any unknown field.
 */
export function parseEvent(claims: unknown): DialpadEvent {
  if (!isPlainObject(claims)) throw new EventVerificationError("not_an_event", "event is not a JSON object");
  if ("call_id" in claims) return { kind: "call", event: parseWith(CallEventSchema, claims, "Dialpad call event") };
  if ("from_number" in claims || "to_number" in claims || "text" in claims) {
    return { kind: "sms", event: parseWith(SmsEventSchema, claims, "Dialpad SMS event") };
  }
  throw new EventVerificationError(
    "not_an_event",
    "not a Dialpad call or SMS event (no call_id, from_number, to_number or text)",
  );
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

/**
 * A verifier bound to one secret, for receivers that verify many deliveries: the secret is checked
 * and encoded once. Without a secret, plain JSON bodies are accepted and signed ones refused
 * (`secret_required`); with one, only HS256 tokens signed with it are accepted (`unsigned` otherwise).
 */
export function createVerifier(secret?: string, options: VerifyOptions = {}): (body: DeliveryBody) => Promise<DialpadEvent> {
  if (secret !== undefined && (typeof secret !== "string" || secret.length === 0)) {
    // A blank secret is almost always a missing environment variable: refuse rather than run unverified.
    throw new EventArgumentError(
      "secret",
      `Dialpad webhook secret must be a non-empty string (pass undefined for unsigned deliveries), got ${
        typeof secret === "string" ? "an empty string" : describeType(secret)
      }`,
    );
  }
  if (options === null || typeof options !== "object") {
    throw new EventArgumentError("options", `options must be an object, got ${describeType(options)}`);
  }
  const clockTolerance = options.clockToleranceSeconds ?? 0;
  if (typeof clockTolerance !== "number" || !Number.isFinite(clockTolerance) || clockTolerance < 0) {
    throw new EventArgumentError("options", "options.clockToleranceSeconds must be a finite number of seconds, 0 or more");
  }
  // Imported once per verifier, on first use: re-importing the raw secret on every delivery is a
  // measurable share of a verification (bench/events.ts compares verify() with createVerifier()).
  let key: Promise<CryptoKey> | undefined;
  const keyFor = (value: string): Promise<CryptoKey> =>
    (key ??= webcrypto.subtle.importKey("raw", new TextEncoder().encode(value), { name: "HMAC", hash: "SHA-256" }, false, [
      "verify",
    ]));

  return async (body) => {
    const text = bodyText(body);
    if (looksSigned(text)) {
      if (secret === undefined) {
        throw new EventVerificationError("secret_required", "signed delivery but no webhook secret is configured");
      }
      return parseEvent(await verifyToken(text, keyFor(secret), clockTolerance));
    }
    const claims = parseJsonObject(text);
    if (secret !== undefined) {
      throw new EventVerificationError("unsigned", "unsigned delivery refused: a webhook secret is configured");
    }
    return parseEvent(claims);
  };
}

/**
 * Verifies one Dialpad delivery and returns the typed event. `body` is the raw request body (string or
 * Buffer); `secret` the webhook's secret, or undefined when the webhook has none. Never throws
 * synchronously: the promise rejects with `EventVerificationError` (the delivery is refused) or
 * `EventArgumentError` (a blank secret, a body that is not text or bytes, bad options).
 */
export async function verify(body: DeliveryBody, secret?: string, options?: VerifyOptions): Promise<DialpadEvent> {
  // `async` turns createVerifier's argument errors into a rejection: callers write one `catch`, not two.
  return createVerifier(secret, options)(body);
}

async function verifyToken(token: string, key: Promise<CryptoKey>, clockTolerance: number): Promise<Record<string, unknown>> {
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
  try {
    const { payload } = await jwtVerify(token, await key, { algorithms: [ALGORITHM], clockTolerance });
    return payload;
  } catch (err) {
    throw translateJoseError(err);
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
