#!/usr/bin/env node
// `npx pulumi-dialpad-cinnox <command>`: the package's command line: `drift`, `import`, `recover` and `move`.
import { parseArgs } from "node:util";
import { DriftOptionsSchema, runDrift } from "./drift/command";
import { reportJsonSchema } from "./drift/schema";
import { ImportOptionsSchema, runImport } from "./import/command";
import { KIND_NAMES } from "./inventory";
import { MoveOptionsSchema, runMove } from "./move/command";
import { printable } from "./printable";
import { RecoverOptionsSchema, runRecover } from "./recover/command";

const USAGE = `Usage:
  pulumi-dialpad-cinnox drift [--cwd DIR] [--stacks dev,prod] [--json | --markdown] [--pulumi DIR] [--verbose]
  pulumi-dialpad-cinnox drift --compare dev,prod [--ignore hookUrl,url] [--cwd DIR] [--json | --markdown]
  pulumi-dialpad-cinnox drift --json-schema
  pulumi-dialpad-cinnox import --out FILE.ts [--force] [--kinds webhook,call,...] [--cwd DIR] [--stack NAME] [--pulumi DIR] [--json]
  pulumi-dialpad-cinnox recover [--yes] [--cwd DIR] [--stack NAME] [--pulumi DIR] [--json]
  pulumi-dialpad-cinnox move --to native|dynamic [--yes] [--backup FILE] [--cwd DIR] [--stack NAME] [--pulumi DIR] [--json]

drift      preview-only refresh of each stack (all of the project's stacks unless --stacks): which resources
           and properties differ from the vendors' live state. Nothing is changed.
--unmanaged  also list the vendor objects (every Dialpad kind) that none of the checked stacks manages: exit 2 when
           there are some. --unmanaged-only: that list alone, without the refresh.
--compare  environment parity from two stacks' state: resources in one only, declared properties that differ.
--cwd      the Pulumi project directory (default: the current directory)
--pulumi   a directory holding the pulumi binary (default: PATH)
Backend and passphrase come from the environment: PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...
Report on stdout, progress on stderr. Exit code: 0 no drift, 2 drift (or differences, or unmanaged objects), 1 error.

import     writes a TypeScript module declaring every existing Dialpad object (webhooks, websockets, subscriptions of
           each kind, legacy event subscriptions) as a resource that adopts it, with the values Dialpad holds;
           secrets are read from the stack config (the commands to set them are printed, without values).
           Credentials: the config of the selected stack (or --stack) of the project in --cwd, else the environment.
--out      the module to write (relative to --cwd); an existing file is refused unless --force (then replaced).
--kinds    ${Object.values(KIND_NAMES).join(", ")}
           (Cinnox cannot be listed: a template is printed instead). Exit code: 0 written, 1 error.

recover    after a killed or cancelled \`pulumi up\`/\`destroy\` (run \`pulumi cancel\` first if the stack is still locked):
           resolves the stack's pending operations. Each pending create's object is found at the vendor (it matches
           what was sent, appeared after the request, per the provider's journal, and no resource holds it) and
           imported; a create that made nothing is cleared; what cannot be decided is listed with its ids and left
           alone. Pending updates and deletes are settled by a refresh. Without --yes it only prints what it would do.
           Exit code: 0 the stack has no pending operations, 2 some remain or an object was left alone (or, without
           --yes, something would be changed), 1 error.

move       moves the stack's resources of this package between the dynamic form ("pulumi-dialpad-cinnox") and the
           native one ("pulumi-dialpad-cinnox/native") by rewriting its state (pulumi stack export / stack import):
           types, URNs (names and parents kept), the default provider (added from the stack config, or the
           pulumi-nodejs one), __provider dropped or written as the installed SDK serializes it. Ids, inputs, outputs
           and encrypted secrets are kept; nothing is sent to Dialpad or Cinnox. Then change the program to the other
           form's classes and run \`pulumi preview --expect-no-changes\`. Refused, with nothing changed, when any
           resource cannot move (pending operations, an explicit native provider to dynamic, ...): each is named.
           Without --yes it only prints the plan. With --yes the state before the move is written to --backup (default
           pulumi-dialpad-cinnox-move-backup.<stack>.<time>.json in --cwd, secrets encrypted; restore it with
           \`pulumi stack import --file\`). Exit code: 0 moved or nothing to move, 2 planned (without --yes), 1 error or refused.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        cwd: { type: "string" },
        stacks: { type: "string" },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
        pulumi: { type: "string" },
        compare: { type: "string" },
        ignore: { type: "string" },
        verbose: { type: "boolean", default: false },
        unmanaged: { type: "boolean", default: false },
        "unmanaged-only": { type: "boolean", default: false },
        out: { type: "string" },
        force: { type: "boolean", default: false },
        kinds: { type: "string" },
        stack: { type: "string" },
        to: { type: "string" },
        backup: { type: "string" },
        yes: { type: "boolean", default: false },
        "json-schema": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const COMMANDS = ["drift", "import", "recover", "move"];
  if (positionals.length > 1 || (positionals.length === 1 && !COMMANDS.includes(positionals[0]!))) {
    return usageError(`unknown command: ${positionals.join(" ")}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const split = (v: string | undefined) => (v === undefined ? undefined : v.split(","));
  const io = {
    stdout: (text: string) => void process.stdout.write(text),
    stderr: (text: string) => void process.stderr.write(text),
  };
  if (positionals.length === 1 && positionals[0] === "import") {
    const only = ["cwd", "out", "force", "kinds", "stack", "pulumi", "json", "help"];
    if (values.yes) return usageError("--yes only applies to recover and move");
    const extra = Object.entries(values).filter(([k, v]) => !only.includes(k) && v !== undefined && v !== false);
    if (extra.length > 0) return usageError(`import does not take ${extra.map(([k]) => `--${k}`).join(", ")}`);
    if (values.out === undefined) return usageError("import needs --out FILE.ts");
    const options = ImportOptionsSchema.safeParse({
      out: values.out, force: values.force, kinds: split(values.kinds), cwd: values.cwd, stack: values.stack, pulumiDir: values.pulumi, json: values.json,
    });
    if (!options.success) return usageError(options.error.issues.map((i) => `--${String(i.path[0] ?? "")}: ${i.message}`).join("; "));
    return runImport(options.data, io);
  }
  if (positionals.length === 1 && positionals[0] === "recover") {
    const only = ["cwd", "stack", "pulumi", "json", "yes", "help"];
    const extra = Object.entries(values).filter(([k, v]) => !only.includes(k) && v !== undefined && v !== false);
    if (extra.length > 0) return usageError(`recover does not take ${extra.map(([k]) => `--${k}`).join(", ")}`);
    const options = RecoverOptionsSchema.safeParse({ cwd: values.cwd, stack: values.stack, pulumiDir: values.pulumi, yes: values.yes, json: values.json });
    if (!options.success) return usageError(options.error.issues.map((i) => `--${String(i.path[0] ?? "")}: ${i.message}`).join("; "));
    return runRecover(options.data, io);
  }
  if (positionals.length === 1 && positionals[0] === "move") {
    const only = ["to", "backup", "cwd", "stack", "pulumi", "json", "yes", "help"];
    const extra = Object.entries(values).filter(([k, v]) => !only.includes(k) && v !== undefined && v !== false);
    if (extra.length > 0) return usageError(`move does not take ${extra.map(([k]) => `--${k}`).join(", ")}`);
    if (values.to === undefined) return usageError("move needs --to native or --to dynamic");
    const options = MoveOptionsSchema.safeParse({
      to: values.to, backup: values.backup, cwd: values.cwd, stack: values.stack, pulumiDir: values.pulumi, yes: values.yes, json: values.json,
    });
    if (!options.success) return usageError(options.error.issues.map((i) => `--${i.path[0] === "pulumiDir" ? "pulumi" : String(i.path[0] ?? "")}: ${i.message}`).join("; "));
    return runMove(options.data, io);
  }
  for (const flag of ["to", "backup"] as const) if (values[flag] !== undefined) return usageError(`--${flag} only applies to move`);
  if (values.yes) return usageError("--yes only applies to recover and move");
  if (positionals.length !== 1 || positionals[0] !== "drift") {
    return usageError(positionals.length === 0 ? "no command given" : `unknown command: ${positionals.join(" ")}`);
  }
  for (const flag of ["out", "kinds", "stack"] as const) if (values[flag] !== undefined) return usageError(`--${flag} only applies to import`);
  if (values.force) return usageError("--force only applies to import");
  if (values["json-schema"]) {
    process.stdout.write(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (values.json && values.markdown) return usageError("--json and --markdown exclude each other");
  if (values.ignore !== undefined && values.compare === undefined) return usageError("--ignore only applies to --compare");
  if ((values.unmanaged || values["unmanaged-only"]) && values.compare !== undefined) return usageError("--unmanaged does not combine with --compare");
  const options = DriftOptionsSchema.safeParse({
    cwd: values.cwd,
    stacks: split(values.stacks),
    format: values.json ? "json" : values.markdown ? "markdown" : "text",
    pulumiDir: values.pulumi,
    compare: split(values.compare),
    ignore: split(values.ignore),
    verbose: values.verbose,
    unmanaged: values["unmanaged-only"] ? "only" : values.unmanaged ? "also" : "no",
  });
  if (!options.success) {
    const flag = (key: PropertyKey | undefined) => (key === "pulumiDir" ? "pulumi" : String(key ?? ""));
    return usageError(options.error.issues.map((i) => `--${flag(i.path[0])}: ${i.message}`).join("; "));
  }
  return runDrift(options.data, io);
}

function usageError(message: string): number {
  process.stderr.write(`pulumi-dialpad-cinnox: ${printable(message)}\n\n${USAGE}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pulumi-dialpad-cinnox: ${printable(err instanceof Error ? err.message : String(err))}\n`);
    process.exitCode = 1;
  },
);
