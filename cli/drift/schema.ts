// The reports `pulumi-dialpad-cinnox drift` prints with --json: zod schemas are the single source of their
// types, of the JSON Schema printed by `drift --json-schema`, and of the validation in the tests.
import { z } from "zod";

/** Bumped when a field changes meaning or disappears; new optional fields keep the version. */
export const REPORT_VERSION = 1 as const;

/** What a secret value shows as, everywhere in a report. */
export const SECRET_MASK = "[secret]";

const json = z.json();

const ResourceRef = {
  urn: z.string().describe("The resource's URN."),
  type: z.string().describe(
    'Short type, e.g. "dialpad:CallSubscription": the same for the dynamic ("pulumi-nodejs:dynamic/dialpad:CallSubscription") and the native ("dialpad:index:CallSubscription") form.',
  ),
  name: z.string().describe("Logical name in the program."),
};

export const PropertyDriftSchema = z.object({
  name: z.string().describe("Property name as the program declares it (camelCase)."),
  declared: json.optional().describe("Value recorded by the last `pulumi up`; absent when not set. Secrets are \"[secret]\"."),
  live: json.optional().describe("Value the vendor holds now; absent when not set. Secrets are \"[secret]\"."),
  secret: z.boolean().describe("True when either value is secret (then both show as \"[secret]\" and only the fact that it changed is known)."),
});

export const ResourceDriftSchema = z.object({
  ...ResourceRef,
  id: z.string().describe("The vendor's id of the object."),
  drift: z.enum(["changed", "deleted"]).describe("changed: properties differ from the live object; deleted: the object is gone (deleted out of band)."),
  properties: z.array(PropertyDriftSchema).describe("The properties that differ (empty for deleted)."),
});

export const UncheckedResourceSchema = z.object({
  ...ResourceRef,
  reason: z.string().describe("Why the live state cannot be compared (e.g. the vendor has no read endpoint)."),
});

export const StackDriftSchema = z.object({
  stack: z.string(),
  status: z.enum(["clean", "drifted", "error"]),
  error: z.string().optional().describe("Why the stack could not be checked (status error only)."),
  checked: z.number().int().nonnegative().describe("Resources whose live state was read and compared."),
  resources: z.array(ResourceDriftSchema).describe("Resources that drifted; empty when clean."),
  unchecked: z.array(UncheckedResourceSchema).describe("Resources refresh cannot see (never reported as drifted)."),
});

export const UnmanagedObjectSchema = z.object({
  type: z.string().describe('The kind, e.g. "dialpad:Webhook".'),
  id: z.string().describe("The vendor's id (a legacy event subscription's hook id)."),
  label: z.string().describe("What it is, without secrets: URL host and path, the webhook or websocket it delivers to, its target."),
});

export const UnmanagedAccountSchema = z.object({
  vendor: z.literal("dialpad"),
  baseUrl: z.string().describe("The API listed."),
  companyId: z.string().optional().describe("The company Dialpad answers for the stacks' credentials (GET /api/v2/company); absent when that read failed (the stacks are then grouped by API key)."),
  stacks: z.array(z.string()).describe(
    "The checked stacks whose config credentials (dialpad:apiKey, ...: dynamic resources and native ones under the default provider) act for this account: an object any of them (or of `providers`) manages is managed.",
  ),
  providers: z.array(z.object({ stack: z.string(), name: z.string() })).optional().describe(
    "Explicit native Dialpad providers (new dialpad.Provider(...)) of the checked stacks whose recorded settings act for this account; absent when none.",
  ),
  status: z.enum(["clean", "found", "error"]),
  error: z.string().optional(),
  listed: z.number().int().nonnegative().describe("Objects the vendor holds, of the listed kinds."),
  objects: z.array(UnmanagedObjectSchema).describe("Objects no checked stack manages, by kind then id."),
});

export const UnmanagedReportSchema = z.object({
  status: z.enum(["clean", "found", "error"]).describe("error if any account could not be listed or a stack's state read, else found if any object is unmanaged."),
  error: z.string().optional(),
  kinds: z.array(z.string()).describe("The kinds listed (every kind the vendor can list)."),
  notListed: z.array(z.object({ type: z.string(), reason: z.string() })).describe("Kinds the vendor cannot list (Cinnox): never reported."),
  accounts: z.array(UnmanagedAccountSchema),
});

export const DriftReportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  command: z.literal("drift"),
  status: z.enum(["clean", "drifted", "error"]).describe("error if any stack failed, else drifted if any drifted, else clean. Unmanaged objects have their own status (unmanaged.status)."),
  error: z.string().optional().describe("Why the run failed before any stack was checked (no project, no pulumi, unknown stack)."),
  stacks: z.array(StackDriftSchema).describe("Empty with --unmanaged-only (no refresh)."),
  unmanaged: UnmanagedReportSchema.optional().describe("With --unmanaged or --unmanaged-only: vendor objects no checked stack manages."),
});

export const PropertyDifferenceSchema = z.object({
  name: z.string(),
  left: json.optional().describe("Value in the first stack of --compare; absent when not set."),
  right: json.optional().describe("Value in the second stack; absent when not set."),
});

export const ResourceDifferenceSchema = z.object({
  type: z.string(),
  name: z.string(),
  properties: z.array(PropertyDifferenceSchema),
});

export const CompareReportSchema = z.object({
  version: z.literal(REPORT_VERSION),
  command: z.literal("compare"),
  status: z.enum(["same", "different", "error"]),
  error: z.string().optional(),
  left: z.string().describe("First stack."),
  right: z.string().describe("Second stack."),
  ignored: z.array(z.string()).describe("Properties left out of the comparison (--ignore)."),
  onlyInLeft: z.array(z.object({ type: z.string(), name: z.string() })).describe("Resources (by type and logical name) only in the first stack."),
  onlyInRight: z.array(z.object({ type: z.string(), name: z.string() })).describe("Resources only in the second stack."),
  differences: z.array(ResourceDifferenceSchema).describe("Resources in both stacks whose declared properties differ."),
});

/** Everything `--json` can print: one report, told apart by `command`. */
export const ReportSchema = z.discriminatedUnion("command", [DriftReportSchema, CompareReportSchema]);

export type PropertyDrift = z.infer<typeof PropertyDriftSchema>;
export type ResourceDrift = z.infer<typeof ResourceDriftSchema>;
export type UncheckedResource = z.infer<typeof UncheckedResourceSchema>;
export type StackDrift = z.infer<typeof StackDriftSchema>;
export type DriftReport = z.infer<typeof DriftReportSchema>;
export type UnmanagedReport = z.infer<typeof UnmanagedReportSchema>;
export type UnmanagedAccount = z.infer<typeof UnmanagedAccountSchema>;
export type PropertyDifference = z.infer<typeof PropertyDifferenceSchema>;
export type ResourceDifference = z.infer<typeof ResourceDifferenceSchema>;
export type CompareReport = z.infer<typeof CompareReportSchema>;
export type Report = z.infer<typeof ReportSchema>;

/** The JSON Schema (draft 2020-12) of `--json` output, for CI jobs that validate it without zod. */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReportSchema) as Record<string, unknown>;
}

/** Exit codes: 0 nothing to report, 2 drift, differences or unmanaged objects, 1 error (with the reason on stderr and in the report). */
export function exitCodeOf(report: Report): 0 | 1 | 2 {
  const unmanaged = report.command === "drift" ? report.unmanaged?.status : undefined;
  if (report.status === "error" || unmanaged === "error") return 1;
  return report.status === "drifted" || report.status === "different" || unmanaged === "found" ? 2 : 0;
}

/** Who acts for an account, as reports and progress lines name it: "stacks dev, prod; providers sandbox (stack ops)". */
export function membersText(a: Pick<UnmanagedAccount, "stacks" | "providers">, esc: (text: string) => string): string {
  const parts: string[] = [];
  if (a.stacks.length > 0) parts.push(`stacks ${a.stacks.map(esc).join(", ")}`);
  const providers = a.providers ?? [];
  if (providers.length > 0) parts.push(`${providers.length === 1 ? "provider" : "providers"} ${providers.map((p) => `${esc(p.name)} (stack ${esc(p.stack)})`).join(", ")}`);
  return parts.join("; ");
}
