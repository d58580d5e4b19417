// Peak resident memory of the engine's processes while a phase runs: the `pulumi` CLI and the dynamic-provider
// server (the node child of pulumi-resource-pulumi-nodejs). Linux only: walks /proc for descendants of this
// process every `intervalMs` and keeps each one's VmHWM (the kernel's own high-water mark of its RSS), so a
// peak between two samples is still seen as long as the process lives until the next sample.
import * as fs from "node:fs";

export interface PeakRss {
  /** Highest VmHWM of any `pulumi` process, in KiB (0 when none was seen or /proc is unavailable). */
  cliKiB: number;
  /** Highest VmHWM of any dynamic-provider server process, in KiB. */
  providerKiB: number;
  /** This process (the Automation API host: the program and the in-process emulator), VmHWM at stop, in KiB. */
  hostKiB: number;
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function hwmKiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? "");
  return m ? Number(m[1]) : 0;
}

/** pid -> parent pid of every process (stat's 4th field, after the command name in parentheses). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const stat = read(`/proc/${e}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.set(Number(e), Number(fields[1]));
  }
  return out;
}

function descendants(root: number): number[] {
  const ppid = parents();
  const children = new Map<number, number[]>();
  for (const [pid, parent] of ppid) {
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const c of children.get(stack.pop() as number) ?? []) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/** Starts sampling; `stop()` takes a last sample and returns the peaks. */
export function sampleRss(intervalMs = 200): { stop(): PeakRss } {
  const peak: PeakRss = { cliKiB: 0, providerKiB: 0, hostKiB: 0 };
  const sample = () => {
    for (const pid of descendants(process.pid)) {
      const comm = (read(`/proc/${pid}/comm`) ?? "").trim();
      if (comm === "pulumi") {
        peak.cliKiB = Math.max(peak.cliKiB, hwmKiB(pid));
      } else if (comm === "node" && (read(`/proc/${pid}/cmdline`) ?? "").includes("dynamic-provider")) {
        peak.providerKiB = Math.max(peak.providerKiB, hwmKiB(pid));
      }
    }
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      peak.hostKiB = hwmKiB(process.pid);
      return peak;
    },
  };
}
