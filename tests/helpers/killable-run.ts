// A `pulumi up` or `pulumi destroy` on the real engine that a test can kill as a CI runner kills a job: the
// `pulumi` CLI runs in a process group of its own, and the engine starts each plugin (the dynamic provider and its
// node process) in a process group of its own too (Pulumi's cmdutil.RegisterProcessGroup), so the signal goes to
// every process group of the CLI's process tree: the CLI and the provider together, as when a job's container dies. The program of an `up` runs in
// this process, as the Automation API runs an inline program (`pulumi up --client`), so killing the group leaves
// the test to observe and recover, as the user would after a cancelled job.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
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
  /** Sends `signal` to every process group of the CLI's process tree (CLI, plugin, provider). */
  kill(signal: NodeJS.Signals): void;
  /** SIGKILL to every process a kill reached that still runs (a CI runner ends the job's leftovers). */
  killLeftovers(): void;
  /** Resolves once every process the kills reached has exited (false after `ms` if some still run). */
  waitGone(ms: number): Promise<boolean>;
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
  const reached = new Set<number>();
  return {
    pgid,
    output: () => output,
    kill: (signal) => {
      for (const pid of treeOf(pgid)) reached.add(pid);
      for (const group of processGroupsOf(pgid)) {
        try {
          process.kill(-group, signal);
        } catch {
          // Already gone.
        }
      }
    },
    done,
    killLeftovers: () => {
      for (const pid of reached) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Gone.
        }
      }
    },
    waitGone: async (ms) => {
      const until = Date.now() + ms;
      for (;;) {
        const alive = [...reached].filter((pid) => fs.existsSync(`/proc/${pid}`) && statOf(pid)?.state !== "Z");
        if (alive.length === 0) return true;
        if (Date.now() > until) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** /proc/<pid>/stat: the parent pid and the process group (fields 4 and 5, after the parenthesised name). */
function statOf(pid: number): { state: string; ppid: number; pgrp: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid, pgrp] = text.slice(text.lastIndexOf(")") + 1).trim().split(/\s+/);
    return { state: state ?? "", ppid: Number(ppid), pgrp: Number(pgrp) };
  } catch {
    return undefined;
  }
}

/** `root` and all its descendants (Linux /proc). */
export function treeOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    const st = Number.isInteger(pid) ? statOf(pid) : undefined;
    if (st) children.set(st.ppid, [...(children.get(st.ppid) ?? []), pid]);
  }
  const out: number[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    out.push(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The process groups of `root` and all its descendants (Linux /proc). */
export function processGroupsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  const groups = new Map<number, number>();
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const st = statOf(pid);
    if (!st) continue;
    groups.set(pid, st.pgrp);
    children.set(st.ppid, [...(children.get(st.ppid) ?? []), pid]);
  }
  const out = new Set<number>([root]);
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    const g = groups.get(pid);
    if (g !== undefined && g > 1 && pid !== root) out.add(g);
    for (const c of children.get(pid) ?? []) todo.push(c);
  }
  // Never this process's own group (the test runner).
  const own = statOf(process.pid)?.pgrp;
  return [...out].filter((g) => g !== own);
}
