// Typed errors for every vendor call. Messages name vendor, method, path, status and the vendor's own
// message, and pass through `redact` so no credential can reach a log, a Pulumi diagnostic or the state, and
// through `printable`, so the vendor's text cannot carry a control character to a terminal.
import { z } from "zod";
import { printable } from "../printable";

export type Vendor = "Dialpad" | "Cinnox";

export interface VendorErrorDetails {
  vendor: Vendor;
  method: string;
  path: string;
  status?: number;
  vendorMessage?: string;
  attempts?: number;
}

/** Field names whose values are secrets wherever they appear (request bodies, vendor answers, echoes). */
const SECRET_FIELD = /secret|token|password|passwd|api_?key|authorization|credential/i;

/** A field name that holds a secret, as a regular-expression source (for redaction in text). */
const NAME = "[A-Za-z_]*(?:secret|token|password|passwd|api_?key)[A-Za-z_]*";

/** Every string value held under a secret-named field, at any depth (e.g. `secret`, `signature.secret`). */
export function secretValuesIn(value: unknown, underSecret = false, out: string[] = []): string[] {
  if (typeof value === "string") {
    if (underSecret && value.length > 0) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) secretValuesIn(v, underSecret, out);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) secretValuesIn(v, underSecret || SECRET_FIELD.test(k), out);
  }
  return out;
}

/** Removes anything credential-shaped from a text that may end up in a message. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  // Each secret in every form a vendor may echo it in: as is, inside JSON text (quotes and backslashes
  // escaped), URL-encoded (a query or a form body) and base64 (standard or URL-safe, with or without padding).
  const forms = [...new Set(secrets)].filter((s) => s.length > 0).flatMap(encodedForms);
  for (const form of [...new Set(forms)].sort((a, b) => b.length - a.length)) out = out.split(form).join("[redacted]");
  return out
    // By field name too, for values the client never knew (a secret set out of band, echoed back): JSON,
    // JSON inside a JSON string, and key=value forms.
    .replace(new RegExp(`("${NAME}"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*)"`, "gi"), '$1[redacted]"')
    .replace(new RegExp(`(\\\\"${NAME}\\\\"\\s*:\\s*\\\\")(.*?)\\\\"`, "gi"), '$1[redacted]\\"')
    .replace(new RegExp(`(\\b${NAME}\\s*[=:]\\s*)(?!\\[redacted\\]|["'\\\\])[^\\s&,;}]+`, "gi"), "$1[redacted]")
    .replace(/([?&]apikey=)[^&\s"']*/gi, "$1[redacted]")
    .replace(/(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi, "$1$2[redacted]")
    .replace(/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]");
}

/** The forms of a secret that a message may hold it in. Forms shorter than 4 characters are left out (they would redact common words). */
function encodedForms(secret: string): string[] {
  const base64 = Buffer.from(secret, "utf8").toString("base64");
  const url = base64.replace(/\+/g, "-").replace(/\//g, "_");
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"),
    base64,
    base64.replace(/=+$/, ""),
    url,
    url.replace(/=+$/, ""),
  ];
  return forms.filter((f, i) => i === 0 || f.length >= 4);
}

function describe(d: VendorErrorDetails): string {
  const status = d.status === undefined ? "" : ` ${d.status}`;
  const message = d.vendorMessage ? `: ${d.vendorMessage}` : "";
  const attempts = d.attempts && d.attempts > 1 ? ` (after ${d.attempts} attempts)` : "";
  return `${d.vendor} ${d.method} ${d.path} failed${status}${message}${attempts}`;
}

export class VendorError extends Error {
  readonly vendor: Vendor;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly vendorMessage?: string;

  constructor(details: VendorErrorDetails, secrets: readonly string[] = []) {
    const clean: VendorErrorDetails = {
      ...details,
      path: printable(redact(details.path, secrets)),
      vendorMessage: details.vendorMessage === undefined ? undefined : printable(redact(details.vendorMessage, secrets)),
    };
    super(describe(clean));
    this.name = new.target.name;
    this.vendor = clean.vendor;
    this.method = clean.method;
    this.path = clean.path;
    this.status = clean.status;
    this.vendorMessage = clean.vendorMessage;
  }
}

/** 429 after every retry was spent. */
export class RateLimitError extends VendorError {}
/** 401 or 403: the key or token is wrong or lacks the permission. */
export class AuthenticationError extends VendorError {}
/** 404: the object does not exist (controllers turn this into "gone" where that is the right answer). */
export class NotFoundError extends VendorError {}
/** Other 4xx (400, 409, 413, ...): the request itself is wrong; never retried. */
export class InvalidRequestError extends VendorError {}
/** 5xx after every retry was spent. */
export class ServerError extends VendorError {}
/** No HTTP answer: connection refused or reset, or the per-request timeout passed. */
export class ConnectionError extends VendorError {}
/** No connection could be made (refused, no such host): nothing was sent. */
export class UnreachableError extends ConnectionError {}
/** The operation's total deadline passed before it finished. */
export class DeadlineError extends ConnectionError {}

/**
 * A 2xx whose body is not what the vendor documents (a malformed id, a missing field): nothing of it was
 * used. After a write, the change may have been applied.
 */
export class InvalidAnswerError extends VendorError {}

/** What is wrong with an answer, by field and never by value (zod's issues; any other error's message). */
export function answerProblems(err: unknown): string {
  if (err instanceof z.ZodError) return err.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(object)"} ${i.message}`).join("; ");
  return err instanceof Error ? err.message : String(err);
}

/** Picks the error class a final (non-retried or retries-exhausted) status maps to. */
export function errorForStatus(status: number): typeof VendorError {
  if (status === 429) return RateLimitError;
  if (status === 401 || status === 403) return AuthenticationError;
  if (status === 404) return NotFoundError;
  if (status >= 500) return ServerError;
  return InvalidRequestError;
}
