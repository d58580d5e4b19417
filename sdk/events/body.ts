// Shared decoding of a delivery body: bytes or text in, trimmed text or a JSON object out.
// Both vendors' parsers use it so that "what counts as malformed" is decided once.
import { z } from "zod";
import { EventArgumentError, EventVerificationError, describeType } from "./errors";

/** What the receiving functions accept: the raw request body as text or bytes. */
export type DeliveryBody = string | Uint8Array;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The body as text without surrounding whitespace; invalid UTF-8 is malformed. Anything other than text
 * or bytes (undefined from an unparsed `req.body`, a number...) is the caller's mistake, not a delivery:
 * `EventArgumentError`.
 */
export function bodyText(body: DeliveryBody): string {
  if (typeof body === "string") return body.trim();
  if (!(body instanceof Uint8Array)) {
    throw new EventArgumentError("body", `body must be a string or a Buffer/Uint8Array, got ${describeType(body)}`);
  }
  try {
    return utf8.decode(body).trim();
  } catch (err) {
    throw new EventVerificationError("malformed", "body is not valid UTF-8", { cause: err });
  }
}

/** Parses text that must hold one JSON object (not an array, string or number). */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new EventVerificationError("malformed", "body is not valid JSON", { cause: err });
  }
  if (!isPlainObject(value)) {
    throw new EventVerificationError("not_an_event", "body is JSON but not an object");
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Ids and phone numbers travel as JSON strings or integers depending on the vendor; we hand out strings. */
export const StringOrIntegerSchema = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((value) => String(value));

/** Runs a schema and turns a mismatch into `not_an_event` naming the first offending field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new EventVerificationError("not_an_event", `not a ${what}${where}: ${issue?.message ?? "invalid"}`, {
    cause: result.error,
  });
}
