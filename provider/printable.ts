// Text that came from a vendor, made safe to print: every control character (C0, DEL, C1 such as U+009B CSI,
// the Unicode line and paragraph separators, and the bidirectional overrides and isolates that reorder what a
// terminal or a browser shows) is written as a visible `\uXXXX`, so a vendor field can neither move the cursor,
// start a terminal escape sequence, break a line into a fake one nor reverse the text around it.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** The text with every control character shown as `\uXXXX` (a backslash stays as it is). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** Whether the text holds a character `printable` would escape. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  const found = UNPRINTABLE.test(text);
  UNPRINTABLE.lastIndex = 0;
  return found;
}
