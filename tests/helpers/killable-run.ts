// A `pulumi up` or `pulumi destroy` on the real engine that a test can kill as a CI runner kills a job: the
// `pulumi` CLI runs in a process group of its own (with the dynamic-provider plugin and its node process, its
// children), so a signal to the group reaches the CLI and the provider together. The program of an `up` runs in
// this process, as the Automation API runs an inline program (`pulumi up --client`), so killing the group leaves
// the test to observe and recover, as the user would after a cancelled job.
import { spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import * as langrpc from "@pulumi/pulumi/proto/language_grpc_pb";

// The Automation API's own language server and channel options (not in its typings), as `stack.up` uses them.
interface LanguageServer {
  onPulumiExit(hasError: boolean): void;
}
const { LanguageServer } = require("@pulumi/pulumi/automation/server") as { LanguageServer: new (program: PulumiFn) => LanguageServer };
const { grpcChannelOptions } = require("@pulumi/pulumi/runtime") as { grpcChannelOptions: grpc.ChannelOptions };

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface KillableRun {
  /** The process group's id (the CLI's pid). */
  pgid: number;
  /** Everything the CLI printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` to the whole group (CLI, plugin, provider). */
  kill(signal: NodeJS.Signals): void;
  done: Promise<RunResult>;
}

export interface RunOptions {
  command: "up" | "destroy";
  stackName: string;
  workDir: string;
  /** PATH with pulumi, PULUMI_HOME, PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ... */
  env: Record<string, string>;
  /** The program, for `up`. */
  program?: PulumiFn;
  /** Extra CLI arguments, e.g. ["--parallel", "8"]. */
  args?: string[];
}

export async function startRun(o: RunOptions): Promise<KillableRun> {
  const args = [o.command, "--yes", "--skip-preview", "--non-interactive", "--color", "never", "--stack", o.stackName, ...(o.args ?? [])];
  let server: grpc.Server | undefined;
  let language: LanguageServer | undefined;
  if (o.command === "up") {
    if (!o.program) throw new Error("startRun: up needs a program");
    server = new grpc.Server({ ...grpcChannelOptions });
    language = new LanguageServer(o.program);
    server.addService(langrpc.LanguageRuntimeService, language as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
      server!.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    args.push(`--client=127.0.0.1:${port}`, "--exec-kind", "auto.inline");
  }
  const child = spawn("pulumi", args, {
    cwd: o.workDir,
    env: { ...process.env, ...o.env, PULUMI_SKIP_CONFIRMATIONS: "true" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (output += d.toString("utf8")));
  const done = new Promise<RunResult>((resolve) => {
    child.on("close", (code, signal) => {
      language?.onPulumiExit(code !== 0);
      server?.forceShutdown();
      resolve({ code, signal, output });
    });
  });
  if (child.pid === undefined) throw new Error("startRun: pulumi did not start");
  const pgid = child.pid;
  return {
    pgid,
    output: () => output,
    kill: (signal) => {
      try {
        process.kill(-pgid, signal);
      } catch {
        // Already gone.
      }
    },
    done,
  };
}
