// Shared setup of the Dialpad controller tests: an emulator, controllers bound to a fast-retrying client,
// and shorthands for the emulator's request log and for objects made out of band.
import assert from "node:assert/strict";
import { failedProperties } from "../../../helpers/check";
import { DEFAULT_DIALPAD_API_KEY } from "../../../../emulator";
import type { Props, ResourceController } from "../../../../provider/controller";
import { createDialpadClient } from "../../../../provider/dialpad/collection";
import type { VendorClient as DialpadClient } from "../../../../provider/http";
import { adminRequests, clearRequests, dialpad, withEmulator } from "../../../helpers/emulator";

export function dialpadFixture() {
  const fx = withEmulator();
  let client: DialpadClient | undefined;
  // A client is what a provider process holds (with its listings): one per test, a new one per "process".
  const newClient = () =>
    (client = createDialpadClient({ apiKey: DEFAULT_DIALPAD_API_KEY, baseUrl: fx.url, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 } }));
  beforeEach(() => void newClient());
  const getClient = (): DialpadClient => {
    if (!client) throw new Error("dialpadFixture: no client outside a test");
    return client;
  };

  return {
    fx,
    client: getClient,
    /** What a new provider process sees: a new client, with no listing yet. */
    newProcess: () => void newClient(),
    /** "METHOD path" of each vendor request since the log was last cleared. */
    async calls(): Promise<string[]> {
      return (await adminRequests(fx.url)).map((r) => `${r.method} ${r.path}`);
    },
    clear: () => clearRequests(fx.url),
    /** A webhook made out of band, as someone else would. */
    async webhook(hookUrl = "https://hooks.example.com/dialpad"): Promise<string> {
      const res = await dialpad(fx.url, "POST", "/webhooks", { hook_url: hookUrl });
      assert.equal(res.status, 200);
      return (res.body as { id: string }).id;
    },
    api: (method: string, path: string, body?: unknown) => dialpad(fx.url, method, path, body),
  };
}

/** Runs check and fails the test on any failure; returns the normalised inputs. */
export async function checked(c: ResourceController, news: Props, olds: Props = {}): Promise<Props> {
  const res = await c.check(olds, news);
  assert.deepEqual(res.failures ?? [], [], "check failures");
  assert.ok(res.inputs);
  return res.inputs;
}

/** The property names check refuses, in order. */
export async function refused(c: ResourceController, news: Props): Promise<string[]> {
  const res = await c.check({}, news);
  return failedProperties(res.failures);
}
