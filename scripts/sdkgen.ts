// `npm run sdkgen` writes the SDKs of the native providers from their schemas; `npm run sdkgen -- --check` (part
// of `npm test`) fails when a committed SDK differs from what the schema generates, listing the files.
//
// The schema is the one the plugins serve (provider/native/schema.ts, from the kind registry, at the package's
// version); the generators are Pulumi's own (github.com/pulumi/pulumi/pkg/v3/codegen at the engine's version),
// run by scripts/engine/sdkgen (Go, built into the engine cache). Written, each generated file as it comes:
//   native/nodejs/<vendor>/  the TypeScript SDK (entry points `pulumi-dialpad-cinnox/native/<vendor>`), without the
//                            generator's README, tsconfig and git files, which a subfolder of this package has no use for;
//   native/go/<vendor>/      the Go SDK, packages of the module in native/go/go.mod.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { VENDORS, packageSchema } from "../provider/native/schema";
import { packageVersion } from "../provider/native/plugin";

const root = path.resolve(__dirname, "..");
const LANGS = { nodejs: "native/nodejs", go: "native/go" } as const;
type Lang = keyof typeof LANGS;
/** Generator output that is not part of the SDK as this package ships it. */
const LEFT_OUT: Record<Lang, RegExp> = {
  nodejs: /^(README\.md|tsconfig\.json|\.gitignore|\.gitattributes)$/,
  go: /^\.gitattributes$/,
};

function log(line: string): void {
  process.stderr.write(`[sdkgen] ${line}\n`);
}

/** Builds the generator into the user's cache (beside the engine's), once per change of its source. */
function generator(): string {
  const cache = process.env.PULUMI_DIALPAD_CINNOX_ENGINE_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-dialpad-cinnox", "engine");
  const exe = path.join(cache, "sdkgen", "sdkgen");
  const src = path.join(root, "scripts", "engine");
  const stamp = ["sdkgen/main.go", "go.mod", "go.sum"].map((f) => fs.readFileSync(path.join(src, f), "utf8")).join("\0");
  const hash = createHash("sha256").update(stamp).digest("hex");
  const built = fs.existsSync(exe) && fs.existsSync(`${exe}.stamp`) && fs.readFileSync(`${exe}.stamp`, "utf8").trim() === hash;
  if (!built) {
    log("building scripts/engine/sdkgen (Pulumi's code generators; first time only)...");
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    execFileSync("go", ["build", "-trimpath", "-o", `${exe}.tmp`, "./sdkgen"], {
      cwd: src, stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly", GONOSUMDB: "github.com/pulumi/pulumi" },
    });
    fs.renameSync(`${exe}.tmp`, exe);
    fs.writeFileSync(`${exe}.stamp`, `${hash}\n`);
  }
  return exe;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** Every generated file, by its path in the repository. */
function generate(exe: string): Map<string, Buffer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sdkgen-"));
  const files = new Map<string, Buffer>();
  try {
    for (const vendor of VENDORS) {
      const schemaFile = path.join(tmp, `${vendor}.json`);
      fs.writeFileSync(schemaFile, JSON.stringify(packageSchema(vendor, packageVersion())));
      for (const lang of Object.keys(LANGS) as Lang[]) {
        const out = path.join(tmp, lang, vendor);
        execFileSync(exe, ["-schema", schemaFile, "-lang", lang, "-out", out], { stdio: ["ignore", "inherit", "inherit"] });
        // The Go generator writes the package in a folder named after it; the TypeScript one at the root.
        const base = lang === "go" ? path.join(out, vendor) : out;
        for (const f of filesUnder(out)) {
          if (LEFT_OUT[lang].test(f)) continue;
          const rel = path.relative(base, path.join(out, f)).split(path.sep).join("/");
          if (rel.startsWith("..")) throw new Error(`${lang} ${vendor}: ${f} outside the package folder`);
          files.set(`${LANGS[lang]}/${vendor}/${rel}`, fs.readFileSync(path.join(out, f)));
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return files;
}

function main(): void {
  const check = process.argv.includes("--check");
  const files = generate(generator());
  const committed = new Set(
    VENDORS.flatMap((v) => (Object.values(LANGS) as string[]).flatMap((dir) => filesUnder(path.join(root, dir, v)).map((f) => `${dir}/${v}/${f}`))),
  );
  const stale = [...files].filter(([p, body]) => !committed.has(p) || !fs.readFileSync(path.join(root, p)).equals(body)).map(([p]) => p);
  const extra = [...committed].filter((p) => !files.has(p));
  if (check) {
    if (stale.length === 0 && extra.length === 0) {
      log(`the SDKs in native/ are what the schemas generate (${files.size} files)`);
      return;
    }
    for (const p of stale) log(`stale: ${p}`);
    for (const p of extra) log(`not generated: ${p}`);
    log("the generated SDKs are stale: run npm run sdkgen and commit the result");
    process.exit(1);
  }
  for (const p of extra) fs.rmSync(path.join(root, p));
  for (const [p, body] of files) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), body);
  }
  log(`wrote ${files.size} files (${stale.length} changed, ${extra.length} removed)`);
}

main();
