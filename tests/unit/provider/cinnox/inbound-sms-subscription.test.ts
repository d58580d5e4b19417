// cinnox:InboundSmsSubscription against the in-process emulator: what Cinnox receives and holds after each
// lifecycle call, what check refuses, how failures read, and that 429/5xx/lost answers are retried.
import assert from "node:assert/strict";
import { failedProperties } from "../../../helpers/check";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_CINNOX_APP_TOKEN } from "../../../../emulator";
import { controllerIn } from "../../../../provider";
import { contextWith } from "../../../helpers/context";
import { UNKNOWN } from "../../../../provider/controller";
import { notices } from "../../../../provider/notices";
import { addFault, adminRequests, adminState, withEmulator } from "../../../helpers/emulator";
import { startChallengeReceiver, type ChallengeReceiver } from "./challenge-receiver";

/** The controller in a provider context of its own, with this config and no environment (see useConfig). */
let controller = controllerIn(contextWith({}), "cinnox:InboundSmsSubscription");

/** A provider process configured with `values` as its stack config. */
function useConfig(values: Record<string, string>): void {
  controller = controllerIn(contextWith(values), "cinnox:InboundSmsSubscription");
}

describe("cinnox:InboundSmsSubscription (provider, against the emulator)", function () {
  const emu = withEmulator();
  let receiver: ChallengeReceiver;
  let other: ChallengeReceiver;

  before(async () => {
    receiver = await startChallengeReceiver("echo");
    other = await startChallengeReceiver("echo");
  });
  after(async () => {
    await receiver.close();
    await other.close();
  });
  beforeEach(() => useConfig({ "cinnox:baseUrl": emu.url, "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN }));

  const cinnoxPatches = async () =>
    (await adminRequests(emu.url)).filter((r) => r.vendor === "cinnox" && r.method === "PATCH");

  /** check then create, as the engine does. */
  async function createChecked(news: Record<string, unknown>) {
    const checked = await controller.check({}, news);
    assert.equal(checked.failures, undefined);
    return controller.create(checked.inputs ?? {});
  }

  describe("create", () => {
    it("subscribes the app with one PATCH after the receiver answered the challenge, and records updatedAt", async () => {
      const { id, outs } = await createChecked({ appId: "app-1", url: receiver.url });
      assert.equal(id, "app-1");
      assert.equal(outs?.appId, "app-1");
      assert.equal(outs?.url, receiver.url);
      assert.equal(outs?.enabled, true, "enabled defaults to true");
      assert.ok(typeof outs?.updatedAt === "string" && !Number.isNaN(Date.parse(outs.updatedAt)), "updatedAt is an RFC 3339 time");

      const patches = await cinnoxPatches();
      assert.equal(patches.length, 1);
      assert.equal(patches[0].path, "/v1/api/apps/app-1/inbound-sms-event-sub");
      assert.deepEqual(patches[0].body, { enabled: true, url: receiver.url });
      const app = (await adminState(emu.url)).cinnox.apps["app-1"];
      assert.deepEqual(app, { enabled: true, url: receiver.url, updatedAt: outs?.updatedAt });
      assert.ok(receiver.challenges.length > 0, "Cinnox challenged the receiver");
    });

    it("encodes an app id that is not a plain path segment", async () => {
      await createChecked({ appId: "team a+b", url: receiver.url });
      assert.equal((await cinnoxPatches())[0].path, "/v1/api/apps/team%20a%2Bb/inbound-sms-event-sub");
      assert.equal((await adminState(emu.url)).cinnox.apps["team a+b"]?.enabled, true);
    });

    it("explains what the receiver must answer when Cinnox cannot verify the URL, and subscribes nothing", async () => {
      const bad = await startChallengeReceiver("wrong");
      try {
        await assert.rejects(createChecked({ appId: "app-1", url: `${bad.url}?key=receiver-key-1` }), (err: Error) => {
          assert.match(err.message, /cinnox:InboundSmsSubscription/);
          assert.match(err.message, /PATCH \/v1\/api\/apps\/app-1\/inbound-sms-event-sub failed 400: webhook url verification failed \(code 6451000\)/);
          assert.ok(err.message.includes('{"code":0,"result":{"challenge":"<the challenge it received>"}}'), err.message);
          assert.match(err.message, /events\.cinnox\.challengeResponse/);
          assert.ok(err.message.includes(bad.url), "names the URL Cinnox tried");
          assert.ok(!err.message.includes("receiver-key-1"), "leaves the URL's query out of the message");
          assert.ok(!err.message.includes(DEFAULT_CINNOX_APP_TOKEN), "never shows the app token");
          return true;
        });
        assert.equal(bad.challenges.length, 1, "verification is a client error: not retried");
        assert.equal((await adminState(emu.url)).cinnox.apps["app-1"], undefined);
      } finally {
        await bad.close();
      }
    });

    it("says which setting is missing when there is no app token, before any request", async () => {
      useConfig({ "cinnox:baseUrl": emu.url });
      await assert.rejects(createChecked({ appId: "app-1", url: receiver.url }), /cinnox:appToken.*CINNOX_APP_TOKEN/);
      assert.equal((await cinnoxPatches()).length, 0);
    });

    it("reports a wrong app token as an authentication error that does not contain the token", async () => {
      useConfig({ "cinnox:baseUrl": emu.url, "cinnox:appToken": "cx-wrong-token-01" });
      await assert.rejects(createChecked({ appId: "app-1", url: receiver.url }), (err: Error) => {
        assert.equal(err.name, "AuthenticationError");
        assert.match(err.message, /Cinnox PATCH .* failed 401/);
        assert.ok(!err.message.includes("cx-wrong-token-01"));
        return true;
      });
    });
  });

  describe("update", () => {
    it("changes the url in place with one PATCH", async () => {
      const { id, outs } = await createChecked({ appId: "app-1", url: receiver.url });
      const news = (await controller.check(outs ?? {}, { appId: "app-1", url: other.url })).inputs ?? {};
      const diff = await controller.diff(id, outs ?? {}, news);
      assert.deepEqual(diff, { changes: true, diffs: ["url"], replaces: [], deleteBeforeReplace: true });

      const before = (await cinnoxPatches()).length;
      const updated = await controller.update(id, outs ?? {}, news);
      assert.equal(updated.outs?.url, other.url);
      assert.equal(typeof updated.outs?.updatedAt, "string");
      const patches = await cinnoxPatches();
      assert.equal(patches.length - before, 1);
      assert.deepEqual(patches.at(-1)?.body, { enabled: true, url: other.url });
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.url, other.url);
      assert.ok(other.challenges.length > 0, "the new URL was verified");
    });

    it("turns the subscription off and on with enabled", async () => {
      const { id, outs } = await createChecked({ appId: "app-1", url: receiver.url });
      const off = (await controller.check(outs ?? {}, { appId: "app-1", url: receiver.url, enabled: false })).inputs ?? {};
      assert.deepEqual((await controller.diff(id, outs ?? {}, off)).diffs, ["enabled"]);
      const disabled = await controller.update(id, outs ?? {}, off);
      assert.equal(disabled.outs?.enabled, false);
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.enabled, false);

      const on = (await controller.check(disabled.outs ?? {}, { appId: "app-1", url: receiver.url })).inputs ?? {};
      const enabled = await controller.update(id, disabled.outs ?? {}, on);
      assert.equal(enabled.outs?.enabled, true);
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.enabled, true);
      assert.deepEqual(
        (await cinnoxPatches()).map((r) => (r.body as { enabled: boolean }).enabled),
        [true, false, true],
      );
    });

    it("shows no change when nothing differs (enabled defaulted on both sides)", async () => {
      const { id, outs } = await createChecked({ appId: "app-1", url: receiver.url });
      const news = (await controller.check(outs ?? {}, { appId: "app-1", url: receiver.url })).inputs ?? {};
      assert.deepEqual(await controller.diff(id, outs ?? {}, news), {
        changes: false,
        diffs: [],
        replaces: [],
        deleteBeforeReplace: true,
      });
    });
  });

  describe("replace", () => {
    it("on a new appId: disables the old app, then subscribes the new one", async () => {
      const old = await createChecked({ appId: "app-old", url: receiver.url });
      const news = (await controller.check(old.outs ?? {}, { appId: "app-new", url: receiver.url })).inputs ?? {};
      const diff = await controller.diff(old.id, old.outs ?? {}, news);
      assert.equal(diff.changes, true);
      assert.deepEqual(diff.replaces, ["appId"]);
      assert.equal(diff.deleteBeforeReplace, true);

      // What the engine does for a delete-before-replace replacement.
      await controller.delete(old.id, old.outs ?? {});
      const created = await controller.create(news);

      assert.equal(created.id, "app-new");
      const apps = (await adminState(emu.url)).cinnox.apps;
      assert.equal(apps["app-new"]?.enabled, true);
      assert.equal(apps["app-old"]?.enabled, false);
      assert.deepEqual(
        (await cinnoxPatches()).map((r) => [r.path, (r.body as { enabled: boolean }).enabled]),
        [
          ["/v1/api/apps/app-old/inbound-sms-event-sub", true],
          ["/v1/api/apps/app-old/inbound-sms-event-sub", false],
          ["/v1/api/apps/app-new/inbound-sms-event-sub", true],
        ],
      );
    });

    it("of the same app (pulumi up --replace) ends with the app subscribed", async () => {
      const old = await createChecked({ appId: "app-1", url: receiver.url });
      const same = (await controller.check(old.outs ?? {}, { appId: "app-1", url: receiver.url })).inputs ?? {};
      const diff = await controller.diff(old.id, old.outs ?? {}, same);
      assert.equal(diff.deleteBeforeReplace, true, "also set when the engine forces the replacement");
      await controller.delete(old.id, old.outs ?? {});
      await controller.create({ appId: "app-1", url: receiver.url, enabled: true });
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.enabled, true);
    });
  });

  describe("delete", () => {
    it("disables the subscription with the same PATCH and enabled: false", async () => {
      const { id, outs } = await createChecked({ appId: "app-1", url: receiver.url });
      const challengesBefore = receiver.challenges.length;
      await controller.delete(id, outs ?? {});
      const last = (await cinnoxPatches()).at(-1);
      assert.equal(last?.path, "/v1/api/apps/app-1/inbound-sms-event-sub");
      assert.deepEqual(last?.body, { enabled: false, url: receiver.url });
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.enabled, false);
      assert.equal(receiver.challenges.length, challengesBefore, "disabling does not challenge the receiver");
    });

    it("succeeds when Cinnox answers 404", async () => {
      await addFault(emu.url, { method: "PATCH", path: "/v1/api/apps/app-gone", status: 404 });
      await controller.delete("app-gone", { appId: "app-gone", url: receiver.url, enabled: true });
      assert.equal((await cinnoxPatches()).length, 1);
    });
  });

  describe("a Cinnox that refuses to disable what is already off", () => {
    // The emulator accepts any disable; a stricter Cinnox may answer 400 "already disabled". A tiny stand-in shows both paths.
    let refusing: Server;
    let refusingUrl: string;
    const seen: unknown[] = [];
    before(async () => {
      refusing = createServer((req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          seen.push(JSON.parse(body));
          res.writeHead(400, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ code: 6451000, message: "inbound sms event subscription already disabled" }));
        });
      });
      await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
      refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => refusing.close(() => resolve())));

    it("treats it as done for delete and for enabled: false, but not for an enable", async () => {
      useConfig({ "cinnox:baseUrl": refusingUrl, "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN });
      await controller.delete("app-1", { appId: "app-1", url: receiver.url, enabled: true });
      const created = await controller.create({ appId: "app-1", url: receiver.url, enabled: false });
      assert.deepEqual(created, { id: "app-1", outs: { appId: "app-1", url: receiver.url, enabled: false } });
      await assert.rejects(controller.create({ appId: "app-1", url: receiver.url, enabled: true }), /already disabled \(code 6451000\)/);
      assert.deepEqual(seen, [
        { enabled: false, url: receiver.url },
        { enabled: false, url: receiver.url },
        { enabled: true, url: receiver.url },
      ]);
    });
  });

  describe("read (refresh)", () => {
    it("returns the recorded state unchanged without any request, and says that it cannot check", async () => {
      const { id, outs } = await createChecked({ appId: "app-1", url: receiver.url });
      const before = (await adminRequests(emu.url)).length;
      const notes: string[] = [];
      const write = notices.write;
      notices.write = (line) => void notes.push(line);
      try {
        const read = await controller.read(id, { ...outs, __provider: "thin" });
        assert.deepEqual(read, {
          id: "app-1",
          props: { appId: "app-1", url: receiver.url, enabled: true, updatedAt: outs?.updatedAt },
          inputs: { appId: "app-1", url: receiver.url, enabled: true },
        });
      } finally {
        notices.write = write;
      }
      assert.equal((await adminRequests(emu.url)).length, before, "no request: Cinnox has no read endpoint");
      assert.equal(notes.length, 1);
      assert.match(notes[0], /app-1: Cinnox has no endpoint to read .* refresh keeps the recorded state/);
    });
  });

  describe("check", () => {
    it("returns one failure per bad property and makes no request", async () => {
      const result = await controller.check({}, { appId: "  ", url: "ftp://ops.example.com/cinnox", enabled: "yes" });
      assert.deepEqual(
        result.failures?.map((f) => f.property),
        ["appId", "url", "enabled"],
      );
      const reasons = Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
      assert.match(reasons.appId, /must not be empty/);
      assert.match(reasons.url, /scheme must be http or https, not ftp/);
      assert.match(reasons.enabled, /true or false/);
      assert.equal((await adminRequests(emu.url)).length, 0);
    });

    it("refuses user-info in the url and a missing app id", async () => {
      const result = await controller.check({}, { url: "https://user:pass@ops.example.com/cinnox" });
      assert.deepEqual(failedProperties(result.failures), ["appId", "url"]);
      assert.equal(result.failures?.[1].property, "", "a URL with credentials is not named to the engine, which would print it");
      assert.match(result.failures?.[1].reason ?? "", /user-info/);
      assert.ok(!JSON.stringify(result.failures).includes("pass@"), "the reason does not repeat the credentials");
      assert.equal((await adminRequests(emu.url)).length, 0);
    });

    it("normalises (trims the app id, defaults enabled) and lets unknown preview values through", async () => {
      assert.deepEqual((await controller.check({}, { appId: " app-1 ", url: "https://ops.example.com/cinnox" })).inputs, {
        appId: "app-1",
        url: "https://ops.example.com/cinnox",
        enabled: true,
      });
      const preview = await controller.check({}, { appId: UNKNOWN, url: UNKNOWN });
      assert.equal(preview.failures, undefined);
      assert.deepEqual(preview.inputs, { appId: UNKNOWN, url: UNKNOWN, enabled: true });
    });
  });

  describe("retries (shared HTTP policy)", () => {
    it("retries a 429, honouring Retry-After, then succeeds", async () => {
      await addFault(emu.url, { method: "PATCH", path: "/v1/api/apps/app-1", status: 429, retryAfter: 1 });
      const { outs } = await createChecked({ appId: "app-1", url: receiver.url });
      assert.equal(outs?.enabled, true);
      assert.deepEqual((await cinnoxPatches()).map((r) => r.status), [429, 200]);
    });

    it("retries 5xx answers with backoff, then succeeds", async () => {
      await addFault(emu.url, { method: "PATCH", path: "/v1/api/apps/app-1", status: 503, count: 2 });
      await createChecked({ appId: "app-1", url: receiver.url });
      assert.deepEqual((await cinnoxPatches()).map((r) => r.status), [503, 503, 200]);
      assert.equal((await adminState(emu.url)).cinnox.apps["app-1"]?.enabled, true);
    });

    it("retries a PATCH whose answer was lost (it sets state, so repeating it is safe)", async () => {
      await addFault(emu.url, { method: "PATCH", path: "/v1/api/apps/app-1", reset: "after" });
      const { outs } = await createChecked({ appId: "app-1", url: receiver.url });
      assert.equal(outs?.enabled, true);
      assert.equal((await cinnoxPatches()).length, 2);
    });

    it("does not retry a 400", async () => {
      await addFault(emu.url, { method: "PATCH", path: "/v1/api/apps/app-1", status: 400 });
      await assert.rejects(createChecked({ appId: "app-1", url: receiver.url }), /failed 400/);
      assert.equal((await cinnoxPatches()).length, 1);
    });
  });
});
