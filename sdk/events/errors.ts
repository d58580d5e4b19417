// The error types of the receiving side: `EventVerificationError` for a delivery that is refused (a stable
// `code` to branch on), `EventArgumentError` for a call made wrongly by the application (a bug or a missing
// setting, not the sender's fault). Messages never quote the secret or the token.

export type EventErrorCode =
  /** The signature does not match the payload under the configured secret (wrong secret or tampered body). */
  | "bad_signature"
  /** The JWS header names an algorithm other than HS256 (including "none", HS512, RS256). */
  | "wrong_algorithm"
  /** The body is neither a compact JWS nor a JSON object (truncated token, invalid JSON, empty body). */
  | "malformed"
  /** The body is well-formed but not a JSON object, or is recognised as a kind whose structure it breaks. */
  | "not_an_event"
  /** A secret is configured but the body is plain JSON: unsigned deliveries are refused. */
  | "unsigned"
  /** A signed body arrived but no secret is configured, so it cannot be verified. */
  | "secret_required"
  /** The token carries an `exp` claim in the past. */
  | "expired"
  /** The token carries an `nbf` claim in the future. */
  | "not_yet_valid";

export class EventVerificationError extends Error {
  override readonly name = "EventVerificationError";

  constructor(
    readonly code: EventErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Which argument of an `events` function was wrong. */
export type EventArgumentName = "body" | "secret" | "options";

/**
 * The application called an `events` function with an unusable argument: a body that is neither text nor
 * bytes, a blank or non-string secret, invalid options. A `TypeError`, so that it is not mistaken for a
 * refused delivery: answering the sender 4xx would hide a receiver misconfiguration. The message names the
 * argument and its type, never its value.
 */
export class EventArgumentError extends TypeError {
  override readonly name = "EventArgumentError";

  constructor(
    readonly argument: EventArgumentName,
    message: string,
  ) {
    super(message);
  }
}

/** `typeof`, with null and arrays told apart: safe to put in a message because it never shows the value. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
