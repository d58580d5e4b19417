// `npm run demo`: the emulator, the real Pulumi engine, the quickstart stack and events delivered to a receiver.
// A second run refreshes the stack against the (persisted) emulator and shows that nothing changed.
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { startReceiver, type ReceivedEvent } from "../examples/receiver";
import { quickstart } from "../examples/quickstart/program";
import { emulatorConfig, openStack, provisionEngine, repoRoot } from "./engine";

const stateDir = path.join(repoRoot, ".pulumi-state", "demo");
const emulatorPort = Number(process.env.DEMO_EMULATOR_PORT ?? 4010);
const receiverPort = Number(process.env.DEMO_RECEIVER_PORT ?? 4011);
// A fixed demo value: the emulator holds it, and Pulumi keeps it encrypted in state.
const hookSecret = process.env.DEMO_HOOK_SECRET ?? "demo-hook-secret";

const step = (text: string) => console.log(`\n==> ${text}`);

async function post(url: string, body: unknown): Promise<unknown> {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return res.json();
}

async function main(): Promise<void> {
    step("Provisioning the Pulumi engine (scripts/setup-engine.sh)");
    const engine = await provisionEngine();
    console.log(`    pulumi in ${engine.binDir}`);

    step(`Starting the Dialpad + Cinnox emulator on port ${emulatorPort} (state in .pulumi-state/demo/emulator.json)`);
    const emulator = await startEmulator({ port: emulatorPort, stateFile: path.join(stateDir, "emulator.json") });
    const received: ReceivedEvent[] = [];
    const receiver = await startReceiver({ port: receiverPort, secret: hookSecret, onEvent: (e) => void received.push(e), log: (l) => console.log(`    receiver: ${l}`) });
    console.log(`    emulator ${emulator.url}, receiver ${receiver.url}`);
    try {
        const stack = await openStack({
            stackName: "demo",
            stateDir,
            program: async () => quickstart(),
            config: { ...emulatorConfig(emulator.url, { receiverUrl: receiver.url }), hookSecret: { value: hookSecret, secret: true } },
        });
        const onOutput = (out: string) => process.stdout.write(out.replace(/^/gm, "    "));

        step("pulumi refresh (picks up anything changed or deleted at the vendors since the last run)");
        await stack.refresh({ onOutput, color: "never" });

        step("pulumi up");
        const up = await stack.up({ onOutput, color: "never" });
        console.log(`    result: ${up.summary.result}, changes: ${JSON.stringify(up.summary.resourceChanges ?? {})}`);

        step("Stack outputs");
        for (const [key, out] of Object.entries(await stack.outputs())) {
            console.log(`    ${key}: ${out.secret ? "[secret]" : JSON.stringify(out.value)}`);
        }

        step("Emulator: Dialpad places a call to office 123 (ringing), an inbound SMS arrives, Cinnox receives an SMS and a call");
        const admin = `${emulator.url}/_emulator/simulate`;
        for (const [what, body] of [
            ["dialpad/call", { state: "ringing", target_type: "office", target_id: 123 }],
            ["dialpad/sms", { direction: "inbound" }],
            ["cinnox/inbound-sms", { appId: "app-123" }],
            ["cinnox/call", { appId: "app-123" }],
        ] as const) {
            const result = (await post(`${admin}/${what}`, body)) as { deliveries: { url: string; status?: number; signed?: boolean }[] };
            for (const d of result.deliveries) {
                console.log(`    ${what} -> ${d.url} answered ${d.status ?? "no answer"}${d.signed ? " (signed HS256 JWT)" : ""}`);
            }
        }

        step(`What the receiver verified and parsed: ${received.length} event(s)`);
        for (const e of received) console.log(`    ${e.vendor} ${e.kind}`);
        console.log("\nDone. Run `npm run demo` again: the refresh and up report no changes. State: .pulumi-state/demo");
    } finally {
        await receiver.close();
        await emulator.close();
    }
}

main().catch((err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
});
