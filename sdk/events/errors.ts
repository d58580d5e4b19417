// The one error type the receiving side throws: a stable `code` to branch on and a message for a person.
// Messages describe what was wrong with the delivery and never quote the secret or the token.

export type EventErrorCode =
  /** The signature does not match the payload under the configured secret (wrong secret or tampered body). */
  | "bad_signature"
  /** The JWS header names an algorithm other than HS256 (including "none", HS512, RS256). */
  | "wrong_algorithm"
  /** The body is neither a compact JWS nor a JSON object (truncated token, invalid JSON, empty body). */
  | "malformed"
  /** The body is well-formed but is not a call, SMS or Cinnox inbound-SMS event of the expected shape. */
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
