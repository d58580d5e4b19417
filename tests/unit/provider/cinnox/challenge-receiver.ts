// A tiny stand-in for a user's Cinnox receiver: answers (or, on purpose, fails) Cinnox's URL challenge and
// records what it was sent. Written by hand rather than with `events`, so these tests do not depend on it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChallengeReceiver {
  /** e.g. http://127.0.0.1:PORT/cinnox */
  url: string;
  /** The challenge strings Cinnox sent, in order. */
  challenges: string[];
  close(): Promise<void>;
}

/** `echo` answers as Cinnox requires; `wrong` answers 200 with a different challenge. */
export async function startChallengeReceiver(mode: "echo" | "wrong" = "echo"): Promise<ChallengeReceiver> {
  const challenges: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let challenge: unknown;
      try {
        challenge = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { challenge?: unknown }).challenge;
      } catch {
        challenge = undefined;
      }
      if (typeof challenge === "string") challenges.push(challenge);
      const answer = mode === "echo" ? challenge : "not-the-challenge";
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ code: 0, result: { challenge: answer } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cinnox`,
    challenges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
