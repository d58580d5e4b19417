#!/usr/bin/env node
// `pulumi-dialpad-cinnox-emulator --port N [--host H] [--state-file F] [--no-rate-limits] [--challenge-timeout-ms N]`
import { parseArgs } from "node:util";
import { DEFAULT_DIALPAD_COMPANY_ID, startEmulator } from "./index";

const USAGE = `Usage: pulumi-dialpad-cinnox-emulator [--port 4010] [--host 127.0.0.1] [--state-file FILE] [--no-rate-limits]
                                      [--challenge-timeout-ms 5000]
Serves the Dialpad API at <url>/api/v2 and the Cinnox API at <url>/v1/api; admin API at <url>/_emulator.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      "state-file": { type: "string" },
      "no-rate-limits": { type: "boolean", default: false },
      "challenge-timeout-ms": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const timeout = values["challenge-timeout-ms"] === undefined ? undefined : Number(values["challenge-timeout-ms"]);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new Error("--challenge-timeout-ms must be a positive integer");
  const emulator = await startEmulator({
    port,
    host: values.host,
    stateFile: values["state-file"],
    rateLimits: !values["no-rate-limits"],
    challengeTimeoutMs: timeout,
  });
  console.log(`pulumi-dialpad-cinnox-emulator listening on ${emulator.url}`);
  // Keys are named, never printed: logs stay free of credentials even when they are the public demo ones.
  console.log(`  Dialpad: ${emulator.url}/api/v2 (default API key of company ${DEFAULT_DIALPAD_COMPANY_ID}: see README, Emulator)`);
  console.log(`  Cinnox:  ${emulator.url}/v1/api/apps/{appID}/<event>-event-sub (default app token: see README, Emulator)`);
  console.log(`  state:   ${values["state-file"] ?? "in memory"}; rate limits ${values["no-rate-limits"] ? "off" : "on"}`);
  const stop = (): void => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(`pulumi-dialpad-cinnox-emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
