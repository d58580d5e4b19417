#!/usr/bin/env node
// `npx pulumi-dialpad-cinnox <command>`: the package's command line. One command so far, `drift`.
import { parseArgs } from "node:util";
import { DriftOptionsSchema, runDrift } from "./drift/command";
import { reportJsonSchema } from "./drift/schema";

const USAGE = `Usage:
  pulumi-dialpad-cinnox drift [--cwd DIR] [--stacks dev,prod] [--json | --markdown] [--pulumi DIR] [--verbose]
  pulumi-dialpad-cinnox drift --compare dev,prod [--ignore hookUrl,url] [--cwd DIR] [--json | --markdown]
  pulumi-dialpad-cinnox drift --json-schema

drift      preview-only refresh of each stack (all of the project's stacks unless --stacks): which resources
           and properties differ from the vendors' live state. Nothing is changed.
--compare  environment parity from two stacks' state: resources in one only, declared properties that differ.
--cwd      the Pulumi project directory (default: the current directory)
--pulumi   a directory holding the pulumi binary (default: PATH)
Backend and passphrase come from the environment: PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...
Report on stdout, progress on stderr. Exit code: 0 no drift, 2 drift (or differences), 1 error.`;

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
        "json-schema": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "drift") {
    return usageError(positionals.length === 0 ? "no command given" : `unknown command: ${positionals.join(" ")}`);
  }
  if (values["json-schema"]) {
    process.stdout.write(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (values.json && values.markdown) return usageError("--json and --markdown exclude each other");
  if (values.ignore !== undefined && values.compare === undefined) return usageError("--ignore only applies to --compare");
  const split = (v: string | undefined) => (v === undefined ? undefined : v.split(","));
  const options = DriftOptionsSchema.safeParse({
    cwd: values.cwd,
    stacks: split(values.stacks),
    format: values.json ? "json" : values.markdown ? "markdown" : "text",
    pulumiDir: values.pulumi,
    compare: split(values.compare),
    ignore: split(values.ignore),
    verbose: values.verbose,
  });
  if (!options.success) {
    const flag = (key: PropertyKey | undefined) => (key === "pulumiDir" ? "pulumi" : String(key ?? ""));
    return usageError(options.error.issues.map((i) => `--${flag(i.path[0])}: ${i.message}`).join("; "));
  }
  return runDrift(options.data, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

function usageError(message: string): number {
  process.stderr.write(`pulumi-dialpad-cinnox: ${message}\n\n${USAGE}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pulumi-dialpad-cinnox: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
