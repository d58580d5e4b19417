// The user's pipeline script: `node bin/ci.js up|refresh` runs the stack `ci` of this project through
// the Automation API against the emulator (EMULATOR_URL), with the engine from PULUMI_ROOT/bin. Prints one
// line `RESULT {json}` with what the operation reported.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { events } from "pulumi-dialpad-cinnox";
import { DEFAULT_CINNOX_APP_TOKEN, DEFAULT_DIALPAD_API_KEY } from "pulumi-dialpad-cinnox/emulator";
import { program } from "./index";

/** Answers Cinnox's URL challenge while `up` subscribes the app; Dialpad deliveries are accepted unsigned. */
async function startReceiver(port: number): Promise<{ url: string; close: () => void }> {
    const server = http.createServer(events.createHandler({
        dialpad: { path: "/dialpad", onCall: async () => undefined, onSms: async () => undefined },
        cinnox: { path: "/cinnox", onInboundSms: async () => undefined },
    }));
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function main(op: string): Promise<void> {
    const emulatorUrl = process.env.EMULATOR_URL;
    if (!emulatorUrl) throw new Error("EMULATOR_URL is not set");
    const pulumiCommand = await PulumiCommand.get({ root: process.env.PULUMI_ROOT, skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName: "ci", projectName: "packed-install-check", program: async () => program() },
        { workDir: process.cwd(), pulumiCommand, secretsProvider: "passphrase" },
    );
    const quiet = { color: "never" as const, onOutput: (text: string) => process.stderr.write(text) };
    let result: unknown;
    if (op === "up") {
        // The first up picks the receiver's port and records its URL in the stack's config; later ones reuse it.
        const configured = (await stack.getAllConfig())["packed-install-check:receiverUrl"]?.value;
        const receiver = await startReceiver(configured ? Number(new URL(configured).port) : 0);
        try {
            if (!configured) {
                await stack.setAllConfig({
                    "dialpad:apiKey": { value: DEFAULT_DIALPAD_API_KEY, secret: true },
                    "dialpad:baseUrl": { value: emulatorUrl },
                    "cinnox:appToken": { value: DEFAULT_CINNOX_APP_TOKEN, secret: true },
                    "cinnox:baseUrl": { value: emulatorUrl },
                    receiverUrl: { value: receiver.url },
                    hookSecret: { value: "packed-hook-secret-1", secret: true },
                });
            }
            const up = await stack.up(quiet);
            result = { summary: up.summary, outputs: Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value])) };
        } finally {
            receiver.close();
        }
    } else if (op === "refresh") {
        result = { summary: (await stack.refresh(quiet)).summary };
    } else {
        throw new Error(`unknown operation ${op}`);
    }
    // Where this project's requires resolve: the installed package and its peer, not a checkout of the repository.
    const resolved = { package: require.resolve("pulumi-dialpad-cinnox"), pulumi: require.resolve("@pulumi/pulumi") };
    const version = (require("@pulumi/pulumi/package.json") as { version: string }).version;
    process.stdout.write(`RESULT ${JSON.stringify({ ...(result as object), resolved, pulumiVersion: version })}\n`);
}

main(process.argv[2] ?? "").catch((err: unknown) => {
    process.stderr.write(`ci: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
});
