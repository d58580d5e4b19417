// A runnable receiver for Dialpad and Cinnox deliveries: verifies, parses and logs one line per event.
// Run: PORT=8080 DIALPAD_WEBHOOK_SECRET=... npx tsx examples/receiver/index.ts  (see README.md)
import http from "node:http";
import type { AddressInfo } from "node:net";
// In your own project: import { events } from "pulumi-dialpad-cinnox";
import * as events from "../../sdk/events";

/** Everything the receiver accepts, as one union so a single callback can observe all of it. */
export type ReceivedEvent =
  | { vendor: "dialpad"; kind: "call"; event: events.dialpad.CallEvent }
  | { vendor: "dialpad"; kind: "sms"; event: events.dialpad.SmsEvent }
  | { vendor: "cinnox"; kind: "inbound_sms"; event: events.cinnox.InboundSms };

export interface ReceiverOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The Dialpad webhook's secret; without it, only unsigned (plain JSON) deliveries are accepted. */
  secret?: string;
  /** Called after an event was verified, parsed and logged; the sender gets 200 once it resolves. */
  onEvent?: (received: ReceivedEvent) => void | Promise<void>;
  /** Where the one-line summaries go. Default: console.log. */
  log?: (line: string) => void;
}

export interface RunningReceiver {
  url: string;
  port: number;
  /** Dialpad deliveries go to `${url}${DIALPAD_PATH}`, Cinnox ones to `${url}${CINNOX_PATH}`. */
  close(): Promise<void>;
}

export const DIALPAD_PATH = "/dialpad";
export const CINNOX_PATH = "/cinnox";

/** One line per event: ids, state or direction, numbers and the text length (not the text, nor any secret). */
export function summarize(received: ReceivedEvent): string {
  switch (received.kind) {
    case "call": {
      const e = received.event;
      return `dialpad call ${e.call_id} ${e.state} ${e.direction ?? "?"} ${e.external_number ?? "?"} <-> ${e.internal_number ?? "?"}`;
    }
    case "sms": {
      const e = received.event;
      return `dialpad sms ${e.id} ${e.direction ?? "?"} ${e.from_number} -> ${e.to_number.join(",")} (${(e.text ?? "").length} chars)`;
    }
    case "inbound_sms": {
      const e = received.event;
      return `cinnox inbound_sms ${e.id} ${e.senderNumber} -> ${e.recipientNumber} at ${e.receiveTime} (${e.content.length} chars)`;
    }
  }
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<RunningReceiver> {
  const log = options.log ?? ((line: string) => console.log(line));
  const accept = async (received: ReceivedEvent): Promise<void> => {
    log(summarize(received));
    await options.onEvent?.(received);
  };
  const handler = events.createHandler({
    dialpad: {
      path: DIALPAD_PATH,
      secret: options.secret,
      onCall: (event) => accept({ vendor: "dialpad", kind: "call", event }),
      onSms: (event) => accept({ vendor: "dialpad", kind: "sms", event }),
    },
    cinnox: { path: CINNOX_PATH, onInboundSms: (event) => accept({ vendor: "cinnox", kind: "inbound_sms", event }) },
    onError: (error, info) => log(`${info.vendor ?? "receiver"} ${info.kind} callback failed: ${error instanceof Error ? error.message : String(error)}`),
  });

  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function main(): Promise<void> {
  // An empty variable means "not set": a blank secret would be refused by createHandler anyway.
  const secret = process.env.DIALPAD_WEBHOOK_SECRET || undefined;
  const receiver = await startReceiver({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? "127.0.0.1", secret });
  console.log(
    `receiver listening: Dialpad ${receiver.url}${DIALPAD_PATH} (${secret ? "signed deliveries only" : "unsigned deliveries, no secret set"}), ` +
      `Cinnox ${receiver.url}${CINNOX_PATH}`,
  );
  const stop = () => void receiver.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`receiver failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
