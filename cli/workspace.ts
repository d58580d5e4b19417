// Opens the user's Pulumi project through the Automation API, as `pulumi` itself would from that directory:
// the CLI from --pulumi or PATH, the backend and passphrase from the environment (PULUMI_BACKEND_URL, ...).
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";

export interface ProjectOptions {
  /** The project directory (holding Pulumi.yaml). */
  cwd: string;
  /** A directory holding the `pulumi` binary (and its plugins), searched before PATH. */
  pulumiDir?: string;
}

/**
 * The project's workspace. No program is given: refresh and `stack export` only need the state and the
 * stack's config, so this works without the project's language host and without running the program.
 */
export async function openProject(opts: ProjectOptions): Promise<LocalWorkspace> {
  const workDir = path.resolve(opts.cwd);
  if (!["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(workDir, f)))) {
    throw new Error(`no Pulumi.yaml in ${workDir} (run in the project directory or pass --cwd DIR)`);
  }
  if (opts.pulumiDir !== undefined) {
    const dir = path.resolve(opts.pulumiDir);
    if (!fs.existsSync(path.join(dir, "pulumi"))) throw new Error(`--pulumi ${opts.pulumiDir}: no pulumi binary in ${dir}`);
    // PATH rather than PulumiCommand's `root`: the engine also finds its plugins (the dynamic provider) there.
    process.env.PATH = `${dir}${path.delimiter}${process.env.PATH ?? ""}`;
  }
  let pulumiCommand: PulumiCommand;
  try {
    pulumiCommand = await PulumiCommand.get();
  } catch (err) {
    throw new Error(`cannot run the pulumi CLI (install Pulumi or pass --pulumi DIR): ${reasonOf(err)}`, { cause: err });
  }
  return LocalWorkspace.create({
    workDir,
    pulumiCommand,
    // A CI environment often sets PULUMI_SKIP_CONFIRMATIONS, which implies --yes; the CLI refuses
    // --yes together with the --preview-only our refresh uses.
    envVars: { PULUMI_SKIP_CONFIRMATIONS: "false" },
  });
}

/** The project's stacks in the backend, by name. */
export async function listStackNames(ws: LocalWorkspace): Promise<string[]> {
  return (await ws.listStacks()).map((s) => s.name);
}

/**
 * Selects each named stack (failing on the first that does not exist), runs `work` on them, then puts back
 * the stack that was selected before, so a drift run leaves the user's `pulumi stack select` as it was.
 */
export async function withStacks<T>(ws: LocalWorkspace, names: readonly string[], work: (stacks: Stack[]) => Promise<T>): Promise<T> {
  const previous = (await ws.stack().catch(() => undefined))?.name;
  try {
    const stacks: Stack[] = [];
    // One after the other: `stack select` writes the workspace's settings file.
    for (const name of names) stacks.push(await Stack.select(name, ws));
    return await work(stacks);
  } finally {
    if (previous !== undefined && !names.every((n) => n === previous)) await ws.selectStack(previous).catch(() => undefined);
  }
}

/** A one-line reason for a failed Pulumi command or any other error: the CLI's `error:` lines, without stack traces. */
export function reasonOf(err: unknown): string {
  if (err instanceof CommandError) {
    const text = err.message;
    const lines = text.split("\n").filter((l) => /^\s*error:/.test(l)).map((l) => l.trim().replace(/^error:\s*/, ""));
    if (lines.length > 0) return [...new Set(lines)].join("; ");
    return firstLines(text);
  }
  return err instanceof Error ? firstLines(err.message) : String(err);
}

/** The message without stack-trace lines, on one line. */
export function firstLines(text: string): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^at\s/.test(l))
    .join(" ")
    .slice(0, 2000);
}

/**
 * Runs `work` on one stack of the project in `cwd`: `stack` when given, else the selected one (an error saying how to
 * choose when none is), selected for the work and the previous selection put back after (withStacks).
 */
export async function withSelectedStack<T>(
  options: { cwd: string; pulumiDir?: string; stack?: string },
  work: (ws: LocalWorkspace, stack: Stack) => Promise<T>,
): Promise<T> {
  const ws = await openProject({ cwd: options.cwd, pulumiDir: options.pulumiDir });
  const name = options.stack ?? (await ws.stack().catch(() => undefined))?.name;
  if (name === undefined) throw new Error("no stack selected (pass --stack NAME or run `pulumi stack select`)");
  return withStacks(ws, [name], ([stack]) => work(ws, stack!));
}

/**
 * A value of `stack.exportStack()` (`pulumi stack export --show-secrets`) with each decrypted secret,
 * `{ <sig>: <secret sig>, plaintext: "<JSON>" }`, replaced by its value; a secret still encrypted becomes undefined.
 */
export function plainSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plainSecrets);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (specialSigKey in o) {
      if (typeof o.plaintext === "string") return plainSecrets(JSON.parse(o.plaintext) as unknown);
      return "value" in o ? plainSecrets(o.value) : undefined;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plainSecrets(x)]));
  }
  return v;
}

/** A provider reference of the state, `<provider URN>::<provider id>`, split at its last `::`. */
export function parseProviderRef(ref: string): { urn: string; id: string } {
  const at = ref.lastIndexOf("::");
  return at < 0 ? { urn: ref, id: "" } : { urn: ref.slice(0, at), id: ref.slice(at + 2) };
}

/** Whether a provider's URN names a default provider: Pulumi's rule (providers.IsDefaultProvider), a name starting "default". */
export function isDefaultProviderUrn(urn: string): boolean {
  return urn.split("::").slice(3).join("::").startsWith("default");
}

/** Where a command writes: its report (stdout) and its progress and errors (stderr). */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
