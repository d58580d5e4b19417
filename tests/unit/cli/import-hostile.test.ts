// `import` from a hostile vendor: whatever an inventory holds reaches the generated module only as a string
// literal (or is refused), comments included; ids that are not of the shape Dialpad makes are skipped. The module
// is compiled and evaluated (the package and @pulumi/pulumi stubbed) to prove that no vendor text runs.
import assert from "node:assert/strict";
import * as vm from "node:vm";
import ts from "typescript";
import { generateProgram } from "../../../cli/import/generate";
import type { KindInventory } from "../../../cli/inventory";
import { codeLiteral, printable } from "../../../cli/printable";

/** JavaScript line terminators and the other characters a literal must never carry raw (the module's own "\n" aside). */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

interface Declared { cls: string; name: string; args: Record<string, unknown> }

/** Compiles the module as `tsc` would (CommonJS) and runs it; answers what it declared and what else it did. */
function evaluate(source: string): { declared: Declared[]; context: Record<string, unknown>; required: string[] } {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const declared: Declared[] = [];
  const required: string[] = [];
  const resourceClass = (cls: string) =>
    class {
      readonly id: string;
      constructor(name: string, args: Record<string, unknown>) {
        declared.push({ cls, name, args });
        this.id = `<id of ${name}>`;
      }
    };
  const vendor = new Proxy({}, { get: (_t, cls) => resourceClass(String(cls)) });
  const modules: Record<string, unknown> = {
    "pulumi-dialpad-cinnox": { dialpad: vendor, cinnox: vendor },
    "@pulumi/pulumi": { Config: class { requireSecret = (key: string) => `<secret ${key}>`; } },
  };
  const exports = {};
  const context: Record<string, unknown> = {
    exports,
    module: { exports },
    require: (name: string) => {
      required.push(name);
      if (!(name in modules)) throw new Error(`the module required ${name}`);
      return modules[name];
    },
  };
  vm.runInNewContext(js, context, { timeout: 2000 });
  return { declared, context, required };
}

const INJECT = (n: number) => `\u2028globalThis.pwned${n} = true; //`;

const hostile = (): KindInventory[] => [
  {
    kind: "dialpad:Webhook",
    items: [
      { id: "1000", inputs: { hookUrl: "https://ops.example.com/dialpad" } },
      // Not ids Dialpad makes: a line terminator and code, a leading zero, more than int64.
      { id: `1001${INJECT(1)}`, inputs: { hookUrl: "https://a.example.com/x" } },
      { id: "01002", inputs: { hookUrl: "https://b.example.com/x" } },
      { id: "9223372036854775808", inputs: { hookUrl: "https://c.example.com/x" } },
      { id: "9223372036854775807", inputs: { hookUrl: "https://d.example.com/x" } },
    ],
  },
  {
    kind: "dialpad:CallSubscription",
    items: [
      // Skipped by the kind's check (no endpoint): its id was once written raw in the header comment.
      { id: `1003${INJECT(2)}`, inputs: { callStates: ["ringing"], enabled: true, groupCallsOnly: false } },
      { id: `1004\u2029globalThis.pwned3 = true; //`, inputs: { callStates: [], enabled: true, groupCallsOnly: false } },
      // A reference that is not an id.
      { id: "1005", inputs: { webhookId: `1000${INJECT(4)}`, callStates: ["ringing"], enabled: true, groupCallsOnly: false } },
      { id: "1006", inputs: { webhookId: "1000", callStates: ["ringing"], enabled: true, groupCallsOnly: false } },
    ],
  },
  {
    kind: "dialpad:LegacySmsEventSubscription",
    items: [
      // A hook id with a line terminator: the path-segment rule refuses it.
      { id: `ops${INJECT(5)}`, inputs: { hookId: `ops${INJECT(5)}`, url: "https://ops.example.com/sms", direction: "all", enabled: true } },
      { id: "a/../b", inputs: { hookId: "a/../b", url: "https://ops.example.com/sms", direction: "all", enabled: true } },
      // Allowed by the rule, but a bidi override: declared, escaped.
      { id: "ops\u202esms", inputs: { hookId: "ops\u202esms", url: "https://ops.example.com/sms\u202e", direction: "all", enabled: true } },
    ],
  },
];

describe("cli: import from a hostile vendor", () => {
  it("the generated module holds no raw control character, and evaluating it runs no vendor text", async () => {
    const g = await generateProgram(hostile(), { source: `Dialpad at https://x.example.com${INJECT(6)}` });
    const raw = RAW.exec(g.source);
    assert.equal(raw, null, `no raw line terminator, control or bidi character anywhere in the module: ${JSON.stringify(g.source.slice(Math.max(0, (raw?.index ?? 0) - 40), (raw?.index ?? 0) + 10))}`);
    const { declared, context, required } = evaluate(g.source);
    for (let n = 1; n <= 6; n++) assert.equal(context[`pwned${n}`], undefined, `injected statement ${n} did not run`);
    assert.deepEqual(required.sort(), ["pulumi-dialpad-cinnox"]);
    assert.deepEqual(declared.map((d) => [d.cls, d.name, d.args.adoptId ?? d.args.hookId]), [
      ["Webhook", "ops-dialpad", "1000"],
      ["Webhook", "d-x", "9223372036854775807"],
      ["CallSubscription", "ops-dialpad-call", "1006"],
      ["LegacySmsEventSubscription", "ops-sms", "ops\u202esms"],
    ]);
    assert.equal(declared[2]!.args.webhookId, "<id of ops-dialpad>");
    const legacy = declared[3]!.args;
    assert.equal(legacy.hookId, "ops\u202esms", "the value survives exactly, as a literal");
    assert.equal(legacy.url, "https://ops.example.com/sms\u202e");
  });

  it("objects whose ids are not of Dialpad's shape are skipped and reported, the id escaped", async () => {
    const g = await generateProgram(hostile(), { source: "x" });
    // The report keeps the id as the vendor sent it (JSON escapes it); text shows it with printable().
    const skipped = g.skipped.map((s) => printable(`${s.type} ${s.id}: ${s.reason}`));
    assert.deepEqual(skipped, [
      "dialpad:Webhook 1001\\u2028globalThis.pwned1 = true; //: its id is not a Dialpad id (a decimal number up to 9223372036854775807)",
      "dialpad:Webhook 01002: its id is not a Dialpad id (a decimal number up to 9223372036854775807)",
      "dialpad:Webhook 9223372036854775808: its id is not a Dialpad id (a decimal number up to 9223372036854775807)",
      "dialpad:CallSubscription 1003\\u2028globalThis.pwned2 = true; //: its id is not a Dialpad id (a decimal number up to 9223372036854775807)",
      "dialpad:CallSubscription 1004\\u2029globalThis.pwned3 = true; //: its id is not a Dialpad id (a decimal number up to 9223372036854775807)",
      "dialpad:CallSubscription 1005: webhookId is not a Dialpad id (a decimal number up to 9223372036854775807)",
      "dialpad:LegacySmsEventSubscription ops\\u2028globalThis.pwned5 = true; //: its hook id must be a single line without control characters",
      "dialpad:LegacySmsEventSubscription a/../b: its hook id must not contain '/', '?', '#', '%' or '\\'",
    ]);
  });

  it("one literal function: every line terminator, control and bidi character as \\uXXXX", () => {
    const every = [...Array.from({ length: 0x20 }, (_, i) => i), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i), 0x2028, 0x2029,
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const cp of every) {
      const text = `a${String.fromCharCode(cp)}b"\\`;
      const lit = codeLiteral(text);
      assert.equal(lit, `"a\\u${cp.toString(16).padStart(4, "0")}b\\"\\\\"`);
      assert.equal(vm.runInNewContext(lit), text, "the literal means the same text");
    }
    assert.equal(codeLiteral("\ud800x"), '"\\ud800x"', "a lone surrogate");
  });
});

describe("cli: import of objects the provider's listing could not read", () => {
  it("skips each one with the listing's reason (no id: an empty one), and declares the rest", async () => {
    const inventory: KindInventory[] = [{
      kind: "dialpad:Webhook",
      items: [
        { id: "1000", inputs: { hookUrl: "https://ops.example.com/a" } },
        { id: "1\u2028globalThis.pwned = 1;", inputs: {}, unreadable: "id is not an id Dialpad makes" },
        { id: "", inputs: {}, unreadable: "id Invalid input" },
      ],
    }];
    const out = await generateProgram(inventory, { source: "Dialpad at https://dialpad.example.com" });
    assert.deepEqual(out.resources.map((r) => r.id), ["1000"]);
    assert.equal(out.skipped.length, 2);
    for (const s of out.skipped) assert.match(s.reason, /^the vendor's object cannot be read: id /);
    assert.doesNotMatch(out.source, RAW);
    const { context } = evaluate(out.source);
    assert.equal(context.pwned, undefined);
  });
});
