// Every Cinnox event-subscription kind against the emulator: one PATCH to its own path for create, update and
// delete (enabled:false), the challenge handshake, and independence from the app's other event subscriptions.
import assert from "node:assert/strict";
import { DEFAULT_CINNOX_APP_TOKEN } from "../../../../emulator";
import { RESOURCE_KINDS, controllerIn, definitionOf, type ResourceKind } from "../../../../provider";
import type { ProviderContext } from "../../../../provider/context";
import { contextWith } from "../../../helpers/context";
import { notices } from "../../../../provider/notices";
import type { Props } from "../../../../provider/controller";
import { adminRequests, adminState, withEmulator } from "../../../helpers/emulator";
import { startChallengeReceiver, type ChallengeReceiver } from "./challenge-receiver";

/** Each Cinnox kind, with its path and the emulator's name for the event (its state dump key). */
export const CINNOX_CASES: { kind: ResourceKind; path: string; event: string }[] = [
  { kind: "cinnox:InboundSmsSubscription", path: "inbound-sms-event-sub", event: "inbound-sms" },
  { kind: "cinnox:OutboundSmsSubscription", path: "outbound-sms-event-sub", event: "outbound-sms" },
  { kind: "cinnox:CallSubscription", path: "call-event-sub", event: "call" },
  { kind: "cinnox:EnquirySubscription", path: "inquiry-event-sub", event: "inquiry" },
  { kind: "cinnox:EnquiryLabelSubscription", path: "inquiry-label-event-sub", event: "inquiry-label" },
  { kind: "cinnox:LabelSubscription", path: "label-event-sub", event: "label" },
  { kind: "cinnox:ContactSubscription", path: "contact-event-sub", event: "contact" },
  { kind: "cinnox:ExternalContactSubscription", path: "external-contact-event-sub", event: "external-contact" },
  { kind: "cinnox:StaffContactSubscription", path: "staff-contact-event-sub", event: "staff-contact" },
];

it("Cinnox event subscriptions: a case for every Cinnox resource kind", () => {
  assert.deepEqual(CINNOX_CASES.map((c) => c.kind).sort(), RESOURCE_KINDS.filter((k) => k.startsWith("cinnox:")).sort());
});

describe("Cinnox event subscriptions (every kind, against the emulator)", () => {
  const emu = withEmulator();
  let receiver: ChallengeReceiver;
  const writeNotice = notices.write;
  before(async () => {
    receiver = await startChallengeReceiver("echo");
    notices.write = () => undefined;
  });
  after(async () => {
    notices.write = writeNotice;
    await receiver.close();
  });
  // Each test a provider process of its own, configured for the emulator.
  let context: ProviderContext;
  beforeEach(() => {
    context = contextWith({ "cinnox:appToken": DEFAULT_CINNOX_APP_TOKEN, "cinnox:baseUrl": emu.url });
  });
  const controllerFor = (kind: ResourceKind) => controllerIn(context, kind);

  const checked = async (kind: ResourceKind, news: Props): Promise<Props> => {
    const res = await controllerFor(kind).check({}, news);
    assert.deepEqual(res.failures ?? [], []);
    return res.inputs ?? {};
  };
  type Sub = { enabled: boolean; url: string; updatedAt: string };
  const subscriptions = async (appId: string): Promise<Record<string, Sub | undefined>> =>
    ((await adminState(emu.url)).cinnox.subscriptions[appId] ?? {}) as Record<string, Sub | undefined>;

  for (const c of CINNOX_CASES) {
    describe(c.kind, () => {
      it(`is a ${c.path} singleton per app that refresh cannot read (the definition says so)`, () => {
        const def = definitionOf(c.kind);
        assert.equal(def.readable, false);
        assert.equal(def.api, `/v1/api/apps/{appId}/${c.path}`);
        assert.deepEqual(def.replaceOn, ["appId"]);
      });

      it("creates, updates and deletes with one PATCH each to its own path", async () => {
        const ctl = controllerFor(c.kind);
        const inputs = await checked(c.kind, { appId: "app-9", url: receiver.url });
        const { id, outs } = await ctl.create(inputs);
        assert.equal(id, "app-9");
        assert.equal((await subscriptions("app-9"))[c.event]?.enabled, true);
        const news = await checked(c.kind, { appId: "app-9", url: `${receiver.url}?v=2` });
        await ctl.update(id, outs ?? {}, news);
        assert.equal((await subscriptions("app-9"))[c.event]?.url, `${receiver.url}?v=2`);
        await ctl.delete(id, news);
        assert.equal((await subscriptions("app-9"))[c.event]?.enabled ?? false, false);
        const patches = (await adminRequests(emu.url)).filter((r) => r.vendor === "cinnox").map((r) => `${r.method} ${r.path}`);
        assert.deepEqual(patches, Array(3).fill(`PATCH /v1/api/apps/app-9/${c.path}`));
      });

      it("leaves the app's other event subscriptions alone", async () => {
        const others = CINNOX_CASES.filter((o) => o.kind !== c.kind);
        for (const o of others) await controllerFor(o.kind).create(await checked(o.kind, { appId: "app-7", url: receiver.url }));
        const before = await subscriptions("app-7");
        const mine = await controllerFor(c.kind).create(await checked(c.kind, { appId: "app-7", url: `${receiver.url}?mine` }));
        await controllerFor(c.kind).delete(mine.id, mine.outs ?? {});
        const after = await subscriptions("app-7");
        for (const o of others) assert.deepEqual(after[o.event], before[o.event], `${o.kind} untouched`);
      });
    });
  }
});
