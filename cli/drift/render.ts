// The reports as a person reads them: plain text for a terminal or CI log, Markdown for a pull-request
// comment or a job summary. Values are printed as JSON; secrets are already "[secret]" in the report.
import { SECRET_MASK, type CompareReport, type DriftReport, type PropertyDrift, type Report, type StackDrift, type UnmanagedReport } from "./schema";
import type { Json } from "./values";

export type Format = "text" | "json" | "markdown";

export function render(report: Report, format: Format): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  if (report.command === "drift") return format === "markdown" ? driftMarkdown(report) : driftText(report);
  return format === "markdown" ? compareMarkdown(report) : compareText(report);
}

function show(value: Json | undefined): string {
  if (value === undefined) return "(not set)";
  return value === SECRET_MASK ? SECRET_MASK : JSON.stringify(value);
}

function propertyLine(p: PropertyDrift): string {
  const note = p.secret && p.declared === SECRET_MASK && p.live === SECRET_MASK ? " (a secret value differs)" : "";
  return `${p.name}: declared ${show(p.declared)}, live ${show(p.live)}${note}`;
}

function stackSummary(s: StackDrift): string {
  if (s.status === "error") return `error: ${s.error ?? "unknown"}`;
  const drifted = s.resources.length === 0 ? "no drift" : `${s.resources.length} resource(s) drifted`;
  return `${drifted} (${s.checked} checked${s.unchecked.length > 0 ? `, ${s.unchecked.length} not checkable` : ""})`;
}

function driftHeadline(report: DriftReport): string {
  if (report.error !== undefined) return `Drift check failed: ${report.error}`;
  const drifted = report.stacks.filter((s) => s.status === "drifted").length;
  const failed = report.stacks.filter((s) => s.status === "error").length;
  const parts = [`${drifted} of ${report.stacks.length} stack(s) drifted`];
  if (failed > 0) parts.push(`${failed} could not be checked`);
  return `Drift: ${parts.join(", ")} (preview-only refresh: nothing was changed)`;
}

/** With --unmanaged-only the report has no stack checked for drift: its headline is left out. */
const driftChecked = (report: DriftReport) => report.unmanaged === undefined || report.stacks.length > 0 || report.error !== undefined;

function unmanagedHeadline(u: UnmanagedReport): string {
  const found = u.accounts.reduce((n, a) => n + a.objects.length, 0);
  const listed = u.accounts.reduce((n, a) => n + a.listed, 0);
  const verdict = u.status === "error" ? `could not be fully listed: ${u.error ?? "see below"}` : `${found} of ${listed} Dialpad object(s) managed by no checked stack`;
  const cinnox = u.notListed.length > 0 ? "; Cinnox cannot be listed" : "";
  return `Unmanaged: ${verdict} (from the stacks' state and the vendor's lists: nothing was changed${cinnox})`;
}

function accountName(a: UnmanagedReport["accounts"][number]): string {
  return `Dialpad at ${a.baseUrl}${a.companyId !== undefined ? ` (company ${a.companyId})` : ""}, stacks ${a.stacks.join(", ")}`;
}

function unmanagedText(u: UnmanagedReport): string[] {
  const lines = [unmanagedHeadline(u)];
  for (const a of u.accounts) {
    lines.push("", `${accountName(a)}: ${a.status === "error" ? `error: ${a.error ?? "unknown"}` : `${a.objects.length} unmanaged of ${a.listed} listed`}`);
    for (const o of a.objects) lines.push(`  ? ${o.type} ${o.id}: ${o.label}`);
  }
  return lines;
}

function unmanagedMarkdown(u: UnmanagedReport): string[] {
  const lines = ["## Unmanaged objects", "", unmanagedHeadline(u)];
  for (const a of u.accounts) {
    lines.push("", `### ${accountName(a)}`, "");
    if (a.status === "error") {
      lines.push(`Error: ${a.error ?? "unknown"}`);
      continue;
    }
    if (a.objects.length === 0) {
      lines.push(`None of the ${a.listed} listed objects is unmanaged.`);
      continue;
    }
    lines.push("| Kind | Id | What |", "|---|---|---|");
    for (const o of a.objects) lines.push(`| ${cell(o.type)} | ${cell(o.id)} | ${o.label.replace(/\|/g, "\\|")} |`);
  }
  return lines;
}

function driftText(report: DriftReport): string {
  if (!driftChecked(report)) return `${unmanagedText(report.unmanaged!).join("\n")}\n`;
  const lines = [driftHeadline(report)];
  for (const s of report.stacks) {
    lines.push("", `${s.stack}: ${stackSummary(s)}`);
    for (const r of s.resources) {
      if (r.drift === "deleted") {
        lines.push(`  - ${r.type} "${r.name}" (id ${r.id}): deleted out of band`);
        continue;
      }
      lines.push(`  ~ ${r.type} "${r.name}" (id ${r.id}): changed`);
      for (const p of r.properties) lines.push(`      ${propertyLine(p)}`);
    }
    for (const u of s.unchecked) lines.push(`  not checked: ${u.type} "${u.name}": ${u.reason}`);
  }
  if (report.unmanaged) lines.push("", ...unmanagedText(report.unmanaged));
  return `${lines.join("\n")}\n`;
}

/** A Markdown table cell: code-formatted, pipes escaped, never empty. */
function cell(text: string): string {
  return text === "" ? " " : `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
}

function driftMarkdown(report: DriftReport): string {
  if (!driftChecked(report)) return `${unmanagedMarkdown(report.unmanaged!).join("\n")}\n`;
  const lines = ["## Drift report", "", driftHeadline(report)];
  if (report.stacks.length > 0) {
    lines.push("", "| Stack | Result |", "|---|---|");
    for (const s of report.stacks) lines.push(`| ${s.stack} | ${stackSummary(s).replace(/\|/g, "\\|")} |`);
  }
  for (const s of report.stacks) {
    if (s.resources.length === 0 && s.unchecked.length === 0) continue;
    lines.push("", `### ${s.stack}`);
    if (s.resources.length > 0) {
      lines.push("", "| Resource | Drift | Property | Declared | Live |", "|---|---|---|---|---|");
      for (const r of s.resources) {
        const what = `${cell(r.type)} ${r.name}`;
        if (r.drift === "deleted") lines.push(`| ${what} | deleted out of band | | | |`);
        for (const p of r.properties) {
          lines.push(`| ${what} | changed | ${cell(p.name)} | ${cell(show(p.declared))} | ${cell(show(p.live))} |`);
        }
      }
    }
    for (const u of s.unchecked) lines.push("", `Not checked: ${cell(u.type)} ${u.name}: ${u.reason}.`);
  }
  if (report.unmanaged) lines.push("", ...unmanagedMarkdown(report.unmanaged));
  return `${lines.join("\n")}\n`;
}

function compareHeadline(report: CompareReport): string {
  const ignoring = report.ignored.length > 0 ? `; ignoring ${report.ignored.join(", ")}` : "";
  if (report.status === "error") return `Comparison of ${report.left} and ${report.right} failed: ${report.error ?? "unknown"}`;
  const verdict = report.status === "same" ? "same resources and declared properties" : "differ";
  return `${report.left} and ${report.right}: ${verdict} (from the stacks' state${ignoring}; secret values are not compared)`;
}

function compareText(report: CompareReport): string {
  const lines = [compareHeadline(report)];
  for (const r of report.onlyInLeft) lines.push(`  only in ${report.left}: ${r.type} "${r.name}"`);
  for (const r of report.onlyInRight) lines.push(`  only in ${report.right}: ${r.type} "${r.name}"`);
  for (const d of report.differences) {
    lines.push(`  ~ ${d.type} "${d.name}"`);
    for (const p of d.properties) lines.push(`      ${p.name}: ${report.left} ${show(p.left)}, ${report.right} ${show(p.right)}`);
  }
  return `${lines.join("\n")}\n`;
}

function compareMarkdown(report: CompareReport): string {
  const lines = [`## Environment parity: ${report.left} and ${report.right}`, "", compareHeadline(report)];
  const only = [
    ...report.onlyInLeft.map((r) => ({ ...r, stack: report.left })),
    ...report.onlyInRight.map((r) => ({ ...r, stack: report.right })),
  ];
  if (only.length > 0) {
    lines.push("", "| Resource | Only in |", "|---|---|");
    for (const r of only) lines.push(`| ${cell(r.type)} ${r.name} | ${r.stack} |`);
  }
  if (report.differences.length > 0) {
    lines.push("", `| Resource | Property | ${report.left} | ${report.right} |`, "|---|---|---|---|");
    for (const d of report.differences) {
      for (const p of d.properties) lines.push(`| ${cell(d.type)} ${d.name} | ${cell(p.name)} | ${cell(show(p.left))} | ${cell(show(p.right))} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}
