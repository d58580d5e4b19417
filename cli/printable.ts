// Vendor text as the CLI may show it. Whatever a vendor (or a stack export) holds is untrusted: it reaches a
// terminal, a pull-request comment or a generated module only through one of these escapers, one per format.
//   code     a TypeScript/JavaScript string literal (and the same escape in a `//` comment)
//   text     a terminal or CI log: no control characters (shown as a visible \uXXXX)
//   markdown a pull-request comment or job summary: no Markdown or HTML takes effect, tables stay intact
//   json     valid JSON with the same data, no raw C1, line or paragraph separator, or bidi control

import { UNPRINTABLE, escapeUnprintable, printable } from "../provider/printable";

export { printable };

/** The unprintable characters JSON.stringify leaves raw. */
const NOT_ESCAPED_BY_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;


/** The body of a double-quoted code literal: `\` and `"` escaped, every unprintable character as `\uXXXX`. */
export function codeEscape(text: string): string {
  return text.replace(/["\\]/g, "\\$&").replace(UNPRINTABLE, escapeUnprintable);
}

/** A TypeScript/JavaScript string literal holding exactly `text`, on one line, with no raw control character. */
export function codeLiteral(text: string): string {
  return `"${codeEscape(text)}"`;
}

/** Every line of `text` made printable, the line breaks between them kept (for text the CLI composed). */
export function printableLines(lines: readonly string[]): string {
  return lines.map(printable).join("\n");
}

/** Text of many lines (a tool's own output streamed through): printable, its line breaks kept. */
export function printableKeepingLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
}

/**
 * `text` as literal Markdown text (a table cell, a heading, a sentence; never the start of a line): printable first
 * (no line break can end a table row), then backslash escapes for what could take effect: emphasis, code, links and
 * images, HTML tags and entities, table pipes, strikethrough, math, GitHub's @mentions and #references, and the
 * autolinks (`https\://`, `www\.`, an email's `\@`). Plain names, URLs' dots, dashes and slashes stay readable.
 */
export function markdown(text: string): string {
  return printable(text)
    .replace(/[\\`*_[\]()<>!|#~&{}+^$@]/g, "\\$&")
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/(^|[^A-Za-z0-9])(www)\./gi, "$1$2\\.");
}

/**
 * `text` as monospace Markdown that stays one table cell: a code span (a backtick fence longer than any run inside
 * it, pipes escaped: GFM removes that backslash inside a table cell). A code span cannot escape a backslash, and a
 * backslash before an escaped pipe would end the cell: text holding one is `<code>` around escaped text instead.
 * Never empty.
 */
export function markdownCode(text: string): string {
  const body = printable(text);
  if (body === "") return " ";
  if (body.includes("\\")) return `<code>${markdown(text)}</code>`;
  const piped = body.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...[...piped.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 || piped.startsWith(" ") || piped.endsWith(" ") ? " " : "";
  return `${fence}${pad}${piped}${pad}${fence}`;
}

/** JSON of `value` (indented), with C1 controls, U+2028/2029, bidi controls and lone surrogates as `\u` escapes. */
export function jsonText(value: unknown): string {
  // JSON.stringify escapes C0 controls and lone surrogates itself; the rest can only sit inside JSON strings,
  // where `\uXXXX` means the same character: the same data.
  return JSON.stringify(value, null, 2).replace(NOT_ESCAPED_BY_JSON, escapeUnprintable);
}
