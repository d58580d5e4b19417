// Runs Pulumi programs on the real engine, offline: used by the demo, the end-to-end tests and benchmarks.
// The CLI comes from scripts/setup-engine.sh; programs run through the Automation API.
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, Stack, type ConfigMap, type PulumiFn } from "@pulumi/pulumi/automation";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY } from "../emulator";

export const repoRoot = path.resolve(__dirname, "..");

/** The native provider plugins, `pulumi-resource-dialpad` and `pulumi-resource-cinnox` (they run dist/). */
export const PLUGIN_DIR = path.join(repoRoot, "bin");

/** PATH as a user's shell holds it for native stacks: the engine, then the plugins (`PLUGIN_DIR`), then the rest. */
export function pathWithPlugins(binDir: string): string {
    return [binDir, PLUGIN_DIR, process.env.PATH ?? ""].join(path.delimiter);
}

export interface Engine {
    /** Directory holding `pulumi` (and the dynamic-provider plugin). */
    binDir: string;
    command: PulumiCommand;
}

let engine: Promise<Engine> | undefined;

/** Provisions the engine once per process (build or cache hit) and returns where it is. */
export function provisionEngine(): Promise<Engine> {
    engine ??= (async () => {
        const out = execFileSync("bash", [path.join(repoRoot, "scripts", "setup-engine.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        });
        const binDir = out.trim().split("\n").pop() ?? "";
        if (!fs.existsSync(path.join(binDir, "pulumi"))) {
            throw new Error(`setup-engine.sh did not provide pulumi (got "${binDir}")`);
        }
        const command = await PulumiCommand.get({ root: path.dirname(binDir), skipVersionCheck: true });
        return { binDir, command };
    })();
    return engine;
}

/** Environment for fully offline engine runs against a file backend in `stateDir`. */
export function engineEnv(binDir: string, stateDir: string): Record<string, string> {
    fs.mkdirSync(path.join(stateDir, "backend"), { recursive: true });
    fs.mkdirSync(path.join(stateDir, "home"), { recursive: true });
    return {
        PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: path.join(stateDir, "home"),
        PULUMI_BACKEND_URL: `file://${path.join(stateDir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    };
}

/**
 * Stack config pointing both vendors at an emulator with its demo credentials (kept as secrets), plus
 * plain project keys, e.g. { receiverUrl: "http://…" }.
 */
export function emulatorConfig(emulatorUrl: string, extra: Record<string, string> = {}): ConfigMap {
    return {
        "dialpad:apiKey": { value: DEFAULT_DIALPAD_API_KEY, secret: true },
        "dialpad:baseUrl": { value: emulatorUrl },
        "cinnox:appToken": { value: DEFAULT_CINNOX_APP_TOKEN, secret: true },
        "cinnox:baseUrl": { value: emulatorUrl },
        ...Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, { value }])),
    };
}

export interface OpenStackOptions {
    stackName: string;
    /** Directory holding the stack's state backend and PULUMI_HOME. */
    stateDir: string;
    /** The program; runs in this process through the Automation API's language server. */
    program: PulumiFn;
    /** Project directory (Pulumi.yaml and Pulumi.<stack>.yaml); the dynamic provider runs here. */
    workDir?: string;
    projectName?: string;
    config?: ConfigMap;
    /** Variables on top of engineEnv's, e.g. another PULUMI_BACKEND_URL (postgres://…) and PGPASSWORD. */
    env?: Record<string, string>;
}

/**
 * Selects or creates a stack whose program runs in-process (the Automation API's own Node.js language
 * server), so no `pulumi-language-nodejs` is needed; the CLI, the engine, the state backend and the
 * dynamic-provider plugin are the real ones.
 */
export async function openStack(opts: OpenStackOptions): Promise<Stack> {
    const { binDir, command } = await provisionEngine();
    const workDir = opts.workDir ?? repoRoot;
    const envVars = { ...engineEnv(binDir, opts.stateDir), ...opts.env };
    fs.mkdirSync(workDir, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: opts.stackName, projectName: opts.projectName ?? "dialpad-cinnox-demo", program: opts.program },
        { workDir, envVars, pulumiCommand: command, pulumiHome: envVars.PULUMI_HOME, secretsProvider: "passphrase" },
    );
    if (opts.config) await stack.setAllConfig(opts.config);
    return stack;
}

/**
 * Runs the `pulumi` CLI itself in the stack's project with the stack's environment, e.g. `stack export`
 * (the Automation API's exportStack adds --show-secrets; this shows what a user's command prints).
 */
export async function runCli(stack: Stack, args: string[]): Promise<string> {
    const { command } = await provisionEngine();
    const ws = stack.workspace as LocalWorkspace;
    const { stdout } = await promisify(execFile)(command.command, [...args, "--stack", stack.name, "--non-interactive"], {
        cwd: ws.workDir,
        env: { ...process.env, ...ws.envVars },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
}
