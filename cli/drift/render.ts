// The reports as a person reads them: plain text for a terminal or CI log, Markdown for a pull-request
// comment or a job summary. Values are printed as JSON; secrets are already "[secret]" in the report.
// Everything a report holds came from a vendor or a stack export (names, ids, values, errors, stack names): each
// piece is escaped for its format (cli/printable.ts) where it is put in, never trusted to be plain text.
import { jsonText, markdown, markdownCode, printable } from "../printable";
import { SECRET_MASK, membersText, type CompareReport, type DriftReport, type PropertyDrift, type Report, type StackDrift, type UnmanagedReport } from "./schema";
import type { Json } from "./values";

export type Format = "text" | "json" | "markdown";

export function render(report: Report, format: Format): string {
  if (format === "json") return `${jsonText(report)}\n`;
  if (report.command === "drift") return format === "markdown" ? driftMarkdown(report) : driftText(report);
  return format === "markdown" ? compareMarkdown(report) : compareText(report);
}

/** How a piece of report text is written in a format: `printable` for text, `markdown` for Markdown. */
type Escape = (text: string) => string;

/** Lines for a terminal: each one printable (a value holding a line break cannot start a line of its own). */
const textLines = (lines: readonly string[]) => `${lines.map(printable).join("\n")}\n`;

function show(value: Json | undefined): string {
  if (value === undefined) return "(not set)";
  return value === SECRET_MASK ? SECRET_MASK : JSON.stringify(value);
}

function propertyLine(p: PropertyDrift): string {
  const note = p.secret && p.declared === SECRET_MASK && p.live === SECRET_MASK ? " (a secret value differs)" : "";
  return `${printable(p.name)}: declared ${printable(show(p.declared))}, live ${printable(show(p.live))}${note}`;
}

function stackSummary(s: StackDrift, esc: Escape): string {
  if (s.status === "error") return `error: ${esc(s.error ?? "unknown")}`;
  const drifted = s.resources.length === 0 ? "no drift" : `${s.resources.length} resource(s) drifted`;
  return `${drifted} (${s.checked} checked${s.unchecked.length > 0 ? `, ${s.unchecked.length} not checkable` : ""})`;
}

function driftHeadline(report: DriftReport, esc: Escape): string {
  if (report.error !== undefined) return `Drift check failed: ${esc(report.error)}`;
  const drifted = report.stacks.filter((s) => s.status === "drifted").length;
  const failed = report.stacks.filter((s) => s.status === "error").length;
  const parts = [`${drifted} of ${report.stacks.length} stack(s) drifted`];
  if (failed > 0) parts.push(`${failed} could not be checked`);
  return `Drift: ${parts.join(", ")} (preview-only refresh: nothing was changed)`;
}

/** With --unmanaged-only the report has no stack checked for drift: its headline is left out. */
const driftChecked = (report: DriftReport) => report.unmanaged === undefined || report.stacks.length > 0 || report.error !== undefined;

function unmanagedHeadline(u: UnmanagedReport, esc: Escape): string {
  const found = u.accounts.reduce((n, a) => n + a.objects.length, 0);
  const listed = u.accounts.reduce((n, a) => n + a.listed, 0);
  const verdict = u.status === "error" ? `could not be fully listed: ${esc(u.error ?? "see below")}` : `${found} of ${listed} Dialpad object(s) managed by no checked stack`;
  const cinnox = u.notListed.length > 0 ? "; Cinnox cannot be listed" : "";
  return `Unmanaged: ${verdict} (from the stacks' state and the vendor's lists: nothing was changed${cinnox})`;
}

function accountName(a: UnmanagedReport["accounts"][number], esc: Escape): string {
  return `Dialpad at ${esc(a.baseUrl)}${a.companyId !== undefined ? ` (company ${esc(a.companyId)})` : ""}, ${membersText(a, esc)}`;
}

function unmanagedText(u: UnmanagedReport): string[] {
  const esc = printable;
  const lines = [unmanagedHeadline(u, esc)];
  for (const a of u.accounts) {
    lines.push("", `${accountName(a, esc)}: ${a.status === "error" ? `error: ${esc(a.error ?? "unknown")}` : `${a.objects.length} unmanaged of ${a.listed} listed`}`);
    for (const o of a.objects) lines.push(`  ? ${esc(o.type)} ${esc(o.id)}: ${esc(o.label)}`);
  }
  return lines;
}

function unmanagedMarkdown(u: UnmanagedReport): string[] {
  const esc = markdown;
  const lines = ["## Unmanaged objects", "", unmanagedHeadline(u, esc)];
  for (const a of u.accounts) {
    lines.push("", `### ${accountName(a, esc)}`, "");
    if (a.status === "error") {
      lines.push(`Error: ${esc(a.error ?? "unknown")}`);
      continue;
    }
    if (a.objects.length === 0) {
      lines.push(`None of the ${a.listed} listed objects is unmanaged.`);
      continue;
    }
    lines.push("| Kind | Id | What |", "|---|---|---|");
    for (const o of a.objects) lines.push(`| ${cell(o.type)} | ${cell(o.id)} | ${esc(o.label)} |`);
  }
  return lines;
}

function driftText(report: DriftReport): string {
  if (!driftChecked(report)) return textLines(unmanagedText(report.unmanaged!));
  const esc = printable;
  const lines = [driftHeadline(report, esc)];
  for (const s of report.stacks) {
    lines.push("", `${esc(s.stack)}: ${stackSummary(s, esc)}`);
    for (const r of s.resources) {
      if (r.drift === "deleted") {
        lines.push(`  - ${esc(r.type)} "${esc(r.name)}" (id ${esc(r.id)}): deleted out of band`);
        continue;
      }
      lines.push(`  ~ ${esc(r.type)} "${esc(r.name)}" (id ${esc(r.id)}): changed`);
      for (const p of r.properties) lines.push(`      ${propertyLine(p)}`);
    }
    for (const u of s.unchecked) lines.push(`  not checked: ${esc(u.type)} "${esc(u.name)}": ${esc(u.reason)}`);
  }
  if (report.unmanaged) lines.push("", ...unmanagedText(report.unmanaged));
  return textLines(lines);
}

/** A Markdown table cell: code-formatted (no Markdown or HTML inside takes effect), pipes escaped, never empty. */
const cell = markdownCode;

function driftMarkdown(report: DriftReport): string {
  if (!driftChecked(report)) return `${unmanagedMarkdown(report.unmanaged!).join("\n")}\n`;
  const esc = markdown;
  const lines = ["## Drift report", "", driftHeadline(report, esc)];
  if (report.stacks.length > 0) {
    lines.push("", "| Stack | Result |", "|---|---|");
    for (const s of report.stacks) lines.push(`| ${esc(s.stack)} | ${stackSummary(s, esc)} |`);
  }
  for (const s of report.stacks) {
    if (s.resources.length === 0 && s.unchecked.length === 0) continue;
    lines.push("", `### ${esc(s.stack)}`);
    if (s.resources.length > 0) {
      lines.push("", "| Resource | Drift | Property | Declared | Live |", "|---|---|---|---|---|");
      for (const r of s.resources) {
        const what = `${cell(r.type)} ${esc(r.name)}`;
        if (r.drift === "deleted") lines.push(`| ${what} | deleted out of band | | | |`);
        for (const p of r.properties) {
          lines.push(`| ${what} | changed | ${cell(p.name)} | ${cell(show(p.declared))} | ${cell(show(p.live))} |`);
        }
      }
    }
    for (const u of s.unchecked) lines.push("", `Not checked: ${cell(u.type)} ${esc(u.name)}: ${esc(u.reason)}.`);
  }
  if (report.unmanaged) lines.push("", ...unmanagedMarkdown(report.unmanaged));
  return `${lines.join("\n")}\n`;
}

function compareHeadline(report: CompareReport, esc: Escape): string {
  const ignoring = report.ignored.length > 0 ? `; ignoring ${report.ignored.map(esc).join(", ")}` : "";
  const [left, right] = [esc(report.left), esc(report.right)];
  if (report.status === "error") return `Comparison of ${left} and ${right} failed: ${esc(report.error ?? "unknown")}`;
  const verdict = report.status === "same" ? "same resources and declared properties" : "differ";
  return `${left} and ${right}: ${verdict} (from the stacks' state${ignoring}; secret values are not compared)`;
}

function compareText(report: CompareReport): string {
  const esc = printable;
  const [left, right] = [esc(report.left), esc(report.right)];
  const lines = [compareHeadline(report, esc)];
  for (const r of report.onlyInLeft) lines.push(`  only in ${left}: ${esc(r.type)} "${esc(r.name)}"`);
  for (const r of report.onlyInRight) lines.push(`  only in ${right}: ${esc(r.type)} "${esc(r.name)}"`);
  for (const d of report.differences) {
    lines.push(`  ~ ${esc(d.type)} "${esc(d.name)}"`);
    for (const p of d.properties) lines.push(`      ${esc(p.name)}: ${left} ${esc(show(p.left))}, ${right} ${esc(show(p.right))}`);
  }
  return textLines(lines);
}

function compareMarkdown(report: CompareReport): string {
  const esc = markdown;
  const [left, right] = [esc(report.left), esc(report.right)];
  const lines = [`## Environment parity: ${left} and ${right}`, "", compareHeadline(report, esc)];
  const only = [
    ...report.onlyInLeft.map((r) => ({ ...r, stack: left })),
    ...report.onlyInRight.map((r) => ({ ...r, stack: right })),
  ];
  if (only.length > 0) {
    lines.push("", "| Resource | Only in |", "|---|---|");
    for (const r of only) lines.push(`| ${cell(r.type)} ${esc(r.name)} | ${r.stack} |`);
  }
  if (report.differences.length > 0) {
    lines.push("", `| Resource | Property | ${left} | ${right} |`, "|---|---|---|---|");
    for (const d of report.differences) {
      for (const p of d.properties) lines.push(`| ${cell(d.type)} ${esc(d.name)} | ${cell(p.name)} | ${cell(show(p.left))} | ${cell(show(p.right))} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}
