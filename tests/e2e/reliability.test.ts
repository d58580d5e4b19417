// End-to-end reliability on the real Pulumi engine against the in-process emulator: an exact twin made by someone
// else survives a failed up, a re-run and destroy untouched; a secret changed out of band shows as "[secret]" in
// refresh, preview --diff and the drift command (text, --json, --markdown) and never in clear, in output or state;
// an unreachable or hanging vendor fails an up at a time set by the configured deadline, saying what happened.
// Every case runs for both forms of resource: dynamic (`pulumi-dialpad-cinnox`, the engine's dynamic-provider
// plugin) and native (`pulumi-dialpad-cinnox/native`, the plugins pulumi-resource-dialpad/-cinnox found on PATH).
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { dialpad as dynamicDialpad } from "pulumi-dialpad-cinnox";
import { dialpad as nativeDialpad } from "pulumi-dialpad-cinnox/native";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, startEmulator, type RunningEmulator } from "../../emulator";
import { kindOfAnyType } from "../../provider/registry";
import { emulatorConfig, openStack, pathWithPlugins, provisionEngine, repoRoot, runCli as pulumiCli } from "../../scripts/engine";
import { closedPortUrl, hangingServer } from "../helpers/dead-hosts";
import { addFault, adminState, clearFaults, outOfBand } from "../helpers/emulator";
import { filesUnder } from "../helpers/files";
import { deploy, runCli, type Deployment } from "./drift-fixture";

const quiet = { color: "never" as const };
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Every file under a directory, concatenated (state backend, PULUMI_HOME, project). */
const textUnder = (dir: string): string => filesUnder(dir).map((f) => f.text).join("\n");

/** The message of an Automation API failure, with the engine's diagnostics (stderr) in it. */
const failureText = (err: unknown): string => (err instanceof Error ? `${err.message}\n${String((err as { stderr?: string }).stderr ?? "")}` : String(err));

/** A form of resource the suite runs through: the same program, declared with its classes. */
interface Form {
  name: "dynamic" | "native";
  webhook(name: string, args: { hookUrl: string; secret?: pulumi.Input<string> }): { id: pulumi.Output<string> };
  /** Native: the plugins on PATH, as a user's shell finds them. */
  plugins: boolean;
}
const FORMS: readonly Form[] = [
  { name: "dynamic", webhook: (name, args) => new dynamicDialpad.Webhook(name, args), plugins: false },
  { name: "native", webhook: (name, args) => new nativeDialpad.Webhook(name, args), plugins: true },
];

/** A stack of its own in a fresh state directory under .pulumi-state/, removed afterwards. */
async function scratchStack(form: Form, name: string, program: PulumiFn, config: Record<string, { value: string; secret?: boolean }>) {
  const stateDir = path.join(repoRoot, ".pulumi-state", `e2e-rel-${form.name}-${name}-${crypto.randomBytes(4).toString("hex")}`);
  const env = form.plugins ? { PATH: pathWithPlugins((await provisionEngine()).binDir) } : undefined;
  const stack = await openStack({ stackName: name, stateDir, workDir: path.join(stateDir, "project"), projectName: "dialpad-cinnox-reliability", program, config, env });
  return { stack, stateDir, remove: () => fs.rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 }) };
}

for (const form of FORMS) {
  describe(`e2e reliability (${form.name}): foreign twins on the real engine`, function () {
    this.timeout(300_000);
    const HOOK_URL = "https://ops.example.com/twin";
    const HOOK_SECRET = "e2e-twin-secret-1";
    let emulator: RunningEmulator;
    let scratch: Awaited<ReturnType<typeof scratchStack>>;
    let stack: Stack;

    before(async () => {
      emulator = await startEmulator({ port: 0, rateLimits: false });
      scratch = await scratchStack(
        form,
        "twins",
        async () => {
          const hook = form.webhook("ops", { hookUrl: HOOK_URL, secret: pulumi.secret(HOOK_SECRET) });
          return { webhookId: hook.id };
        },
        emulatorConfig(emulator.url),
      );
      stack = scratch.stack;
    });
    after(async () => {
      await emulator?.close();
      scratch?.remove();
    });

    const webhooks = async () => (await adminState(emulator.url)).dialpad.webhooks;

    for (const reset of ["before", "after"] as const) {
      it(`an exact twin made out of band survives a connection reset ${reset} apply, the re-run and destroy untouched`, async () => {
        await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" });
        const made = await outOfBand(emulator.url, { method: "POST", path: "/api/v2/webhooks", body: { hook_url: HOOK_URL, secret: HOOK_SECRET } });
        assert.equal(made.status, 200);
        const twin = made.body as { id: string };
        const twinPath = `/api/v2/webhooks/${twin.id}`;
        const twinBefore = (await webhooks()).find((w) => w.id === twin.id);
        const untouched = async (when: string) => {
          const s = await adminState(emulator.url);
          assert.deepEqual(s.dialpad.webhooks.find((w) => w.id === twin.id), twinBefore, `${when}: the twin is unchanged`);
          assert.ok(s.outOfBand.includes(twinPath), `${when}: the twin is still marked as someone else's`);
        };

        await addFault(emulator.url, { method: "POST", path: "/api/v2/webhooks", reset, count: 1 });
        let ours: string;
        if (reset === "before") {
          // Nothing landed; the provider cannot know: a clear error saying what to do, and nothing adopted or re-sent.
          let text = "";
          await assert.rejects(stack.up({ ...quiet, onOutput: (o) => (text += o) }), (err: unknown) => {
            text += failureText(err);
            return true;
          });
          assert.match(text, /Dialpad POST \/api\/v2\/webhooks failed: no answer/);
          assert.match(text, /may appear at the vendor later/);
          assert.match(text, /adoptId/);
          assert.ok(!text.includes(HOOK_SECRET) && !text.includes(DEFAULT_DIALPAD_API_KEY), "no secret in the output");
          assert.deepEqual((await webhooks()).map((w) => w.id), [twin.id], "the twin was not adopted, nothing else exists");
          await untouched("after the failed up");
          await clearFaults(emulator.url);
          const up = await stack.up(quiet);
          assert.equal(up.summary.resourceChanges?.create, 1);
          ours = up.outputs.webhookId!.value as string;
        } else {
          // The POST landed and its answer was lost: the provider adopts what it made, not the twin.
          const up = await stack.up(quiet);
          assert.equal(up.summary.result, "succeeded");
          ours = up.outputs.webhookId!.value as string;
        }
        assert.notEqual(ours, twin.id, "the stack holds its own webhook, not the twin");
        assert.deepEqual((await webhooks()).map((w) => w.id).sort(), [twin.id, ours].sort(), "the twin and ours: no duplicate, no orphan");
        await untouched("after up");

        const destroy = await stack.destroy(quiet);
        assert.equal(destroy.summary.result, "succeeded");
        assert.deepEqual((await webhooks()).map((w) => w.id), [twin.id], "destroy removed ours only");
        await untouched("after destroy");
      });
    }
  });

  describe(`e2e reliability (${form.name}): a secret changed out of band stays secret (refresh, preview --diff, drift, export, state)`, function () {
    this.timeout(300_000);
    const DECLARED = "e2e-declared-secret-3";
    const FOREIGN = "e2e-out-of-band-secret-8";
    let d: Deployment;
    let stack: Stack;
    const outputs: string[] = [];

    before(async () => {
      d = await deploy({
        projectName: "dialpad-cinnox-oob-secret",
        stackNames: ["sec"],
        plugins: form.plugins,
        program: async () => {
          const cfg = new pulumi.Config();
          const withSecret = form.webhook("signed", { hookUrl: "https://ops.example.com/signed", secret: cfg.requireSecret("hookSecret") });
          const plain = form.webhook("plain", { hookUrl: "https://ops.example.com/plain" });
          return { signedId: withSecret.id, plainId: plain.id };
        },
        config: () => ({ hookSecret: { value: DECLARED, secret: true } }),
      });
      stack = d.stacks.sec!;
      const out = await stack.outputs();
      for (const id of [out.signedId!.value as string, out.plainId!.value as string]) {
        const patched = await outOfBand(d.emulatorUrl, { method: "PATCH", path: `/api/v2/webhooks/${id}`, body: { secret: FOREIGN } });
        assert.equal(patched.status, 200);
      }
    });
    after(async () => {
      await d?.close();
    });

    const clear = (text: string, where: string) => {
      outputs.push(text);
      for (const [name, value] of [["declared secret", DECLARED], ["out-of-band secret", FOREIGN], ["API key", DEFAULT_DIALPAD_API_KEY], ["app token", DEFAULT_CINNOX_APP_TOKEN]]) {
        assert.ok(!text.includes(value as string), `${where} shows the ${name}`);
      }
    };

    it("drift (text, --json, --markdown) names secret as drifted on both webhooks, masked", async () => {
      const json = await runCli(["drift", "--cwd", d.projectDir, "--json"], d.env);
      assert.equal(json.code, 2, json.stderr);
      clear(json.stdout + json.stderr, "drift --json");
      const report = JSON.parse(json.stdout) as { stacks: { resources: { name: string; properties: { name: string; secret: boolean; declared?: unknown; live?: unknown }[] }[] }[] };
      const resources = report.stacks[0]!.resources;
      assert.deepEqual(resources.map((r) => r.name).sort(), ["plain", "signed"]);
      for (const r of resources) {
        assert.deepEqual(r.properties.map((p) => p.name), ["secret"], `${r.name}: only secret drifted`);
        assert.equal(r.properties[0]!.secret, true);
        assert.equal(r.properties[0]!.live, "[secret]");
      }
      const text = await runCli(["drift", "--cwd", d.projectDir], d.env);
      assert.equal(text.code, 2, text.stderr);
      clear(text.stdout + text.stderr, "drift (text)");
      assert.match(text.stdout, /secret/);
      const md = await runCli(["drift", "--cwd", d.projectDir, "--markdown"], d.env);
      assert.equal(md.code, 2, md.stderr);
      clear(md.stdout + md.stderr, "drift --markdown");
      assert.match(md.stdout, /`secret`/);
    });

    it("refresh records the change as a secret; preview --diff shows the update masked", async () => {
      let refreshText = "";
      const refresh = await stack.refresh({ ...quiet, onOutput: (o) => (refreshText += o) });
      assert.equal(refresh.summary.result, "succeeded");
      clear(refreshText, "refresh");
      let previewText = "";
      const preview = await stack.preview({ ...quiet, diff: true, onOutput: (o) => (previewText += o) });
      clear(previewText, "preview --diff");
      assert.equal(preview.changeSummary.update, 2, previewText);
      assert.match(previewText, /secret\s*: \[secret\]/);
    });

    it("pulumi stack export and every state file hold neither secret in clear", async () => {
      const exported = await pulumiCli(stack, ["stack", "export"]);
      clear(exported, "pulumi stack export");
      const resources = (JSON.parse(exported) as { deployment: { resources: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] } }).deployment.resources;
      const hooks = resources.filter((r) => kindOfAnyType(r.type) === "dialpad:Webhook");
      assert.equal(hooks.length, 2);
      for (const h of hooks) {
        // After refresh both hold the out-of-band secret, as a Pulumi secret in outputs and in the inputs read returned.
        assert.ok((h.outputs?.secret as Record<string, unknown> | undefined)?.[SECRET_SIG_KEY], `outputs.secret of ${JSON.stringify(h.outputs)} is a secret`);
        assert.ok((h.inputs?.secret as Record<string, unknown> | undefined)?.[SECRET_SIG_KEY], `inputs.secret of ${JSON.stringify(h.inputs)} is a secret`);
      }
      clear(textUnder(d.root), "a file under the state directory");
    });

    it("an up puts the declared state back and the output never shows a secret", async () => {
      let text = "";
      const up = await stack.up({ ...quiet, diff: true, onOutput: (o) => (text += o) });
      clear(text, "up --diff");
      assert.equal(up.summary.resourceChanges?.update, 2);
      const s = await adminState(d.emulatorUrl);
      const byUrl = Object.fromEntries(s.dialpad.webhooks.map((w) => [w.hook_url, w.signature?.secret]));
      assert.equal(byUrl["https://ops.example.com/signed"] === DECLARED, true, "the declared secret is back");
      assert.equal(byUrl["https://ops.example.com/plain"], undefined, "the undeclared secret was removed");
      clear(textUnder(d.root), "a file under the state directory after up");
    });
  });

  describe(`e2e reliability (${form.name}): an unreachable or hanging vendor fails an up within its deadline`, function () {
    this.timeout(300_000);
    const DEADLINE_S = 5;
    const program = async () => {
      form.webhook("ops", { hookUrl: "https://ops.example.com/unreachable", secret: pulumi.secret("e2e-unreachable-secret") });
    };

    /** Engine time an operation costs without any vendor request (a preview: check only), to subtract. */
    async function engineOverheadMs(stack: Stack): Promise<number> {
      const started = Date.now();
      await stack.preview(quiet);
      return Date.now() - started;
    }

    async function failingUp(baseUrl: string): Promise<{ ratio: number; text: string }> {
      const scratch = await scratchStack(form, "dead", program, {
        ...emulatorConfig(baseUrl),
        "dialpad:operationDeadlineSeconds": { value: String(DEADLINE_S) },
      });
      try {
        const overhead = await engineOverheadMs(scratch.stack);
        let text = "";
        const started = Date.now();
        await assert.rejects(scratch.stack.up({ ...quiet, onOutput: (o) => (text += o) }), (err: unknown) => {
          text += failureText(err);
          return true;
        });
        const ms = Date.now() - started;
        assert.ok(!text.includes("e2e-unreachable-secret") && !text.includes(DEFAULT_DIALPAD_API_KEY), "no secret in the output");
        const ratio = Math.max(0, ms - overhead) / (DEADLINE_S * 1000);
        console.log(`      up against ${baseUrl}: ${ms} ms, engine overhead ${overhead} ms, ${ratio.toFixed(2)} x the ${DEADLINE_S} s deadline`);
        return { ratio, text };
      } finally {
        scratch.remove();
      }
    }

    it("a closed port: up fails well before the deadline, naming the base URL and saying nothing was created", async () => {
      const url = await closedPortUrl();
      const { ratio, text } = await failingUp(url);
      assert.ok(text.includes(`could not reach Dialpad at ${url} (ECONNREFUSED)`), text);
      assert.match(text, /nothing was created/);
      assert.ok(ratio < 0.5, `failed at ${ratio.toFixed(2)} x the deadline (engine start subtracted)`);
    });

    it("a server that never answers: up fails at about the deadline, naming the base URL", async () => {
      const server = await hangingServer();
      try {
        const { ratio, text } = await failingUp(server.url);
        assert.ok(text.includes(`gave up waiting for Dialpad at ${server.url} after the operation deadline of ${DEADLINE_S} s`), text);
        assert.match(text, /nothing was created/);
        assert.ok(ratio > 0.8 && ratio < 2, `failed at ${ratio.toFixed(2)} x the deadline (engine start subtracted)`);
      } finally {
        await server.close();
      }
    });
  });
}
