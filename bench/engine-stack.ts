// The scale stack shared by tests/e2e/scale.test.ts and bench/engine-scale.ts: one Dialpad webhook and N
// subscriptions on it, run on the real Pulumi engine against an in-process emulator, with what each phase sent.
// The SDK comes from the built package (dist/), as users get it, so `__provider` is what their state holds.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type LoggedRequest, type RunningEmulator } from "../emulator";
import { emulatorConfig, openStack, provisionEngine, repoRoot } from "../scripts/engine";
import { dialpad } from "pulumi-dialpad-cinnox";
import { sampleRss, type PeakRss } from "./proc-rss";

/** Dialpad allows at most 100 subscriptions of one type per company (api-facts.md); the rest of N go to the legacy API. */
export const SUBSCRIPTIONS_PER_TYPE = 100;

export interface ScaleMix {
  call: number;
  sms: number;
  /** Legacy `/event-subscriptions/sms` subscriptions: the only kind without a per-company quota. */
  legacy: number;
}

/** N subscriptions as one company can hold them: call and SMS in turn up to their quotas, then legacy SMS. */
export function scaleMix(n: number): ScaleMix {
  const call = Math.min(SUBSCRIPTIONS_PER_TYPE, Math.ceil(Math.min(n, 2 * SUBSCRIPTIONS_PER_TYPE) / 2));
  const sms = Math.min(SUBSCRIPTIONS_PER_TYPE, n - call);
  return { call, sms, legacy: n - call - sms };
}

/** The classes the scale program declares: the dynamic SDK's, or the native SDK's (same names and inputs). */
type ScaleClasses = Pick<typeof dialpad, "Webhook" | "CallSubscription" | "SmsSubscription" | "LegacySmsEventSubscription">;

/**
 * The program: webhook "hook" and the subscriptions of `mix`, each for its own office. Config `variant`
 * "b" changes one property of every subscription (call states, SMS direction), so an update touches all N.
 * `classes` picks the form: the dynamic resources by default.
 */
export function scaleProgram(mix: ScaleMix, classes: () => ScaleClasses = () => dialpad): () => Promise<void> {
  return async () => {
    const sdk = classes();
    const variantB = new pulumi.Config().get("variant") === "b";
    const hook = new sdk.Webhook("hook", { hookUrl: "https://ops.example.com/dialpad" });
    const pad = (i: number) => String(i).padStart(3, "0");
    for (let i = 0; i < mix.call; i++) {
      new sdk.CallSubscription(`call-${pad(i)}`, {
        webhookId: hook.id,
        callStates: variantB ? ["ringing", "hangup"] : ["ringing"],
        targetType: "office",
        targetId: 1000 + i,
      });
    }
    for (let i = 0; i < mix.sms; i++) {
      new sdk.SmsSubscription(`sms-${pad(i)}`, {
        webhookId: hook.id,
        direction: variantB ? "all" : "inbound",
        targetType: "office",
        targetId: 1000 + i,
      });
    }
    for (let i = 0; i < mix.legacy; i++) {
      new sdk.LegacySmsEventSubscription(`legacy-${pad(i)}`, {
        hookId: `scale-sms-${pad(i)}`,
        url: "https://ops.example.com/sms",
        direction: variantB ? "all" : "inbound",
        targetType: "office",
        targetId: 2000 + i,
      });
    }
  };
}

/**
 * The native SDK's classes (`pulumi-dialpad-cinnox/native`; the plugins on PATH), loaded at call time so that this
 * file also runs in an older tree without it (the bench's `old` variant). Their inputs are the dynamic ones.
 */
const nativeClasses = (): ScaleClasses =>
  (require("pulumi-dialpad-cinnox/native") as typeof import("pulumi-dialpad-cinnox/native")).dialpad as unknown as ScaleClasses;

/** The resources of the scale program in an export: dynamic (`pulumi-nodejs:dynamic/…`) or native (`dialpad:index:…`). */
const isScaleResource = (type: string): boolean => type.startsWith("pulumi-nodejs:dynamic/") || type.startsWith("dialpad:index:");

/**
 * A dynamic provider that returns at once and sends nothing: the engine's own floor. Only create and update:
 * for the methods a dynamic provider leaves out, the dynamic-provider server answers itself (check passes
 * the inputs, diff leaves the comparison to the engine, read returns the recorded state, delete succeeds),
 * over the same gRPC calls. Kept short so a pad brings `__provider` to the size under test; only `update`
 * refers to `pad`, so the serialized provider holds it once.
 */
export function noopProvider(pad: string): pulumi.dynamic.ResourceProvider {
  return {
    create: (outs) => Promise.resolve({ id: Math.random().toString(36).slice(2), outs }),
    update: (_i, _o, outs) => Promise.resolve({ outs: pad ? outs : outs }),
  };
}

/** Bytes of `__provider` that noopProvider(pad) serializes to, as the dynamic Resource stores it. */
export async function noopProviderBytes(pad: string): Promise<number> {
  // pulumi.dynamic.Resource stores serializeFunction(() => provider).text.
  const provider = noopProvider(pad);
  return Buffer.byteLength((await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text);
}

/** The pad that makes noopProvider's `__provider` `bytes` long (or as near as a non-negative pad gets). */
export async function noopPadFor(bytes: number): Promise<string> {
  const base = await noopProviderBytes("");
  return "x".repeat(Math.max(0, bytes - base));
}

/**
 * The scale program's shape on no-op resources: the same names, dependency on the webhook, inputs (defaults
 * written out, as check fills them in for the real kinds) and outputs equal to the inputs.
 */
export function noopProgram(mix: ScaleMix, pad: string): () => Promise<void> {
  return async () => {
    const provider = noopProvider(pad);
    const variantB = new pulumi.Config().get("variant") === "b";
    class Noop extends pulumi.dynamic.Resource {}
    const res = (type: string, name: string, props: Record<string, unknown>) => new Noop(provider, name, props, undefined, "noop", type);
    const hook = res("Webhook", "hook", { hookUrl: "https://ops.example.com/dialpad", secret: undefined, adoptId: undefined });
    const pad3 = (i: number) => String(i).padStart(3, "0");
    for (let i = 0; i < mix.call; i++) {
      res("CallSubscription", `call-${pad3(i)}`, {
        webhookId: hook.id,
        callStates: variantB ? ["hangup", "ringing"] : ["ringing"],
        enabled: true,
        groupCallsOnly: false,
        targetType: "office",
        targetId: String(1000 + i),
      });
    }
    for (let i = 0; i < mix.sms; i++) {
      res("SmsSubscription", `sms-${pad3(i)}`, {
        webhookId: hook.id,
        direction: variantB ? "all" : "inbound",
        enabled: true,
        includeInternal: false,
        status: false,
        targetType: "office",
        targetId: String(1000 + i),
      });
    }
    for (let i = 0; i < mix.legacy; i++) {
      res("LegacySmsEventSubscription", `legacy-${pad3(i)}`, {
        hookId: `scale-sms-${pad3(i)}`,
        url: "https://ops.example.com/sms",
        enabled: true,
        direction: variantB ? "all" : "inbound",
        targetType: "office",
        targetId: String(2000 + i),
      });
    }
  };
}

/** "POST /api/v2/subscriptions/call/{id}" style key of a logged request. */
export function operationOf(r: Pick<LoggedRequest, "method" | "path">): string {
  const route = r.path.replace(/^(\/api\/v2\/(?:webhooks|websockets|subscriptions\/[a-z_]+|event-subscriptions\/[a-z]+))\/[^/]+$/, "$1/{id}");
  return `${r.method} ${route}`;
}

export interface PhaseResult<T> {
  result: T;
  wallMs: number;
  /** Every vendor request the phase sent, in order. */
  requests: LoggedRequest[];
  /** From the first request the emulator received to the last (0 when fewer than two). */
  spanMs: number;
  /** From the start of the phase to the first request, and from the last request to the end (0 without requests). */
  leadMs: number;
  tailMs: number;
  /** Requests per operation and status, e.g. { "PATCH /api/v2/subscriptions/call/{id} 200": 100 }. */
  byOperation: Record<string, number>;
  rateLimited: number;
  /** Peak RSS of the CLI and the provider process during the phase (Linux /proc; zeros elsewhere). */
  rss: PeakRss;
}

/** Bytes per dynamic resource in `pulumi stack export`, split by where they sit. */
export interface StateBreakdown {
  resources: number;
  /** The whole resource entry as JSON, on average. */
  entry: number;
  /** `__provider` (counted once; it is stored in inputs and in outputs). */
  provider: number;
  /** Inputs and outputs without `__provider`, on average. */
  inputs: number;
  outputs: number;
  /** Output properties whose value equals the input of the same name, as JSON bytes of key and value. */
  outputsEqualToInputs: number;
}

export interface ScaleStack {
  readonly emulator: RunningEmulator;
  readonly stack: Stack;
  readonly mix: ScaleMix;
  readonly stateDir: string;
  /** Runs one engine operation and collects the vendor requests it caused (the request log is cleared first). */
  phase<T>(run: (stack: Stack) => Promise<T>): Promise<PhaseResult<T>>;
  /** Bytes of the stack's state file in the file backend. */
  stateFileBytes(): number;
  /** Bytes of `__provider` of each dynamic resource in `pulumi stack export`. */
  providerBytes(): Promise<number[]>;
  /** Where each dynamic resource's state bytes go. */
  stateBreakdown(): Promise<StateBreakdown>;
  /** What the emulator holds for company 1001 (dumps from `/_emulator/state`). */
  vendorState(): Promise<{ webhooks: unknown[]; call: unknown[]; sms: unknown[]; legacy: unknown[] }>;
  /** Closes the emulator and removes the stack's state directory. */
  close(): Promise<void>;
}

async function admin<T>(url: string, method: string, route: string): Promise<T> {
  const res = await fetch(`${url}/_emulator${route}`, { method });
  if (!res.ok) throw new Error(`emulator admin ${method} ${route} answered ${res.status}`);
  return (await res.json()) as T;
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Starts an emulator with Dialpad's real rate limits and opens a fresh stack "scale" of `n` subscriptions
 * (plus the webhook) in `.pulumi-state/scale-<random>/`, which `close()` removes.
 */
export async function openScaleStack(n: number, opts: { rateLimits?: boolean; noopPad?: string; native?: boolean } = {}): Promise<ScaleStack> {
  const mix = scaleMix(n);
  const emulator = await startEmulator({ port: 0, rateLimits: opts.rateLimits ?? true });
  const stateDir = path.join(repoRoot, ".pulumi-state", `scale-${crypto.randomBytes(4).toString("hex")}`);
  const stackName = "scale";
  let stack: Stack;
  try {
    stack = await openStack({
      stackName,
      stateDir,
      workDir: path.join(stateDir, "project"),
      projectName: "dialpad-cinnox-scale",
      program: opts.native ? scaleProgram(mix, nativeClasses) : opts.noopPad === undefined ? scaleProgram(mix) : noopProgram(mix, opts.noopPad),
      config: emulatorConfig(emulator.url, { variant: "a" }),
      // The native plugins, as a user's PATH finds them (`bin/`), after the engine's own directory.
      ...(opts.native ? { env: { PATH: [(await provisionEngine()).binDir, path.join(repoRoot, "bin"), process.env.PATH ?? ""].join(path.delimiter) } } : {}),
    });
  } catch (err) {
    await emulator.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }

  return {
    emulator,
    stack,
    mix,
    stateDir,
    async phase(run) {
      await admin(emulator.url, "DELETE", "/requests");
      const sampler = sampleRss();
      const started = Date.now();
      let result: Awaited<ReturnType<typeof run>>;
      let rss: PeakRss;
      try {
        result = await run(stack);
      } finally {
        rss = sampler.stop();
      }
      const ended = Date.now();
      const wallMs = ended - started;
      const requests = (await admin<{ requests: LoggedRequest[] }>(emulator.url, "GET", "/requests")).requests;
      const byOperation: Record<string, number> = {};
      for (const r of requests) {
        const key = `${operationOf(r)} ${r.status}`;
        byOperation[key] = (byOperation[key] ?? 0) + 1;
      }
      const times = requests.map((r) => Date.parse(r.time));
      const first = Math.min(...times);
      const last = Math.max(...times);
      const spanMs = times.length < 2 ? 0 : last - first;
      const leadMs = times.length === 0 ? 0 : first - started;
      const tailMs = times.length === 0 ? 0 : ended - last;
      return { result, wallMs, requests, spanMs, leadMs, tailMs, byOperation, rateLimited: requests.filter((r) => r.status === 429).length, rss };
    },
    stateFileBytes() {
      const file = findFile(path.join(stateDir, "backend"), `${stackName}.json`);
      if (!file) throw new Error(`no state file for stack ${stackName} under ${stateDir}`);
      return fs.statSync(file).size;
    },
    async providerBytes() {
      const resources = (await stack.exportStack()).deployment.resources as { type: string; inputs?: Record<string, unknown> }[];
      return resources
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
        .map((r) => Buffer.byteLength(String(r.inputs?.__provider ?? "")));
    },
    async stateBreakdown() {
      type R = { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
      const all = (await stack.exportStack()).deployment.resources as R[];
      const dyn = all.filter((r) => isScaleResource(r.type));
      const len = (v: unknown) => Buffer.byteLength(JSON.stringify(v ?? {}));
      const without = (o: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== "__provider"));
      const sum = (f: (r: R) => number) => Math.round(dyn.reduce((a, r) => a + f(r), 0) / Math.max(1, dyn.length));
      return {
        resources: dyn.length,
        entry: sum(len),
        provider: sum((r) => Buffer.byteLength(String(r.inputs?.__provider ?? ""))),
        inputs: sum((r) => len(without(r.inputs))),
        outputs: sum((r) => len(without(r.outputs))),
        outputsEqualToInputs: sum((r) =>
          Object.entries(without(r.outputs))
            .filter(([k, v]) => r.inputs && JSON.stringify(r.inputs[k]) === JSON.stringify(v))
            .reduce((a, [k, v]) => a + len({ [k]: v }) - 2, 0),
        ),
      };
    },
    async vendorState() {
      type Dump = { dialpad: { webhooks: unknown[]; subscriptions: Record<string, unknown[]>; eventSubscriptions: Record<string, unknown[]> } };
      const s = await admin<Dump>(emulator.url, "GET", "/state");
      return { webhooks: s.dialpad.webhooks, call: s.dialpad.subscriptions.call, sms: s.dialpad.subscriptions.sms, legacy: s.dialpad.eventSubscriptions.sms };
    },
    async close() {
      await emulator.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
