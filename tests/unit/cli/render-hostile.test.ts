// Reports from a hostile vendor (or a hostile stack export): every string a drift, compare or import report holds
// is hostile text here. Text prints no control character, JSON is the same data with no raw C1, line separator or
// bidi control, and Markdown renders no link, image, HTML, mention or extra table cell.
import assert from "node:assert/strict";
import { render } from "../../../cli/drift/render";
import { REPORT_VERSION, type CompareReport, type DriftReport } from "../../../cli/drift/schema";
import { importOutput, type ImportReport } from "../../../cli/import/command";
import { markdown, markdownCode, printable } from "../../../cli/printable";

const HOSTILE = [
  "[click](https://evil.example/x) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> <b>b</b> **bold** _it_",
  "| pipe \\| escaped \\\\| double `tick` ``two`` \n newline \r cr \u001b[31m ESC \u009b31m CSI \u0085 NEL \u2028 LS \u2029 PS",
  "\u202e bidi \u2066 isolate @octo/team #12 www.evil.example mail@evil.example $x^2$ &amp; &lt; ~~del~~ \\",
].join(" ");
/** Without a backslash or control character: cells are code spans (the other text needs `<code>`). */
const HOSTILE_PLAIN = "[click](https://evil.example/x) <img src=x> | pipe `tick` ``two`` @team #12 www.evil.example $x$ &amp; *b*";

/** The same report shape with every string replaced: by the hostile text, or by a plain word. */
function driftReport(s: string): DriftReport {
  return {
    version: REPORT_VERSION, command: "drift", status: "error", stacks: [
      {
        stack: `dev${s}`, status: "drifted", checked: 2, unchecked: [{ urn: `u${s}`, type: `t${s}`, name: `n${s}`, reason: `r${s}` }],
        resources: [
          { urn: `u${s}`, type: `dialpad:Webhook${s}`, name: `hook${s}`, id: `1${s}`, drift: "changed", properties: [
            { name: `p${s}`, declared: `d${s}`, live: { [`k${s}`]: [`l${s}`] }, secret: false },
          ] },
          { urn: `u2${s}`, type: `t${s}`, name: `gone${s}`, id: `2${s}`, drift: "deleted", properties: [] },
        ],
      },
      { stack: `prod${s}`, status: "error", error: `e${s}`, checked: 0, resources: [], unchecked: [] },
    ],
    unmanaged: {
      status: "found", kinds: ["dialpad:Webhook"], notListed: [],
      accounts: [
        { vendor: "dialpad", baseUrl: `https://x${s}`, companyId: `c${s}`, stacks: [`a${s}`, `b${s}`], status: "found", listed: 3,
          objects: [{ type: `t${s}`, id: `i${s}`, label: `l${s}` }] },
        { vendor: "dialpad", baseUrl: `https://y${s}`, stacks: [`c${s}`], status: "error", error: `e${s}`, listed: 0, objects: [] },
      ],
    },
  };
}

function compareReport(s: string): CompareReport {
  return {
    version: REPORT_VERSION, command: "compare", status: "different", left: `dev${s}`, right: `prod${s}`, ignored: [`i${s}`],
    onlyInLeft: [{ type: `t${s}`, name: `n${s}` }], onlyInRight: [{ type: `t${s}`, name: `m${s}` }],
    differences: [{ type: `t${s}`, name: `n${s}`, properties: [{ name: `p${s}`, left: `l${s}`, right: [`r${s}`] }] }],
  };
}

function importReport(s: string): ImportReport {
  return {
    version: 1, command: "import", status: "written", out: "/tmp/out.ts", credentials: "environment", source: `https://x${s}`,
    resources: [{ type: "dialpad:Webhook", id: `1${s}`, label: `l${s}`, name: "n", variable: "webhooks.n", secretConfigKeys: [] }],
    skipped: [{ type: "dialpad:Webhook", id: `2${s}`, label: `l${s}`, reason: `r${s}` }], warnings: [`w${s}`], configCommands: [], notListed: [],
  };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const TERMINAL_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** GFM's cell split: a pipe not taken by a backslash escape (a backslash takes the character after it). */
function cellDelimiters(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "|") n++;
  }
  return n;
}

/** What Markdown would act on outside code: an unescaped special character, `://` or `www.`, or an HTML tag other than `<code>`. */
function activeMarkdown(line: string): string[] {
  const outside = line.replace(/(`+) [\s\S]*? \1|(`+)[^`]*?\2/g, "").replace(/<\/?code>/g, "");
  const found: string[] = [];
  for (let i = 0; i < outside.length; i++) {
    const c = outside[i]!;
    if (c === "\\") {
      i++;
      continue;
    }
    if ("[]()!<>*_~&@#$`".includes(c)) found.push(c);
    if (outside.startsWith("://", i)) found.push("://");
    if (/^www\./i.test(outside.slice(i)) && !/[a-z0-9]/i.test(outside[i - 1] ?? "")) found.push("www.");
  }
  return found;
}

describe("cli: reports of hostile vendor text", () => {
  const reports = [
    ["drift", (s: string) => driftReport(s)],
    ["compare", (s: string) => compareReport(s)],
  ] as const;

  for (const [what, make] of reports) {
    it(`${what} text: no control character, one line per line of the plain report`, () => {
      const out = render(make(HOSTILE), "text");
      const plain = render(make("x"), "text");
      const lines = out.split("\n");
      assert.equal(lines.length, plain.split("\n").length, "no line broken by vendor text");
      for (const l of lines) assert.doesNotMatch(l, CONTROL);
      assert.ok(out.includes("\\u009b31m CSI"), "a control character is shown as a visible escape");
      assert.ok(out.includes("\\u202e bidi"));
    });

    it(`${what} JSON: the same data, no raw C1, line separator or bidi control`, () => {
      const out = render(make(HOSTILE), "json");
      assert.doesNotMatch(out, TERMINAL_UNSAFE);
      assert.deepEqual(JSON.parse(out), make(HOSTILE));
    });

    for (const [variant, hostile] of [["with escapes", HOSTILE], ["in code spans", HOSTILE_PLAIN]] as const) {
      it(`${what} Markdown (${variant}): tables intact, no link, image, HTML, mention or math takes effect`, () => {
        const out = render(make(hostile), "markdown");
        const plain = render(make("x"), "markdown");
        const lines = out.split("\n");
        const plainLines = plain.split("\n");
        assert.equal(lines.length, plainLines.length, "no line broken by vendor text");
        lines.forEach((l, i) => {
          assert.doesNotMatch(l, CONTROL);
          assert.equal(cellDelimiters(l), cellDelimiters(plainLines[i]!), `line ${i + 1} keeps its cells: ${l}`);
          assert.deepEqual(activeMarkdown(l), activeMarkdown(plainLines[i]!), `line ${i + 1} has no active Markdown from the vendor: ${l}`);
        });
      });
    }
  }

  it("import: text shows no control character and breaks no line; JSON is the same data without raw C1 or bidi", () => {
    const text = importOutput(importReport(HOSTILE), "", false);
    assert.equal(text.split("\n").length, importOutput(importReport("x"), "", false).split("\n").length);
    for (const l of text.split("\n")) assert.doesNotMatch(l, CONTROL);
    const json = importOutput(importReport(HOSTILE), "", true);
    assert.doesNotMatch(json, TERMINAL_UNSAFE);
    assert.deepEqual(JSON.parse(json), importReport(HOSTILE));
    const failed = importOutput({ ...importReport("x"), status: "error", error: `e${HOSTILE}` }, "", false);
    assert.equal(failed.split("\n").length, 2);
    assert.doesNotMatch(failed, CONTROL);
  });

  it("escapers: Markdown text and code keep the text readable and whole", () => {
    assert.equal(markdown("ops-dialpad.example.com/x"), "ops-dialpad.example.com/x", "plain names and URL parts stay as they are");
    assert.equal(markdown("https://a.example [x](y) <b> @t #1 www.z"), "https\\://a.example \\[x\\]\\(y\\) \\<b\\> \\@t \\#1 www\\.z");
    assert.equal(markdownCode("a|b"), "`a\\|b`");
    assert.equal(markdownCode("a`b"), "`` a`b ``");
    assert.equal(markdownCode("a\\|b"), "<code>a\\\\\\|b</code>");
    assert.equal(markdownCode(""), " ");
    assert.equal(printable("a\u009bb\nc"), "a\\u009bb\\u000ac");
  });
});
