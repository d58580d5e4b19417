// The `unmanaged` part of the drift report: its schema (and the JSON Schema), exit codes, text and Markdown.
import assert from "node:assert/strict";
import { render } from "../../../cli/drift/render";
import { REPORT_VERSION, ReportSchema, exitCodeOf, reportJsonSchema, type DriftReport, type UnmanagedReport } from "../../../cli/drift/schema";

const unmanaged = (objects: UnmanagedReport["accounts"][number]["objects"], status: UnmanagedReport["status"] = objects.length > 0 ? "found" : "clean"): UnmanagedReport => ({
  status,
  kinds: ["dialpad:Webhook", "dialpad:CallSubscription"],
  notListed: [{ type: "cinnox:InboundSmsSubscription", reason: "Cinnox has no endpoint to list event subscriptions" }],
  accounts: [{ vendor: "dialpad", baseUrl: "https://dialpad.com", companyId: "1001", stacks: ["dev", "prod"], status, listed: 12, objects }],
});

const report = (u: UnmanagedReport, stacks: DriftReport["stacks"] = []): DriftReport => ({
  version: REPORT_VERSION, command: "drift", status: "clean", stacks, unmanaged: u,
});

const ORPHAN = { type: "dialpad:Webhook", id: "1031", label: "shadow.example.com/clickops" };

describe("cli: drift --unmanaged report", () => {
  it("validates against the schema, and the JSON Schema documents the field", () => {
    ReportSchema.parse(report(unmanaged([ORPHAN])));
    assert.match(JSON.stringify(reportJsonSchema()), /"unmanaged"/);
    assert.equal(REPORT_VERSION, 1, "a new optional field keeps the version");
  });

  it("exit code: 2 when an object is unmanaged, 1 when the listing failed, 0 otherwise, whatever the drift status", () => {
    assert.equal(exitCodeOf(report(unmanaged([]))), 0);
    assert.equal(exitCodeOf(report(unmanaged([ORPHAN]))), 2);
    assert.equal(exitCodeOf(report({ ...unmanaged([]), status: "error", error: "401" })), 1);
    assert.equal(exitCodeOf({ ...report(unmanaged([])), status: "drifted" }), 2);
  });

  it("text: alone (--unmanaged-only) without the drift headline; with the drift check after it", () => {
    const only = render(report(unmanaged([ORPHAN])), "text");
    assert.equal(only, [
      "Unmanaged: 1 of 12 Dialpad object(s) managed by no checked stack (from the stacks' state and the vendor's lists: nothing was changed; Cinnox cannot be listed)",
      "",
      "Dialpad at https://dialpad.com (company 1001), stacks dev, prod: 1 unmanaged of 12 listed",
      "  ? dialpad:Webhook 1031: shadow.example.com/clickops",
      "",
    ].join("\n"));
    const both = render(report(unmanaged([]), [{ stack: "dev", status: "clean", checked: 3, resources: [], unchecked: [] }]), "text");
    assert.match(both, /^Drift: 0 of 1 stack\(s\) drifted[^\n]*\n\ndev: no drift \(3 checked\)\n\nUnmanaged: 0 of 12 Dialpad/);
  });

  it("markdown: a table of the unmanaged objects per account", () => {
    const md = render(report(unmanaged([ORPHAN])), "markdown");
    assert.match(md, /^## Unmanaged objects\n/);
    assert.match(md, /### Dialpad at https\\:\/\/dialpad\.com \(company 1001\), stacks dev, prod\n\n\| Kind \| Id \| What \|\n\|---\|---\|---\|\n\| `dialpad:Webhook` \| `1031` \| shadow\.example\.com\/clickops \|/);
  });
});
