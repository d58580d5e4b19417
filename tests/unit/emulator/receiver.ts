// A local HTTP receiver for delivery and challenge tests: records what it gets and answers with a scripted function.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received { method: string; path: string; headers: IncomingHttpHeaders; body: string }

export type Answer = (got: Received, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  received: Received[];
  /** Replaces how the receiver answers; the default is 200 `{}`. */
  answer: Answer;
  close(): Promise<void>;
}

export const okAnswer: Answer = (_got, res) => {
  res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
};

/** Answers the Cinnox URL handshake by echoing the challenge, as a correct receiver does. */
export const echoChallenge: Answer = (got, res) => {
  const { challenge } = JSON.parse(got.body) as { challenge: string };
  res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ code: 0, result: { challenge } }));
};

export async function startReceiver(answer: Answer = okAnswer): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = { url: "", received, answer, close: async () => undefined };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const got = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(got);
      receiver.answer(got, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
