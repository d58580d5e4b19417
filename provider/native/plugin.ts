// The entry of the plugin executables `pulumi-resource-dialpad` and `pulumi-resource-cinnox` (bin/): the engine
// starts one per provider instance with its own address as argument; the plugin serves the ResourceProvider
// service on a loopback port and prints that port alone on stdout. Kinds load at their first call.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Vendor } from "../kind";

/** This package's version (the plugin's): from the package.json above this file, in the source tree or in dist. */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-dialpad-cinnox" && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error("pulumi-dialpad-cinnox: package.json not found above the plugin");
  }
}

export async function main(vendor: Vendor): Promise<void> {
  const { serve } = require("./server") as typeof import("./server");
  try {
    const { port } = await serve({ vendor, version: packageVersion(), engineAddress: process.argv[2] });
    // The engine reads the port from the first line of stdout.
    process.stdout.write(`${port}\n`);
  } catch (err) {
    process.stderr.write(`pulumi-resource-${vendor}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
