// zod building blocks shared by every resource schema, so a rule such as "http(s) URL without
// user-info" or "a set is sorted and de-duplicated" is written once.
import { z } from "zod";

/**
 * Characters no one-line field may hold: C0 controls (NUL, tab, CR, LF, ...), DEL, C1 controls and the
 * Unicode line and paragraph separators, which some logs and JSON readers treat as line breaks.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
export const hasControlCharacter = (s: string): boolean => CONTROL.test(s);

/** A one-line string: no control characters and not only whitespace. */
export const oneLine = () =>
  z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .refine((s) => !hasControlCharacter(s), { error: "must be a single line without control characters" })
    .refine((s) => s.trim() !== "", { error: "must not be only whitespace" });

/**
 * An id that becomes one segment of an API path (a legacy hook id, a Cinnox app id): one line, and nothing
 * that would change which path is requested once it is encoded ("." and ".." are resolved away by URL
 * parsers and proxies; "/", "?", "#" and "%" split or re-encode the path).
 */
export const pathSegment = (max = 200) =>
  oneLine()
    .max(max, { error: `must be at most ${max} characters` })
    .refine((s) => s !== "." && s !== "..", { error: "must not be \".\" or \"..\"" })
    .refine((s) => !/[/?#%\\]/.test(s), { error: "must not contain '/', '?', '#', '%' or '\\'" });

/** Whether a text passes `pathSegment(max)`: for ids the vendor answers, held to the rules a declared one must pass. */
export const isPathSegment = (s: string, max = 200): boolean => pathSegment(max).safeParse(s).success;

/**
 * An http or https URL without user-info (credentials in a URL end up in logs and state), in its WHATWG
 * serialisation: scheme and host lower-cased, a default port dropped, an empty path written "/". Two ways
 * of writing the same URL are then no change in a diff, and what is sent is what the vendor holds.
 */
export const httpUrl = () =>
  z
    .string({ error: "must be a string" })
    .superRefine((value, ctx) => {
      // URL parsing silently drops tabs and line breaks: refuse them before it can.
      if (hasControlCharacter(value) || value.trim() !== value) {
        ctx.addIssue({ code: "custom", message: "must be one line without control characters or surrounding spaces" });
        return;
      }
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be an absolute http or https URL" });
        return;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        ctx.addIssue({ code: "custom", message: `scheme must be http or https, not ${url.protocol.replace(/:$/, "")}` });
      }
      if (url.username !== "" || url.password !== "") {
        ctx.addIssue({ code: "custom", message: "must not contain user-info (user:password@)" });
      }
    })
    .transform((value) => new URL(value).href);

const secretFields = new WeakSet<z.ZodType>();

export const singleLineSecret = () => {
  const field = z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .refine((s) => !hasControlCharacter(s), { error: "must be a single line without control characters" })
    .refine((s) => s.trim() !== "", { error: "must not be only whitespace" });
  secretFields.add(field);
  return field;
};

/**
 * Whether a failure must not name this property to the engine: Pulumi prints the input's value beside the
 * property a CheckFailure names (secrets included, in clear), so a failure on a secret field or on a URL
 * carrying user-info names the property in its reason instead.
 */
export function hidesValue(field: z.ZodType, raw: unknown): boolean {
  let inner: unknown = field;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) inner = inner.unwrap();
  if (secretFields.has(inner as z.ZodType)) return true;
  if (typeof raw !== "string") return false;
  try {
    const url = new URL(raw);
    return url.username !== "" || url.password !== "";
  } catch {
    return false;
  }
}

/** Dialpad declares ids int64: the largest one. */
const INT64_MAX = 9223372036854775807n;

/** Whether a text is a decimal id Dialpad can have made: a positive integer of at most int64, no sign, no leading zero. */
export function isServerId(s: string): boolean {
  return /^[1-9][0-9]{0,18}$/.test(s) && BigInt(s) <= INT64_MAX;
}

/** A server-side id: a positive integer given as a number or a digit string, at most int64; kept as a decimal string. */
export const positiveId = () =>
  z
    .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9][0-9]*$/)], {
      error: "must be a positive integer (a number up to 2^53, or a decimal string up to 2^63-1)",
    })
    .transform((v) => String(v))
    .refine(isServerId, { error: "must be at most 9223372036854775807 (int64)" });

/** A set: any order and repeats in, sorted and de-duplicated out, so reordering is no change. */
export const sortedSet = <I extends z.ZodType<string, string>>(item: I) =>
  z.array(item).min(1, { error: "must name at least one value" }).transform((values) => [...new Set(values)].sort() as z.output<I>[]);

/** Sends a normalised id to an API that declares int64 but accepts strings: a number when it is exact. */
export function idForApi(id: string): number | string {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}
