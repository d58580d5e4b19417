// End-to-end: a Go program of the native providers (tests/e2e/go-program/main.go) with the Go SDK generated from the
// schema (native/go), through the Go Automation API (inline program) and the real engine, the plugins on PATH.
// It creates, updates, refreshes and destroys a webhook and a call subscription at one company and, through an
// explicit provider with its own key, a webhook at a second company. Counted at the vendor after each phase.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_DIALPAD_API_KEY, DEFAULT_DIALPAD_COMPANY_ID, startEmulator, type RunningEmulator } from "../../emulator";
import { provisionEngine, repoRoot } from "../../scripts/engine";
import { filesUnder } from "../helpers/files";
import { adminRequests, vendorRequest } from "../helpers/emulator";

const SECOND_KEY = "dp-go-second-key-4004";
const HOOK_SECRET = "go-program-hook-secret-77";
const PROGRAM_DIR = path.join(__dirname, "go-program");

interface PhaseResult {
  phase: string;
  changes: Record<string, number>;
  outputs?: Record<string, unknown>;
}

describe("e2e: a Go program with the generated Go SDK (Go Automation API, inline program, native plugins)", function () {
  this.timeout(900_000);
  let root: string;
  let exe: string;
  let emulator: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  const printed: string[] = [];

  const run = async (phase: string): Promise<PhaseResult> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(exe, [phase], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      printed.push(stdout, stderr);
      return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as PhaseResult;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      printed.push(e.stdout ?? "", e.stderr ?? "");
      assert.fail(`go-program ${phase} failed:\n${e.stderr ?? ""}${e.stdout ?? ""}`);
    }
  };
  const list = async (key: string, what: string) => {
    const res = await vendorRequest(emulator.url, "GET", `/api/v2/${what}`, { token: key });
    assert.equal(res.status, 200);
    return (res.body as { items?: Record<string, unknown>[] }).items ?? [];
  };
  const lastSeq = async () => (await adminRequests(emulator.url)).reduce((m, r) => Math.max(m, r.seq), 0);

  before(async () => {
    assert.ok(fs.existsSync(path.join(repoRoot, "dist", "provider", "native", "plugin.js")), "npm run build first: the plugins run dist/");
    const { binDir } = await provisionEngine();
    fs.mkdirSync(path.join(repoRoot, ".pulumi-state"), { recursive: true });
    root = fs.mkdtempSync(path.join(repoRoot, ".pulumi-state", "e2e-go-"));
    for (const d of ["project", "backend", "home"]) fs.mkdirSync(path.join(root, d));
    exe = path.join(root, "go-program");
    // The module points at native/go with a replace directive, as a user's module would before it is published.
    execFileSync("go", ["build", "-o", exe, "."], {
      cwd: PROGRAM_DIR, stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly", GONOSUMDB: "github.com/pulumi/pulumi" },
    });
    emulator = await startEmulator({
      port: 0, rateLimits: false,
      dialpadApiKeys: { [DEFAULT_DIALPAD_API_KEY]: { companyId: DEFAULT_DIALPAD_COMPANY_ID }, [SECOND_KEY]: { companyId: "4004" } },
    });
    env = {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${path.join(repoRoot, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BIN_DIR: binDir,
      STATE_DIR: root,
      EMULATOR_URL: emulator.url,
      DIALPAD_API_KEY: DEFAULT_DIALPAD_API_KEY,
      SECOND_API_KEY: SECOND_KEY,
      HOOK_SECRET,
    };
  });

  after(async () => {
    await emulator?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  });

  it("up creates the webhook and the call subscription at the first company and the second webhook at the second", async () => {
    const r = await run("up");
    assert.equal(r.changes.create, 5, JSON.stringify(r.changes)); // the stack, 3 resources and the explicit provider
    const hooks = await list(DEFAULT_DIALPAD_API_KEY, "webhooks");
    assert.deepEqual(hooks.map((h) => h.hook_url), ["https://ops.example.com/dialpad"]);
    assert.equal(String(hooks[0]?.id), r.outputs?.hookId);
    const calls = await list(DEFAULT_DIALPAD_API_KEY, "subscriptions/call");
    assert.deepEqual(calls.map((c) => c.call_states), [["ringing"]]);
    assert.deepEqual((await list(SECOND_KEY, "webhooks")).map((h) => h.hook_url), ["https://second.example.com/dialpad"]);
  });

  it("a preview of a changed program names one update and sends no write", async () => {
    const seq = await lastSeq();
    const r = await run("preview");
    assert.equal(r.changes.update, 1, JSON.stringify(r.changes));
    assert.deepEqual((await adminRequests(emulator.url, seq)).filter((q) => q.method !== "GET"), []);
  });

  it("up of the changed program updates the call subscription in place", async () => {
    const before = (await list(DEFAULT_DIALPAD_API_KEY, "subscriptions/call"))[0]?.id;
    const r = await run("update");
    assert.equal(r.changes.update, 1, JSON.stringify(r.changes));
    const calls = await list(DEFAULT_DIALPAD_API_KEY, "subscriptions/call");
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.id, before);
    assert.deepEqual([...(calls[0]?.call_states as string[])].sort(), ["hangup", "ringing"]);
  });

  it("refresh reads an out-of-band change into the state with GETs only", async () => {
    const id = String((await list(DEFAULT_DIALPAD_API_KEY, "webhooks"))[0]?.id);
    const edit = await vendorRequest(emulator.url, "PATCH", `/api/v2/webhooks/${id}`, { body: { hook_url: "https://moved.example.com/dialpad" } });
    assert.equal(edit.status, 200, JSON.stringify(edit.body));
    const seq = await lastSeq();
    const r = await run("refresh");
    assert.equal(r.changes.update, 1, JSON.stringify(r.changes));
    assert.deepEqual((await adminRequests(emulator.url, seq)).filter((q) => q.method !== "GET"), []);
  });

  it("destroy deletes every object at both companies", async () => {
    const r = await run("destroy");
    assert.equal(r.changes.delete, 5, JSON.stringify(r.changes));
    assert.deepEqual(await list(DEFAULT_DIALPAD_API_KEY, "webhooks"), []);
    assert.deepEqual(await list(DEFAULT_DIALPAD_API_KEY, "subscriptions/call"), []);
    assert.deepEqual(await list(SECOND_KEY, "webhooks"), []);
  });

  it("no secret in what the program printed or in the state files", () => {
    const all = printed.join("\n");
    for (const s of [HOOK_SECRET, SECOND_KEY, DEFAULT_DIALPAD_API_KEY]) assert.ok(!all.includes(s), "a secret in the program's output");
    const files = filesUnder(path.join(root, "backend"));
    assert.ok(files.length > 0);
    for (const f of files) for (const s of [HOOK_SECRET, SECOND_KEY, DEFAULT_DIALPAD_API_KEY]) assert.ok(!f.text.includes(s), `a secret in ${path.relative(root, f.file)}`);
  });
});
