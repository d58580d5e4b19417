// For the drift and preview end-to-end tests: a copy of a project under .pulumi-state/<unique> (so the
// dynamic provider resolves this package from node_modules), its stacks on the real engine against an
// in-process emulator, and the drift command run as a real subprocess.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { startReceiver, type RunningReceiver } from "../../examples/receiver";
import { emulatorConfig, engineEnv, openStack, pathWithPlugins, provisionEngine, repoRoot } from "../../scripts/engine";

export const CLI = path.join(repoRoot, "dist", "cli", "index.js");

export interface Deployment {
  /** Holds the project copy, the file backend and PULUMI_HOME; removed by close(). */
  root: string;
  projectDir: string;
  projectName: string;
  emulatorUrl: string;
  /** The receiver answering Cinnox's URL challenge. */
  receiverUrl: string;
  /** What a user's shell would hold: PATH with pulumi, PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ... */
  env: Record<string, string>;
  binDir: string;
  stacks: Record<string, Stack>;
  /** The file backend's JSON of a stack. */
  stateFile(stack: string): string;
  close(): Promise<void>;
}

export interface DeployOptions {
  /** Directory whose files (Pulumi.yaml, Pulumi.<stack>.yaml, sources) are copied into the project; else an empty one. */
  example?: string;
  projectName: string;
  stackNames: string[];
  program: PulumiFn;
  /** Extra config per stack, on top of the credentials, the emulator's URL and the receiver's URL. */
  config?: (stack: string) => Record<string, { value: string; secret?: boolean }>;
  /** Variables on top of the file backend's environment (e.g. PULUMI_BACKEND_URL=postgres://…, PGPASSWORD); also in `env`. */
  env?: Record<string, string>;
  /** Native stacks: the provider plugins (bin/) on PATH after the engine, for the stacks and in `env`, as native.test.ts runs them. */
  plugins?: boolean;
  /** Emulator options on top of port 0 without rate limits (e.g. more Dialpad API keys for other companies). */
  emulator?: EmulatorOptions;
}

/** Copies the project, starts emulator and receiver, creates the stacks and runs `pulumi up` on each. */
export async function deploy(opts: DeployOptions): Promise<Deployment> {
  fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
  const root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", "e2e-drift-"));
  const projectDir = path.join(root, "project");
  if (opts.example) fs.cpSync(opts.example, projectDir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  else fs.mkdirSync(projectDir);
  let emulator: RunningEmulator | undefined;
  let receiver: RunningReceiver | undefined;
  const close = async () => {
    try {
      await receiver?.close();
      await emulator?.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  try {
    emulator = await startEmulator({ ...opts.emulator, port: 0, rateLimits: false });
    receiver = await startReceiver({ port: 0, log: () => undefined });
    const { binDir } = await provisionEngine();
    const env = { ...(opts.plugins ? { PATH: pathWithPlugins(binDir) } : {}), ...opts.env };
    const stacks: Record<string, Stack> = {};
    for (const stackName of opts.stackNames) {
      stacks[stackName] = await openStack({
        stackName,
        stateDir: root,
        workDir: projectDir,
        projectName: opts.projectName,
        program: opts.program,
        env,
        config: { ...emulatorConfig(emulator.url, { receiverUrl: receiver.url }), ...opts.config?.(stackName) },
      });
    }
    await Promise.all(Object.values(stacks).map((s) => s.up({ color: "never" })));
    const stateFile = (stack: string) => path.join(root, "backend", ".pulumi", "stacks", opts.projectName, `${stack}.json`);
    return {
      root, projectDir, projectName: opts.projectName, emulatorUrl: emulator.url, receiverUrl: receiver.url,
      env: { ...engineEnv(binDir, root), ...env }, binDir, stacks, stateFile, close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/index.js <args>` with `env` on top of this process's environment. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 150_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") {
          reject(new Error(`${err.message}\n${stderr}`));
          return;
        }
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      });
  });
}
