// zod building blocks shared by every resource schema, so a rule such as "http(s) URL without
// user-info" or "a set is sorted and de-duplicated" is written once.
import { z } from "zod";

/**
 * An http or https URL without user-info (credentials in a URL end up in logs and state), in its WHATWG
 * serialisation: scheme and host lower-cased, a default port dropped, an empty path written "/". Two ways
 * of writing the same URL are then no change in a diff, and what is sent is what the vendor holds.
 */
export const httpUrl = () =>
  z
    .string({ error: "must be a string" })
    .superRefine((value, ctx) => {
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
    .refine((s) => !/[\r\n]/.test(s), { error: "must be a single line" });
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

/** A server-side id: a positive integer given as a number or a digit string; kept as a decimal string (int64 safe). */
export const positiveId = () =>
  z
    .union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]*$/)], { error: "must be a positive integer" })
    .transform((v) => String(v));

/** A set: any order and repeats in, sorted and de-duplicated out, so reordering is no change. */
export const sortedSet = <T extends string>(item: z.ZodType<T>) =>
  z.array(item).min(1, { error: "must name at least one value" }).transform((values) => [...new Set(values)].sort());

/** Sends a normalised id to an API that declares int64 but accepts strings: a number when it is exact. */
export function idForApi(id: string): number | string {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : id;
}
