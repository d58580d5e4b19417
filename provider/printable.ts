// Text that came from a vendor, made safe to print: every control character (C0, DEL, C1 such as U+009B CSI,
// the Unicode line and paragraph separators, and the bidirectional overrides and isolates that reorder what a
// terminal or a browser shows) is written as a visible `\uXXXX`, so a vendor field can neither move the cursor,
// start a terminal escape sequence, break a line into a fake one nor reverse the text around it.
/**
 * What never reaches output raw: C0 controls (line breaks included), DEL, C1 controls (U+009B is a CSI), the
 * JavaScript line terminators U+2028/U+2029, the bidi embeddings, overrides and isolates (U+202A–202E,
 * U+2066–2069), the bidi marks (U+061C, U+200E, U+200F), the BOM (U+FEFF), and lone surrogates.
 */
// eslint-disable-next-line no-control-regex
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const escapeUnprintable = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** The text with every control character shown as `\uXXXX` (a backslash stays as it is). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeUnprintable);
}

