// The dead-host helpers other tests use: a refused connection and a listener that never answers.
import assert from "node:assert/strict";
import { closedPortUrl, hangingServer } from "../../helpers/dead-hosts";

describe("test helpers: dead hosts", () => {
  it("closedPortUrl refuses connections", async () => {
    await assert.rejects(fetch(await closedPortUrl()), (err: Error & { cause?: { code?: string } }) => err.cause?.code === "ECONNREFUSED");
  });

  it("hangingServer accepts and never answers until closed", async () => {
    const server = await hangingServer();
    try {
      await assert.rejects(fetch(server.url, { signal: AbortSignal.timeout(200) }), /abort|timeout/i);
      assert.equal(server.connections, 1);
    } finally {
      await server.close();
    }
  });
});
