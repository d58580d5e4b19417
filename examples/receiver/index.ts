// A runnable receiver for Dialpad and Cinnox deliveries: verifies, parses and logs one line per event.
// Run: PORT=8080 DIALPAD_WEBHOOK_SECRET=... npx tsx examples/receiver/index.ts  (see README.md)
// During a secret rotation, DIALPAD_WEBHOOK_NEXT_SECRET=<the new one> as well: either verifies.
import http from "node:http";
import type { AddressInfo } from "node:net";
// In your own project: import { events } from "pulumi-dialpad-cinnox";
import * as events from "../../sdk/events";

/** Everything the receiver accepts, as one union so a single callback can observe all of it. */
export type ReceivedEvent =
  | { vendor: "dialpad"; kind: "call"; event: events.dialpad.CallEvent }
  | { vendor: "dialpad"; kind: "sms"; event: events.dialpad.SmsEvent }
  | { vendor: "dialpad"; kind: "contact"; event: events.dialpad.ContactEvent }
  | { vendor: "dialpad"; kind: "agent_status"; event: events.dialpad.AgentStatusEvent }
  | { vendor: "dialpad"; kind: "changelog"; event: events.dialpad.ChangelogEvent }
  | { vendor: "dialpad"; kind: "unknown"; event: events.dialpad.UnknownEvent }
  | { vendor: "cinnox"; kind: "inbound_sms"; event: events.cinnox.InboundSms }
  | { vendor: "cinnox"; kind: "outbound_sms"; event: events.cinnox.OutboundSms }
  | { vendor: "cinnox"; kind: "call"; event: events.cinnox.Call }
  | { vendor: "cinnox"; kind: "enquiry"; event: events.cinnox.Enquiry }
  | { vendor: "cinnox"; kind: "label"; event: events.cinnox.Label }
  | { vendor: "cinnox"; kind: "unknown"; event: events.cinnox.UnknownNotification };

export interface ReceiverOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * The Dialpad webhook's secret; without it, only unsigned (plain JSON) deliveries are accepted. A list
   * during a rotation: a delivery signed with any of them verifies.
   */
  secret?: string | readonly string[];
  /**
   * Redeliveries of an event with an id (a vendor's retry, a replayed body) are acknowledged without
   * handling them again (`createHandler`'s `dialpad.redeliveries`). Default: on, the last 10,000 remembered.
   */
  redeliveries?: boolean | { remember?: number };
  /** Bodies larger than this are refused with 413 (`createHandler`'s `maxBodyBytes`). Default 1 MiB. */
  maxBodyBytes?: number;
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

/**
 * One line per event: ids, state or status, numbers and the text length (not the text, names, e-mail
 * addresses, nor any secret). Unknown kinds show their field names only.
 */
export function summarize(received: ReceivedEvent): string {
  if (received.vendor === "dialpad") {
    switch (received.kind) {
      case "call": {
        const e = received.event;
        return `dialpad call ${e.call_id} ${e.state} ${e.direction ?? "?"} ${e.external_number ?? "?"} <-> ${e.internal_number ?? "?"}`;
      }
      case "sms": {
        const e = received.event;
        return `dialpad sms ${e.id} ${e.direction ?? "?"} ${e.from_number} -> ${e.to_number.join(",")} (${(e.text ?? "").length} chars)`;
      }
      case "contact": {
        const e = received.event;
        return `dialpad contact ${e.event} ${e.contact.id} ${e.contact.type ?? "?"} (${e.contact.phones?.length ?? 0} phones)`;
      }
      case "agent_status": {
        const e = received.event;
        return `dialpad agent_status ${e.target.id ?? "?"} ${e.on_duty_status ?? "?"}/${e.availability_status ?? "?"} call centers ${(e.call_center_ids ?? []).join(",") || "none"}`;
      }
      case "changelog": {
        const e = received.event;
        return `dialpad changelog ${e.action} on ${e.target?.type ?? "?"} ${e.target?.id ?? "?"} by ${e.changed_by?.id ?? "(redacted)"}`;
      }
      case "unknown":
        return `dialpad unknown {${Object.keys(received.event).join(",")}}`;
    }
  }
  switch (received.kind) {
    case "inbound_sms": {
      const e = received.event;
      return `cinnox inbound_sms ${e.id} ${e.senderNumber} -> ${e.recipientNumber} at ${e.receiveTime} (${e.content.length} chars)`;
    }
    case "outbound_sms": {
      const e = received.event;
      return `cinnox outbound_sms ${e.TransactionID} -> ${e.RecipientNumber} ${e.Status}${e.ResponseCode ? ` (${e.ResponseCode})` : ""}`;
    }
    case "call": {
      const m = received.event.message;
      return `cinnox call ${m.id} ${m.status} ${m.caller?.number ?? "?"} -> ${m.callees?.number ?? "?"}`;
    }
    case "enquiry": {
      const e = received.event;
      return `cinnox enquiry ${e.displayCaseNumber ?? "?"} ${e.status ?? "?"} via ${e.channel ?? "?"}`;
    }
    case "label":
    case "unknown":
      return `cinnox ${received.kind} {${Object.keys(received.event).join(",")}}`;
  }
}

/** Cinnox's kind names (camelCase) as this example logs them, next to Dialpad's snake_case ones. */
const CINNOX_KIND_LABEL = {
  inboundSms: "inbound_sms",
  outboundSms: "outbound_sms",
  call: "call",
  enquiry: "enquiry",
  label: "label",
  unknown: "unknown",
} as const satisfies Record<events.cinnox.CinnoxNotificationKind, string>;

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
      redeliveries: options.redeliveries ?? true,
      // onCall, onSms, onContact... exist for each kind; one fallback is enough to log them all.
      onEvent: (delivery) => accept({ vendor: "dialpad", ...delivery }),
    },
    // One URL for every Cinnox subscription, classified by shape: fine for a demo. In production give each
    // subscription its own path (`paths: { call: "/cinnox/calls", ... }`): Cinnox names no event type.
    cinnox: {
      path: CINNOX_PATH,
      onNotification: (n) => accept({ vendor: "cinnox", ...n, kind: CINNOX_KIND_LABEL[n.kind] } as ReceivedEvent),
    },
    maxBodyBytes: options.maxBodyBytes,
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

/**
 * The secrets from the environment: `DIALPAD_WEBHOOK_SECRET`, plus `DIALPAD_WEBHOOK_NEXT_SECRET` while the
 * webhook's secret is being rotated (either verifies). An empty variable means "not set".
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] | undefined {
  const secrets = [env.DIALPAD_WEBHOOK_SECRET, env.DIALPAD_WEBHOOK_NEXT_SECRET].filter((s): s is string => typeof s === "string" && s !== "");
  return secrets.length === 0 ? undefined : secrets;
}

async function main(): Promise<void> {
  const secret = secretsFromEnv(process.env);
  const receiver = await startReceiver({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? "127.0.0.1", secret });
  console.log(
    `receiver listening: Dialpad ${receiver.url}${DIALPAD_PATH} (${secret ? `signed deliveries only${secret.length > 1 ? `, any of ${secret.length} secrets` : ""}` : "unsigned deliveries, no secret set"}), ` +
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
