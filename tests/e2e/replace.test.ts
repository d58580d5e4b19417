// End-to-end replacements on the real Pulumi engine, for every kind of the registry: `pulumi up`, then an up with
// every resource forced to replace (`--replace`), then an up that changes each kind's replace-on property. After each,
// what the vendor holds is counted: exactly one object per declared resource, at the id the stack records, nothing
// left over; and an object the program adopted (made out of band first, then taken over with `adoptId` or
// `adoptExisting`) still exists after `--replace`, whose new resource holds the very same object.
import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Stack, UpResult } from "@pulumi/pulumi/automation";
import { cinnox, dialpad } from "../../sdk";
import { CINNOX_EVENTS, CINNOX_EVENT_NAMES, startEmulator, type CinnoxEventName, type EmulatorState, type RunningEmulator } from "../../emulator";
import { startReceiver, type RunningReceiver } from "../../examples/receiver";
import { RESOURCE_KINDS, definitionOf, type ResourceKind } from "../../provider";
import { emulatorConfig, openStack, repoRoot } from "../../scripts/engine";
import { adminState, outOfBand } from "../helpers/emulator";

const quiet = { color: "never" as const };

/** What the program of one generation needs: where to deliver, the webhook to use, the ids to adopt. */
interface Ctx {
  /** 0 before the replace-on change, 1 after: the hook ids and app id carry it. */
  generation: number;
  receiverUrl: string;
  /** The plain webhook's id, for every subscription. */
  hookId: pulumi.Output<string>;
  adopt: Partial<Record<ResourceKind, string>>;
}

interface Row {
  kind: ResourceKind;
  /** Declares this kind's resources: a plain one, and one adopting `ctx.adopt[kind]` when the kind can adopt. */
  declare(ctx: Ctx): void;
  /** The ids of this kind's objects the vendor holds. */
  held(s: EmulatorState): string[];
  /** Makes, out of band, the object the program adopts (subscriptions on the foreign webhook); returns its id. */
  adoptable?(url: string, foreignHook: string): Promise<string>;
}

const made = async (url: string, method: string, apiPath: string, body: unknown): Promise<string> => {
  const res = await outOfBand(url, { method, path: apiPath, body });
  assert.equal(res.status, 200, `out-of-band ${method} ${apiPath}: ${JSON.stringify(res.body)}`);
  return String((res.body as { id: string | number }).id);
};
const ids = (protos: unknown[]) => protos.map((p) => String((p as { id: string | number }).id));

/** A Dialpad v2 subscription row: a plain resource and an adopted one, both on the plain webhook. */
function subscriptionRow<A extends object>(
  kind: ResourceKind,
  bucket: keyof EmulatorState["dialpad"]["subscriptions"],
  make: (name: string, args: A & { webhookId: Ctx["hookId"]; adoptId?: string }) => unknown,
  args: A,
  wire: Record<string, unknown>,
): Row {
  return {
    kind,
    declare: (ctx) => {
      make(`${bucket}-plain`, { ...args, webhookId: ctx.hookId });
      make(`${bucket}-adopted`, { ...args, webhookId: ctx.hookId, adoptId: ctx.adopt[kind] });
    },
    held: (s) => ids(s.dialpad.subscriptions[bucket]),
    adoptable: (url, foreignHook) => made(url, "POST", `/api/v2/subscriptions/${bucket}`, { ...wire, webhook_id: foreignHook }),
  };
}

/** The Cinnox event a kind subscribes to, from its registry definition's API path. */
function cinnoxEvent(kind: ResourceKind): CinnoxEventName {
  const api = definitionOf(kind).api;
  const name = CINNOX_EVENT_NAMES.find((n) => api.endsWith(`/${CINNOX_EVENTS[n].path}`));
  if (!name) throw new Error(`${kind}: no emulated Cinnox event at ${api}`);
  return name;
}

function cinnoxRow(kind: ResourceKind, make: (name: string, args: cinnox.EventSubscriptionArgs) => unknown): Row {
  const event = cinnoxEvent(kind);
  return {
    kind,
    declare: (ctx) => make(`cinnox-${event}`, { appId: `app-e2e-${ctx.generation}`, url: `${ctx.receiverUrl}/cinnox` }),
    // Cinnox's "delete" turns a subscription off: what it holds is the apps whose subscription is on.
    held: (s) => Object.entries(s.cinnox.subscriptions).filter(([, events]) => events[event]?.enabled === true).map(([app]) => app),
  };
}

const ROWS: Row[] = [
  {
    kind: "dialpad:Webhook",
    declare: () => undefined, // declared by the program itself: every subscription uses the plain one
    held: (s) => ids(s.dialpad.webhooks),
    adoptable: (url) => made(url, "POST", "/api/v2/webhooks", { hook_url: "https://other-team.example.com/dialpad" }),
  },
  {
    kind: "dialpad:Websocket",
    declare: (ctx) => {
      new dialpad.Websocket("ws-plain", {});
      new dialpad.Websocket("ws-adopted", { adoptId: ctx.adopt["dialpad:Websocket"] });
    },
    held: (s) => ids(s.dialpad.websockets),
    adoptable: (url) => made(url, "POST", "/api/v2/websockets", {}),
  },
  subscriptionRow("dialpad:CallSubscription", "call", (n, a) => new dialpad.CallSubscription(n, a), { callStates: ["ringing" as const] }, { call_states: ["ringing"] }),
  subscriptionRow("dialpad:SmsSubscription", "sms", (n, a) => new dialpad.SmsSubscription(n, a), { direction: "inbound" as const }, { direction: "inbound" }),
  subscriptionRow("dialpad:ContactSubscription", "contact", (n, a) => new dialpad.ContactSubscription(n, a), { contactType: "shared" as const }, { contact_type: "shared" }),
  subscriptionRow(
    "dialpad:AgentStatusSubscription", "agent_status", (n, a) => new dialpad.AgentStatusSubscription(n, a), { agentType: "callcenter" as const }, { agent_type: "callcenter" },
  ),
  subscriptionRow("dialpad:ChangelogSubscription", "changelog", (n, a) => new dialpad.ChangelogSubscription(n, a), {}, {}),
  {
    kind: "dialpad:LegacySmsEventSubscription",
    declare: (ctx) => {
      const url = `${ctx.receiverUrl}/dialpad`;
      new dialpad.LegacySmsEventSubscription("legacy-sms-plain", { hookId: `ops-sms-${ctx.generation}`, url, direction: "all" });
      const adopted = ctx.generation === 0 ? (ctx.adopt["dialpad:LegacySmsEventSubscription"] ?? "") : `adopted-sms-${ctx.generation}`;
      new dialpad.LegacySmsEventSubscription("legacy-sms-adopted", { hookId: adopted, url, direction: "all", adoptExisting: true });
    },
    held: (s) => ids(s.dialpad.eventSubscriptions.sms),
    adoptable: (url) => made(url, "PUT", "/api/v2/event-subscriptions/sms/adopted-sms", { url: "https://other-team.example.com/sms", direction: "inbound" }),
  },
  {
    kind: "dialpad:LegacyCallEventSubscription",
    declare: (ctx) => {
      const url = `${ctx.receiverUrl}/dialpad`;
      new dialpad.LegacyCallEventSubscription("legacy-call-plain", { hookId: `ops-calls-${ctx.generation}`, url, callStates: ["ringing"] });
      const adopted = ctx.generation === 0 ? (ctx.adopt["dialpad:LegacyCallEventSubscription"] ?? "") : `adopted-calls-${ctx.generation}`;
      new dialpad.LegacyCallEventSubscription("legacy-call-adopted", { hookId: adopted, url, callStates: ["ringing"], adoptExisting: true });
    },
    held: (s) => ids(s.dialpad.eventSubscriptions.call),
    adoptable: (url) => made(url, "PUT", "/api/v2/event-subscriptions/call/adopted-calls", { url: "https://other-team.example.com/calls", call_states: ["hangup"] }),
  },
  cinnoxRow("cinnox:InboundSmsSubscription", (n, a) => new cinnox.InboundSmsSubscription(n, a)),
  cinnoxRow("cinnox:OutboundSmsSubscription", (n, a) => new cinnox.OutboundSmsSubscription(n, a)),
  cinnoxRow("cinnox:CallSubscription", (n, a) => new cinnox.CallSubscription(n, a)),
  cinnoxRow("cinnox:EnquirySubscription", (n, a) => new cinnox.EnquirySubscription(n, a)),
  cinnoxRow("cinnox:EnquiryLabelSubscription", (n, a) => new cinnox.EnquiryLabelSubscription(n, a)),
  cinnoxRow("cinnox:LabelSubscription", (n, a) => new cinnox.LabelSubscription(n, a)),
  cinnoxRow("cinnox:ContactSubscription", (n, a) => new cinnox.ContactSubscription(n, a)),
  cinnoxRow("cinnox:ExternalContactSubscription", (n, a) => new cinnox.ExternalContactSubscription(n, a)),
  cinnoxRow("cinnox:StaffContactSubscription", (n, a) => new cinnox.StaffContactSubscription(n, a)),
];

interface Recorded { urn: string; type: string; id?: string }

describe("e2e: --replace and replace-on changes of every kind on the real engine", function () {
  this.timeout(600_000);

  let emulator: RunningEmulator;
  let receiver: RunningReceiver;
  let stateDir: string;
  let stack: Stack;
  const ctx: Omit<Ctx, "hookId"> = { generation: 0, receiverUrl: "", adopt: {} };

  const recorded = async (): Promise<Recorded[]> =>
    // A stack whose first up failed before any step holds no `resources` at all: an empty list, so that the phase's
    // own test reports the up's error instead of this hook failing on it.
    (((await stack.exportStack()).deployment.resources ?? []) as Recorded[]).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));

  it("has a row for every kind of the registry", () => {
    assert.deepEqual(ROWS.map((r) => r.kind), RESOURCE_KINDS);
  });

  before(async () => {
    emulator = await startEmulator({ port: 0, rateLimits: false });
    receiver = await startReceiver({ port: 0, log: () => undefined });
    ctx.receiverUrl = receiver.url;
    // Someone else's webhook (the first row), and their objects on it: the program adopts each.
    for (const row of ROWS) if (row.adoptable) ctx.adopt[row.kind] = await row.adoptable(emulator.url, ctx.adopt["dialpad:Webhook"] ?? "");
    stateDir = path.join(repoRoot, ".pulumi-state", `e2e-replace-${crypto.randomBytes(4).toString("hex")}`);
    stack = await openStack({
      stackName: "replace",
      stateDir,
      workDir: path.join(stateDir, "project"),
      projectName: "dialpad-cinnox-replace",
      program: async () => {
        const hook = new dialpad.Webhook("hook-plain", { hookUrl: `${ctx.receiverUrl}/dialpad` });
        new dialpad.Webhook("hook-adopted", { hookUrl: `${ctx.receiverUrl}/dialpad`, adoptId: ctx.adopt["dialpad:Webhook"] });
        const full: Ctx = { ...ctx, hookId: hook.id };
        for (const row of ROWS) row.declare(full);
      },
      config: emulatorConfig(emulator.url),
    });
  });

  after(async () => {
    await receiver?.close();
    await emulator?.close();
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
  });

  /**
   * Runs an up in the phase's `before`, keeping its failure for the phase's own test, so every kind's row still
   * reports what the vendor holds afterwards (the ups continue on error: one kind's failure does not hide another's).
   */
  function phase(run: () => Promise<UpResult>): { assertSucceeded(replaced?: number): void } {
    let result: UpResult | undefined;
    let failure: unknown;
    before(async () => {
      try {
        result = await run();
      } catch (err) {
        failure = err;
      }
    });
    return {
      assertSucceeded(replaced) {
        if (failure !== undefined) {
          const text = failure instanceof Error ? `${failure.message}\n${String((failure as { stderr?: string }).stderr ?? "")}` : String(failure);
          const errors = [...new Set(text.split("\n").filter((l) => /^\s*error: (?!update failed)/.test(l)).map((l) => l.trim()))];
          assert.fail(`the up failed:\n${errors.join("\n")}`);
        }
        assert.equal(result?.summary.result, "succeeded");
        if (replaced !== undefined) assert.equal(result.summary.resourceChanges?.replace, replaced, JSON.stringify(result.summary.resourceChanges));
      },
    };
  }

  /** One assertion per kind: the vendor holds exactly the objects the stack records, and the adopted one if asked. */
  function checkEveryKind(phase: string, adoptedMustRemain: boolean): void {
    let state: EmulatorState;
    let resources: Recorded[];
    before(async () => {
      state = await adminState(emulator.url);
      resources = await recorded();
    });
    for (const row of ROWS) {
      const keeps = row.adoptable !== undefined && adoptedMustRemain;
      it(`${phase}: ${row.kind}: one object per declared resource, at the recorded id${keeps ? ", the adopted one kept" : ""}`, () => {
        const mine = resources.filter((r) => r.type === `pulumi-nodejs:dynamic/${row.kind}`);
        const declared = row.adoptable ? 2 : 1;
        assert.equal(mine.length, declared, `the stack records ${mine.length} ${row.kind} resources`);
        const recordedIds = mine.map((r) => r.id ?? "(no id)").sort();
        const held = [...row.held(state)].sort();
        assert.deepEqual(held, recordedIds, `the vendor holds ${JSON.stringify(held)}, the stack records ${JSON.stringify(recordedIds)}`);
        const adopted = ctx.adopt[row.kind];
        if (adopted !== undefined && keeps) {
          assert.ok(row.held(state).includes(adopted), `the adopted object ${adopted} is gone from the vendor`);
          assert.ok(recordedIds.includes(adopted), `the stack no longer records the adopted object ${adopted}`);
        }
      });
    }
  }

  describe("pulumi up", () => {
    const up = phase(() => stack.up(quiet));
    it("succeeds", () => up.assertSucceeded());
    checkEveryKind("up", true);
  });

  describe("pulumi up --replace of every resource", () => {
    let count = 0;
    const up = phase(async () => {
      const urns = (await recorded()).map((r) => r.urn);
      count = urns.length;
      return stack.up({ ...quiet, replace: urns, continueOnError: true });
    });
    it("succeeds and replaces every resource", () => {
      assert.equal(count, ROWS.reduce((n, r) => n + (r.adoptable ? 2 : 1), 0), "one URN per declared resource");
      up.assertSucceeded(count);
    });
    checkEveryKind("--replace", true);
  });

  describe("pulumi up changing each replace-on property", () => {
    const changing = ROWS.filter((r) => definitionOf(r.kind).replaceOn.length > 0);
    const up = phase(() => {
      ctx.generation = 1;
      return stack.up({ ...quiet, continueOnError: true });
    });
    it("succeeds and replaces the resources of the kinds with a replace-on property", () => {
      assert.ok(changing.length > 0);
      up.assertSucceeded(changing.reduce((n, r) => n + (r.adoptable ? 2 : 1), 0));
    });
    // Every kind is counted: a replacement must not touch the objects of the kinds it does not replace either.
    // The adopted legacy objects are replaced by objects at new hook ids, so the old ones go with their resources.
    checkEveryKind("replace-on change", false);
  });
});
