// End-to-end: the quickstart stack through the real Pulumi CLI and engine, against the in-process emulator.
// One stack walks the whole life a user's stack goes through; each test builds on the state the previous one left.
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY, startEmulator, type RunningEmulator } from "../../emulator";
import { startReceiver, type RunningReceiver } from "../../examples/receiver";
import { quickstart } from "../../examples/quickstart/program";
import { emulatorConfig, openStack, repoRoot, runCli } from "../../scripts/engine";
import { dialpad as dialpadApi } from "../../sdk";
import { adminRequests, adminState, dialpad } from "../helpers/emulator";

const HOOK_SECRET = "e2e-hook-secret-7";
// Refused (two lines) by check: the error must name the property without showing the value.
const BAD_SECRET = "bad-line-one\nbad-line-two";
const quiet = { color: "never" as const };

type Proto = Record<string, unknown>;

describe("e2e: the quickstart stack on the real Pulumi engine", function () {
    this.timeout(240_000);

    let emulator: RunningEmulator;
    let receiver: RunningReceiver;
    let stateDir: string;
    let stack: Stack;

    const config = () => ({ ...emulatorConfig(emulator.url, { receiverUrl: receiver.url }), hookSecret: { value: HOOK_SECRET, secret: true } });
    const lastSeq = async () => (await adminRequests(emulator.url)).reduce((max, r) => Math.max(max, r.seq), 0);
    const requestsSince = async (seq: number) => (await adminRequests(emulator.url, seq)).filter((r) => r.seq > seq);
    const state = () => adminState(emulator.url);
    const resourcesOfType = async (type: string) =>
        ((await stack.exportStack()).deployment.resources as { type: string; id?: string; outputs?: Proto; inputs?: Proto }[]).filter((r) =>
            r.type.endsWith(type),
        );

    before(async () => {
        emulator = await startEmulator({ port: 0 });
        receiver = await startReceiver({ port: 0, secret: HOOK_SECRET, log: () => undefined });
        stateDir = path.join(repoRoot, ".pulumi-state", `e2e-${crypto.randomBytes(4).toString("hex")}`);
        stack = await openStack({
            stackName: "e2e",
            stateDir,
            workDir: path.join(stateDir, "project"),
            program: async () => quickstart(),
            config: config(),
        });
    });

    after(async () => {
        await receiver?.close();
        await emulator?.close();
        if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it("up creates every resource at the vendors", async () => {
        const up = await stack.up(quiet);
        assert.equal(up.summary.result, "succeeded");
        assert.equal(up.summary.resourceChanges?.create, 8);
        const s = await state();
        assert.equal(s.dialpad.webhooks.length, 1);
        assert.equal(s.dialpad.webhooks[0].hook_url, `${receiver.url}/dialpad`);
        assert.deepEqual(s.dialpad.subscriptions.call.map((c) => (c as Proto).call_states), [["hangup", "ringing"]]);
        assert.equal(s.dialpad.subscriptions.sms.length, 1);
        assert.deepEqual(s.dialpad.eventSubscriptions.sms.map((e) => (e as Proto).id), ["ops-sms"]);
        assert.equal(s.cinnox.apps["app-123"]?.enabled, true);
        assert.deepEqual(s.dialpad.subscriptions.contact.map((c) => (c as Proto).contact_type), ["shared"]);
        assert.equal(s.cinnox.subscriptions["app-123"]?.call?.enabled, true, "the app's call subscription, beside its inbound-SMS one");
        assert.equal(up.outputs.webhookId.value, s.dialpad.webhooks[0].id);
    });

    it("an immediate preview shows no changes and sends no request to the vendors", async () => {
        const seq = await lastSeq();
        const preview = await stack.preview({ ...quiet, diff: true });
        assert.deepEqual(Object.keys(preview.changeSummary).filter((k) => k !== "same"), []);
        assert.deepEqual(await requestsSince(seq), []);
    });

    it("refresh records an out-of-band change, and up restores the declared state", async () => {
        const [call] = (await state()).dialpad.subscriptions.call as Proto[];
        const patched = await dialpad(emulator.url, "PATCH", `/subscriptions/call/${String(call.id)}`, { call_states: ["all"] });
        assert.equal(patched.status, 200);

        await stack.refresh(quiet);
        const [recorded] = await resourcesOfType("dialpad:CallSubscription");
        assert.deepEqual(recorded.outputs?.callStates, ["all"]);

        const seq = await lastSeq();
        const up = await stack.up(quiet);
        assert.equal(up.summary.resourceChanges?.update, 1);
        const [restored] = (await state()).dialpad.subscriptions.call as Proto[];
        assert.deepEqual(restored.call_states, ["hangup", "ringing"]);
        assert.deepEqual((await requestsSince(seq)).map((r) => `${r.method} ${r.path}`), [`PATCH /api/v2/subscriptions/call/${String(call.id)}`]);
    });

    it("refresh drops a resource deleted out of band, and up recreates it", async () => {
        const [sms] = (await state()).dialpad.subscriptions.sms as Proto[];
        assert.equal((await dialpad(emulator.url, "DELETE", `/subscriptions/sms/${String(sms.id)}`)).status, 200);

        await stack.refresh(quiet);
        assert.deepEqual(await resourcesOfType("dialpad:SmsSubscription"), []);

        const up = await stack.up(quiet);
        assert.equal(up.summary.resourceChanges?.create, 1);
        const recreated = (await state()).dialpad.subscriptions.sms as Proto[];
        assert.equal(recreated.length, 1);
        assert.notEqual(recreated[0].id, sms.id);
    });

    it("a property change is applied in place with one request", async () => {
        await stack.setConfig("officeId", { value: "456" });
        const [call] = (await state()).dialpad.subscriptions.call as Proto[];
        const seq = await lastSeq();
        const up = await stack.up(quiet);
        assert.equal(up.summary.resourceChanges?.update, 1);
        assert.equal(up.summary.resourceChanges?.replace, undefined);
        assert.deepEqual((await requestsSince(seq)).map((r) => `${r.method} ${r.path}`), [`PATCH /api/v2/subscriptions/call/${String(call.id)}`]);
        const [after] = (await state()).dialpad.subscriptions.call as Proto[];
        assert.equal(after.id, call.id);
        assert.equal(String(after.target_id), "456");
    });

    it("a change of hookId or appId replaces the subscription", async () => {
        await stack.setAllConfig({ legacyHookId: { value: "ops-sms-2" }, cinnoxAppId: { value: "app-456" } });
        const up = await stack.up(quiet);
        // The legacy subscription, and both Cinnox subscriptions of the app (inbound SMS and calls).
        assert.equal(up.summary.resourceChanges?.replace, 3);
        const s = await state();
        assert.deepEqual(s.dialpad.eventSubscriptions.sms.map((e) => (e as Proto).id), ["ops-sms-2"]);
        assert.equal(s.cinnox.apps["app-456"]?.enabled, true);
        assert.notEqual(s.cinnox.apps["app-123"]?.enabled, true, "the old Cinnox app must not stay subscribed");
        assert.equal(s.cinnox.subscriptions["app-456"]?.call?.enabled, true);
        assert.notEqual(s.cinnox.subscriptions["app-123"]?.call?.enabled, true, "nor its call subscription");
    });

    it("pulumi stack export holds no API key, app token or webhook secret in clear text", async () => {
        const exported = await runCli(stack, ["stack", "export"]);
        assert.ok(JSON.parse(exported).deployment.resources.length >= 8);
        const onDisk = fs
            .readdirSync(stateDir, { recursive: true, withFileTypes: true })
            .filter((f) => f.isFile())
            .map((f) => fs.readFileSync(path.join(f.parentPath, f.name), "utf8"))
            .join("\n");
        for (const [name, value] of [
            ["Dialpad API key", DEFAULT_DIALPAD_API_KEY],
            ["Cinnox app token", DEFAULT_CINNOX_APP_TOKEN],
            ["webhook secret", HOOK_SECRET],
        ]) {
            assert.ok(!exported.includes(value), `${name} is in the exported state`);
            assert.ok(!onDisk.includes(value), `${name} is in a file under the state directory`);
        }
        // The secret is there, encrypted, as a secret output of the webhook.
        const [hook] = await resourcesOfType("dialpad:Webhook");
        assert.equal((hook.outputs?.secret as Proto | undefined)?.["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
    });

    it("a bad input fails at preview naming the property, and nothing is created", async () => {
        const bad = await openStack({
            stackName: "e2e-bad",
            stateDir,
            workDir: path.join(stateDir, "project"),
            program: async () => {
                new dialpadApi.Webhook("bad", { hookUrl: "ftp://ops.example.com/dialpad", secret: pulumi.secret(BAD_SECRET) });
            },
            config: config(),
        });
        const seq = await lastSeq();
        await assert.rejects(bad.preview(quiet), (err: Error) => {
            assert.match(err.message, /property hookUrl .*scheme must be http or https/);
            assert.match(err.message, /property secret /);
            assert.ok(!err.message.includes(BAD_SECRET.split("\n")[0]), `the rejected secret is shown in the error: ${err.message.split("\n").filter((l) => l.includes("secret")).join(" / ")}`);
            return true;
        });
        await assert.rejects(bad.up(quiet), /hookUrl/);
        assert.deepEqual(await requestsSince(seq), []);
        await bad.workspace.removeStack("e2e-bad", { force: true });
    });

    it("destroy leaves the emulator empty", async () => {
        const destroy = await stack.destroy(quiet);
        assert.equal(destroy.summary.result, "succeeded");
        const s = await state();
        assert.deepEqual(s.dialpad.webhooks, []);
        for (const kind of Object.keys(s.dialpad.subscriptions) as (keyof typeof s.dialpad.subscriptions)[]) {
            assert.deepEqual(s.dialpad.subscriptions[kind], [], `${kind} subscriptions left`);
        }
        assert.deepEqual(s.dialpad.eventSubscriptions.sms, []);
        assert.deepEqual(
            Object.entries(s.cinnox.apps).filter(([, app]) => app.enabled),
            [],
            "a Cinnox app is still subscribed",
        );
    });
});
