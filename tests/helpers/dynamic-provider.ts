// Protocol-test harness: runs Pulumi's real dynamic-provider server the way the engine does (a child process
// that prints its gRPC port), drives it with the generated gRPC stubs, and captures the `__provider` string
// the SDK classes really serialize (through pulumi.runtime.setMocks).
//
// The server evaluates `__provider`, whose code requires "pulumi-dialpad-cinnox/provider" from the server's
// working directory: the repo root, where the package links to itself, resolving to dist/. So these tests
// need a build; `ensureBuilt()` runs `tsc -p tsconfig.build.json` when dist/ is missing or older than a source.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const SERVER = path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");

type Props = Record<string, unknown>;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than provider/ or sdk/ sources (`npm test` builds first anyway). */
export function ensureBuilt(): void {
  const built = path.join(REPO_ROOT, "dist/provider/index.js");
  const sources = Math.max(newestMtime(path.join(REPO_ROOT, "provider")), newestMtime(path.join(REPO_ROOT, "sdk")));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: REPO_ROOT, stdio: "inherit",
  });
}

export const urnOf = (type: string, name: string): string => `urn:pulumi:test::protocol::${type}::${name}`;

const struct = (v: Props): Struct => Struct.fromJavaScript(v as Parameters<typeof Struct.fromJavaScript>[0]);
const plain = (s: Struct | undefined): Props => (s ? (s.toJavaScript() as Props) : {});

export interface DiffAnswer { changes: "none" | "some" | "unknown"; replaces: string[]; deleteBeforeReplace: boolean }

export interface DynamicProviderServer {
  configure(config: Record<string, string>): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(urn: string, id: string, olds: Props, news: Props): Promise<DiffAnswer>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  read(urn: string, id: string, properties: Props): Promise<{ id: string; properties: Props; inputs: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<Props>;
  delete(urn: string, id: string, properties: Props): Promise<void>;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** Starts the dynamic-provider server as the engine does and connects a gRPC client to it. */
export async function startDynamicProvider(env: NodeJS.ProcessEnv = process.env): Promise<DynamicProviderServer> {
  // The engine passes its own address; the server only requires that there is one.
  const child: ChildProcess = spawn(process.execPath, [SERVER, "127.0.0.1:1"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`dynamic-provider server printed no port: ${err}`)), 15_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dynamic-provider server exited (${code}): ${err}`));
    });
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  const call = <Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req): Promise<Res> =>
    new Promise((resolve, reject) => {
      method.call(client, req, (e: grpc.ServiceError | null, r: Res) => (e ? reject(new Error(e.details || e.message)) : resolve(r)));
    });

  return {
    async configure(config) {
      const req = new provproto.ConfigureRequest();
      req.setArgs(struct(config));
      for (const [k, v] of Object.entries(config)) req.getVariablesMap().set(k, v);
      await call(client.configure, req);
    },
    async check(urn, olds, news) {
      const req = new provproto.CheckRequest();
      req.setUrn(urn);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await call<provproto.CheckRequest, provproto.CheckResponse>(client.check, req);
      return { inputs: plain(res.getInputs()), failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
    },
    async diff(urn, id, olds, news) {
      const req = new provproto.DiffRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await call<provproto.DiffRequest, provproto.DiffResponse>(client.diff, req);
      const C = provproto.DiffResponse.DiffChanges;
      const changes = res.getChanges() === C.DIFF_NONE ? "none" : res.getChanges() === C.DIFF_SOME ? "some" : "unknown";
      return { changes, replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
    },
    async create(urn, properties) {
      const req = new provproto.CreateRequest();
      req.setUrn(urn);
      req.setProperties(struct(properties));
      const res = await call<provproto.CreateRequest, provproto.CreateResponse>(client.create, req);
      return { id: res.getId(), properties: plain(res.getProperties()) };
    },
    async read(urn, id, properties) {
      const req = new provproto.ReadRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(struct(properties));
      const res = await call<provproto.ReadRequest, provproto.ReadResponse>(client.read, req);
      return { id: res.getId(), properties: plain(res.getProperties()), inputs: plain(res.getInputs()) };
    },
    async update(urn, id, olds, news) {
      const req = new provproto.UpdateRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setOlds(struct(olds));
      req.setNews(struct(news));
      const res = await call<provproto.UpdateRequest, provproto.UpdateResponse>(client.update, req);
      return plain(res.getProperties());
    },
    async delete(urn, id, properties) {
      const req = new provproto.DeleteRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(struct(properties));
      await call(client.delete, req);
    },
    stderr: () => err,
    async close() {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill();
        await exited;
      }
    },
  };
}

export interface Registered { type: string; name: string; inputs: Props }

/**
 * Declares resources under pulumi.runtime.setMocks and returns what each registered: its type token and
 * its inputs, including the `__provider` string the SDK serialized.
 */
export async function registerWithMocks(declare: () => pulumi.Resource[]): Promise<Registered[]> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Props });
        return { id: `${args.name}-id`, state: args.inputs as Props };
      },
      call: (args) => args.inputs as Props,
    },
    "protocol",
    "test",
    false,
  );
  const resources = declare();
  await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
  return registered;
}
