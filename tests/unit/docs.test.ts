// The README documents every resource kind the registry lists: adding a kind without its section fails here.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { RESOURCE_KINDS, definitionOf } from "../../provider";

describe("README: a section for every resource kind", () => {
  const readme = readFileSync(resolve(__dirname, "../../README.md"), "utf8");

  for (const kind of RESOURCE_KINDS) {
    const [vendor, name] = kind.split(":") as [string, string];
    it(`${vendor}.${name}: documented with each of its inputs and its API path`, () => {
      const def = definitionOf(kind);
      if (vendor === "dialpad") {
        const start = readme.indexOf(`### \`${vendor}.${name}\``);
        assert.ok(start >= 0, `README has a "### \`${vendor}.${name}\`" section`);
        const end = readme.indexOf("\n### ", start + 1);
        const section = readme.slice(start, end < 0 ? undefined : end);
        for (const input of Object.keys(def.inputs.shape)) assert.match(section, new RegExp(`\`${input}\\??\``), `${kind} documents ${input}`);
        assert.ok(section.includes(def.api.replace(/\/\{[A-Za-z]+\}$/, "").replace(/^\/api\/v2/, "")), `${kind} names its path`);
      } else {
        // Cinnox kinds share one section: a row of the classes table names the class and its path.
        const path = def.api.split("/").pop() ?? "";
        assert.match(readme, new RegExp(`\\| \`${vendor}\\.${name}\` \\| \`${path}\` \\|`), `${kind} has a row with its path ${path}`);
      }
    });
  }
});
