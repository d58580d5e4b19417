// Hosts that fail the way networks do, for client tests: a port nothing listens on, and a server that never answers.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/** An http URL on a loopback port that was just closed: connecting is refused (ECONNREFUSED). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface HangingServer {
  /** http URL of a listener that accepts connections, reads what it is sent, and never answers. */
  url: string;
  /** How many connections it accepted so far. */
  readonly connections: number;
  /** Destroys open connections and stops listening. */
  close(): Promise<void>;
}

export async function hangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
