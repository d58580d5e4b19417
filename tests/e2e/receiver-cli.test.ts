// The example receiver as a user runs it (`npx tsx examples/receiver/index.ts`, configured by PORT and
// DIALPAD_WEBHOOK_SECRET): it starts, logs one line per delivered event, never the secret, and stops on SIGTERM.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { DEFAULT_DIALPAD_API_KEY } from "../../emulator";
import { simulate, withEmulator } from "../helpers/emulator";

const SECRET = "dp-cli-secret-01";
const ROOT = path.resolve(__dirname, "../..");

/** Resolves with the first stdout line matching `pattern`, or rejects after `ms`. */
function waitForLine(output: { text: string }, child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.text.match(pattern);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        resolve(match);
      }
    };
    const timer = setTimeout(() => {
      child.stdout?.off("data", check);
      reject(new Error(`no line matching ${pattern} within ${ms} ms; output so far:\n${output.text}`));
    }, ms);
    child.stdout?.on("data", check);
    check();
  });
}

describe("e2e: example receiver run from the command line", () => {
  const emulator = withEmulator();
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  });

  it("logs a one-line summary of a signed call event and exits cleanly on SIGTERM", async () => {
    const stdout = { text: "" };
    let stderr = "";
    child = spawn(process.execPath, ["--import", "tsx", "examples/receiver/index.ts"], {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", DIALPAD_WEBHOOK_SECRET: SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout.text += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

    const [, dialpadUrl] = await waitForLine(stdout, child, /Dialpad (http:\/\/\S+\/dialpad) \(signed deliveries only\)/, 15000);
    const res = await fetch(`${emulator.url}/api/v2/webhooks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${DEFAULT_DIALPAD_API_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ hook_url: dialpadUrl, secret: SECRET }),
    });
    const hook = (await res.json()) as { id: string };
    const sub = await fetch(`${emulator.url}/api/v2/subscriptions/call`, {
      method: "POST",
      headers: { Authorization: `Bearer ${DEFAULT_DIALPAD_API_KEY}`, "Content-Type": "application/json" },
      body: JSON.stringify({ webhook_id: hook.id, call_states: ["ringing"] }),
    });
    assert.equal(sub.status, 200);

    const call = await simulate(emulator.url, "dialpad/call", { state: "ringing" });
    assert.deepEqual(call.deliveries.map((d) => d.status), [200]);
    await waitForLine(stdout, child, new RegExp(`^dialpad call ${String(call.event.call_id)} ringing inbound`, "m"), 5000);

    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0, stderr);
    assert.ok(!stdout.text.includes(SECRET) && !stderr.includes(SECRET), "the secret is never printed");
  });
});
