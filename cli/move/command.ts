// `pulumi-dialpad-cinnox move --to native|dynamic`: moves a stack's resources of this package between the dynamic
// and the native form by rewriting the state (`pulumi stack export`, rewrite.ts, `pulumi stack import`), the way
// Pulumi documents repairing a stack. No vendor call: the objects stay where they are with their ids; the user then
// edits the program to the other form's classes, and `pulumi preview --expect-no-changes` passes. An alias cannot do
// this (another provider package is a replacement: DELETE + POST at the vendor) and `pulumi import` cannot read
// dynamic resources (pulumi/pulumi#3550). Without --yes it prints the plan and changes nothing. With --yes it writes
// the state as exported (secrets encrypted) to a backup file, then imports the rewritten one.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { z } from "zod";
import type { ResourceKind } from "../../provider/registry";
import { printable } from "../printable";
import { reasonOf, withSelectedStack, type Io } from "../workspace";
import { defaultProviderName, kindOfDynamicType, kindOfNativeType, rewriteForMove, type Deployment, type Form, type MoveStep, type ProviderEntry, type Refusal, type Vendor } from "./rewrite";

export const MoveOptionsSchema = z.object({
  to: z.enum(["native", "dynamic"]),
  cwd: z.string().default("."),
  /** The stack to move; the selected one when absent. */
  stack: z.string().trim().min(1).optional(),
  pulumiDir: z.string().optional(),
  /** Where the backup of the state before the move goes (default: in --cwd, named after the stack and the time). */
  backup: z.string().min(1).optional(),
  /** Apply the move; without it, only print the plan. */
  yes: z.boolean().default(false),
  json: z.boolean().default(false),
});
export type MoveOptions = z.infer<typeof MoveOptionsSchema>;

export interface MoveReport {
  stack: string;
  to: Form;
  applied: boolean;
  status: "moved" | "planned" | "nothing" | "refused" | "error";
  steps: MoveStep[];
  refused: Refusal[];
  backup?: string;
  error?: string;
}

/** A config value as the engine writes it into a provider's state: a secret as a plaintext secret (stack import encrypts it). */
const stateValue = (value: string, secret: boolean | undefined): unknown =>
  secret ? { [specialSigKey]: specialSecretSig, plaintext: JSON.stringify(value) } : value;

/** This package's version: the native SDK asks for its provider at it (the default provider's name holds it). */
function packageVersion(): string {
  return (require("../../provider/native/plugin") as typeof import("../../provider/native/plugin")).packageVersion();
}

/**
 * The default provider's state as the engine writes it: the stack config of the vendor's namespace (GetPackageConfig,
 * secure values secret), checked by the provider's CheckConfig (credentials always secret), plus the version the SDK
 * asked for; its outputs are those inputs without `version`. A secret goes to `stack import` as plaintext on its stdin (never a
 * file): the CLI encrypts it with the stack's secrets provider, as it does any secret it saves.
 */
export function providerEntry(vendor: Vendor, config: Record<string, { value: string; secret?: boolean }>, version: string): ProviderEntry {
  const { isCredential } = require("../../provider/native/schema") as typeof import("../../provider/native/schema");
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort()) {
    const m = /^([^:]+):(.+)$/.exec(key);
    if (!m || m[1] !== vendor) continue;
    const { value, secret } = config[key]!;
    inputs[m[2]!] = stateValue(value, secret || isCredential(vendor, m[2]!));
  }
  // The engine's provider Create answers the inputs without the engine's own keys (FilterProviderConfig).
  const outputs = structuredClone(inputs);
  inputs.version = version;
  return { inputs, outputs };
}

/**
 * The default `pulumi:providers:pulumi-nodejs` provider's state as the engine writes it: a dynamic provider is given
 * the whole stack config, each key with its namespace, secure values secret (Target.GetPackageConfig); the dynamic
 * provider has no CheckConfig, so its outputs are those inputs. The dynamic resources read their settings from it
 * (Configure), in a destroy too.
 */
export function nodejsProviderEntry(config: Record<string, { value: string; secret?: boolean }>): ProviderEntry {
  const inputs: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort()) {
    const { value, secret } = config[key]!;
    inputs[key] = stateValue(value, secret);
  }
  return { inputs, outputs: structuredClone(inputs) };
}

/** The `__provider` text the current SDK writes for `kind`: Pulumi's own closure serializer, as `dynamic.Resource` calls it. */
export async function serializedProvider(kind: ResourceKind): Promise<string> {
  const { thinProvider } = require("../../sdk/thin-provider") as typeof import("../../sdk/thin-provider");
  const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure") as typeof import("@pulumi/pulumi/runtime/closure/serializeClosure");
  // The closure @pulumi/pulumi's dynamic serializeProvider hands the serializer, `() => provider` (its text and the
  // captured name are part of the output), built from source so that no compiler of ours reformats it.
  const closure = new Function("provider", "return () => provider;") as (p: unknown) => () => unknown;
  const sf = await serializeFunction(closure(thinProvider(kind)), { allowSecrets: true });
  if (sf.containsSecrets) throw new Error(`the serialized provider of ${kind} captured a secret`);
  return sf.text;
}

interface Cli {
  run(args: string[], stdin?: string): Promise<string>;
}

function cliOf(ws: LocalWorkspace, stack: Stack): Cli {
  return {
    run: (args, stdin) =>
      new Promise((resolve, reject) => {
        const child = spawn(ws.pulumiCommand.command, [...args, "--stack", stack.name, "--non-interactive"], {
          cwd: ws.workDir, env: { ...process.env, ...ws.envVars }, stdio: ["pipe", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
        child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
        child.on("error", reject);
        child.on("close", (code) => {
          if (code === 0) resolve(out);
          else {
            const lines = err.split("\n").filter((l) => /error:/.test(l)).map((l) => l.trim());
            reject(new Error(`pulumi ${args.slice(0, 2).join(" ")} failed: ${lines.join("; ") || err.trim().slice(0, 500)}`));
          }
        });
        child.stdin.end(stdin ?? "");
      }),
  };
}

export async function runMove(options: MoveOptions, io: Io): Promise<0 | 1 | 2> {
  const progress = (line: string) => io.stderr(`move: ${line}\n`);
  let report: MoveReport;
  try {
    report = await withSelectedStack(options, (ws, stack) => moveStack(ws, stack, options, progress));
  } catch (err) {
    report = { stack: options.stack ?? "", to: options.to, applied: false, status: "error", steps: [], refused: [], error: reasonOf(err) };
  }
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : render(report));
  return report.status === "moved" || report.status === "nothing" ? 0 : report.status === "planned" ? 2 : 1;
}

async function moveStack(ws: LocalWorkspace, stack: Stack, options: MoveOptions, progress: (l: string) => void): Promise<MoveReport> {
  const cli = cliOf(ws, stack);
  const base = { stack: stack.name, to: options.to };
  // Without --show-secrets: every secret stays the ciphertext the stack holds.
  const exportedText = await cli.run(["stack", "export"]);
  const exported = JSON.parse(exportedText) as { version: number; deployment: Deployment };
  const version = packageVersion();
  const resources = exported.deployment.resources ?? [];
  let nativeProviders: Partial<Record<Vendor, ProviderEntry>> | undefined;
  let nodejsProvider: ProviderEntry | undefined;
  const serializedProviders: Partial<Record<ResourceKind, string>> = {};
  if (options.to === "native") {
    const vendors = new Set(resources.map((r) => kindOfDynamicType(r.type)?.split(":")[0]).filter((v): v is Vendor => v !== undefined));
    const missing = [...vendors].filter((v) => !resources.some((r) => r.urn.endsWith(`::pulumi:providers:${v}::${defaultProviderName(version)}`)));
    if (missing.length > 0) {
      const config = await stack.getAllConfig();
      nativeProviders = Object.fromEntries(missing.map((v) => [v, providerEntry(v, config, version)]));
    }
  } else {
    for (const kind of new Set(resources.map((r) => kindOfNativeType(r.type)).filter((k): k is ResourceKind => k !== undefined))) {
      serializedProviders[kind] = await serializedProvider(kind);
    }
    if (!resources.some((r) => r.urn.endsWith(`::pulumi:providers:pulumi-nodejs::${defaultProviderName()}`))) {
      nodejsProvider = nodejsProviderEntry(await stack.getAllConfig());
    }
  }
  const result = rewriteForMove({
    deployment: exported.deployment, to: options.to, nativeVersion: version, nativeProviders, nodejsProvider, serializedProviders,
    newProviderId: () => crypto.randomUUID(),
  });
  if (result.refused.length > 0) return { ...base, applied: false, status: "refused", steps: [], refused: result.refused };
  if (!result.steps.some((s) => s.action === "move")) return { ...base, applied: false, status: "nothing", steps: [], refused: [] };
  if (!options.yes) return { ...base, applied: false, status: "planned", steps: result.steps, refused: [] };

  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const backup = path.resolve(options.cwd, options.backup ?? `pulumi-dialpad-cinnox-move-backup.${stack.name.replace(/[^A-Za-z0-9_.-]/g, "_")}.${stamp}.json`);
  if (fs.existsSync(backup)) throw new Error(`--backup ${backup} exists: not overwritten`);
  fs.writeFileSync(backup, exportedText, { mode: 0o600, flag: "wx" });
  progress(`the state before the move is in ${backup} (secrets encrypted); to undo: pulumi stack import --stack ${stack.name} --file ${backup}`);
  // On stdin, not a file: the new provider's credentials are plaintext until the CLI encrypts them.
  await cli.run(["stack", "import"], JSON.stringify({ ...exported, deployment: result.deployment }));
  progress(`${stack.name}: ${result.steps.filter((s) => s.action === "move").length} resource(s) moved to the ${options.to} form`);
  return { ...base, applied: true, status: "moved", steps: result.steps, refused: [], backup };
}

const short = (urn: string): string => urn.split("::").slice(2).join("::");

export function render(r: MoveReport): string {
  const lines: string[] = [];
  const head = r.stack ? `stack ${r.stack}, to the ${r.to} form` : `to the ${r.to} form`;
  if (r.status === "error") return `${printable(`move: ${head}: ${r.error ?? "failed"}`)}\n`;
  if (r.status === "refused") {
    lines.push(`move: ${head}: refused, nothing changed. These resources cannot be moved:`);
    for (const x of r.refused) lines.push(`  ${short(x.urn)}: ${x.reason}`);
    return `${lines.map(printable).join("\n")}\n`;
  }
  if (r.status === "nothing") return `${printable(`move: ${head}: nothing to move (no resource of this package in the other form)`)}\n`;
  lines.push(`move: ${head}: ${r.applied ? "done" : "plan (nothing changed; run again with --yes to apply)"}`);
  for (const s of r.steps) {
    const id = s.id !== undefined ? ` (id ${s.id})` : "";
    if (s.action === "move") lines.push(`  move      ${short(s.from)}${id} -> ${short(s.to)}`);
    else if (s.action === "rename") lines.push(`  rename    ${short(s.from)} -> ${short(s.to)} (its parent moved)`);
    else if (s.action === "add-provider") lines.push(`  add       ${short(s.from)} (the default provider, from the stack config)`);
    else lines.push(`  drop      ${short(s.from)} (no resource uses it any more)`);
  }
  lines.push("No request is sent to Dialpad or Cinnox: ids, inputs, outputs and secrets (encrypted) are kept.");
  if (r.applied) {
    lines.push(`Backup of the state before the move: ${r.backup ?? ""}`);
    lines.push(`  to undo: pulumi stack import --stack ${r.stack} --file ${r.backup ?? ""}`);
  }
  const form = r.to === "native" ? 'the classes of "pulumi-dialpad-cinnox/native"' : 'the classes of "pulumi-dialpad-cinnox"';
  lines.push(`${r.applied ? "Next" : "After the move"}: change the program to ${form} (same names, parents and options), then run`);
  lines.push(`  pulumi preview --expect-no-changes --stack ${r.stack}`);
  return `${lines.map(printable).join("\n")}\n`;
}
