// The native `dialpad` / `cinnox` resource provider: Pulumi's ResourceProvider gRPC service (the stubs shipped in
// `@pulumi/pulumi/proto`), every call delegating to the kind's controller from the registry (`definitionOf(kind)
// .controller`): the same check, diff, create, read, update and delete as the dynamic resources, nothing
// re-implemented here. What this adds is the protocol: secret-wrapped values unwrapped before the controller and
// the kind's secrets wrapped again in every answer, a detailed diff, preview answers without vendor calls, the
// provider config (CheckConfig, DiffConfig, Configure) read through `settings.ts`, and import (Read with an id
// only). One plugin process serves one provider instance, as the engine starts one per instance.
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as provTypes from "@pulumi/pulumi/proto/provider_pb";
import type { Props, ResourceController } from "../controller";
import type { Vendor } from "../kind";
import type { ResourceKind } from "../registry";
import type { ConfigSource, SettingName } from "../settings";

// Pulumi's wire markers (sdk/go/common/resource/sig): a secret value, and a value unknown until apply.
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A module of `@pulumi/pulumi`'s own dependencies (@grpc/grpc-js, google-protobuf): the copy its stubs use. */
function pulumiDependency<T>(name: string): T {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve(name, { paths: [pulumiDir] })) as T;
}

interface Unwrapped {
  value: unknown;
  secret: boolean;
}

/** A value with every secret wrapper removed, and whether it held one. */
export function unwrapSecrets(value: unknown): Unwrapped {
  if (Array.isArray(value)) {
    const items = value.map(unwrapSecrets);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (value !== null && typeof value === "object") {
    const o = value as Props;
    if (o[SIG_KEY] === SECRET_SIG) return { value: unwrapSecrets(o.value).value, secret: true };
    let secret = false;
    const out: Props = {};
    for (const [k, v] of Object.entries(o)) {
      const u = unwrapSecrets(v);
      out[k] = u.value;
      secret ||= u.secret;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

/** Top-level properties without secret wrappers, and the names of those that held a secret. */
export function unwrapProps(props: Props): { props: Props; secret: Set<string> } {
  const out: Props = {};
  const secret = new Set<string>();
  for (const [k, v] of Object.entries(props)) {
    const u = unwrapSecrets(v);
    out[k] = u.value;
    if (u.secret) secret.add(k);
  }
  return { props: out, secret };
}

/** `props` with the named properties wrapped as secrets; undefined values dropped (a Struct cannot hold them). */
export function wrapSecrets(props: Props | undefined, names: Iterable<string>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props ?? {})) if (v !== undefined) out[k] = v;
  for (const k of names) {
    const v = out[k];
    if (v !== undefined && v !== null && v !== UNKNOWN) out[k] = { [SIG_KEY]: SECRET_SIG, value: v };
  }
  return out;
}

const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/**
 * What the provider holds after Configure: its own config (`apiKey`, `baseUrl`, ...), read by `settings.ts` like the
 * stack config (`dialpad:apiKey`, ...; unset keys fall back to the environment). The drift command reads an explicit
 * provider's recorded inputs through it, as the plugin does.
 */
export function configSource(vendor: Vendor, values: Props): ConfigSource {
  return {
    get(key: string): string | undefined {
      const [ns, name] = key.split(":");
      if (ns !== vendor || name === undefined) return undefined;
      const v = values[name];
      if (v === undefined || v === null || isUnknown(v)) return undefined;
      return typeof v === "string" ? v : JSON.stringify(v);
    },
  };
}

/** Provider inputs the engine may add beside the settings. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

export interface ServeOptions {
  vendor: Vendor;
  version: string;
  /**
   * The engine's address (the plugin's first argument). The provider's notes (an adoption handed over, a secret
   * left out of an import, an interrupted earlier create) go to its Log service, as diagnostics of the resource
   * the call is for: the engine does not show a plugin's stderr. Without it they go to stderr.
   */
  engineAddress?: string;
}

type Call<Req, Res> = (call: grpcTypes.ServerUnaryCall<Req, Res>, cb: grpcTypes.sendUnaryData<Res>) => void;

/** Starts the service on a loopback port and returns the port (the plugin prints it). */
export async function serve(opts: ServeOptions): Promise<{ port: number; server: grpcTypes.Server }> {
  const grpc = pulumiDependency<typeof grpcTypes>("@grpc/grpc-js");
  const struct = pulumiDependency<typeof structTypes>("google-protobuf/google/protobuf/struct_pb");
  const empty = pulumiDependency<{ Empty: new () => unknown }>("google-protobuf/google/protobuf/empty_pb");
  const proto = require("@pulumi/pulumi/proto/provider_pb") as typeof provTypes;
  const plugin = require("@pulumi/pulumi/proto/plugin_pb") as typeof import("@pulumi/pulumi/proto/plugin_pb");
  const services = require("@pulumi/pulumi/proto/provider_grpc_pb") as { ResourceProviderService: grpcTypes.ServiceDefinition };
  const { vendor, version } = opts;

  // Loaded at the first call that needs them, so the plugin answers the engine's first calls fast.
  const settings = () => require("../settings") as typeof import("../settings");
  const registry = () => require("../registry") as typeof import("../registry");
  const schema = () => require("./schema") as typeof import("./schema");

  const toJs = (s: structTypes.Struct | undefined): Props => (s ? (s.toJavaScript() as Props) : {});
  const toStruct = (p: Props): structTypes.Struct => struct.Struct.fromJavaScript(JSON.parse(JSON.stringify(p)) as Record<string, structTypes.JavaScriptValue>);

  function kindOf(type: string, urn: string): ResourceKind {
    const token = type || urn.split("::")[2]?.split("$").pop() || "";
    const kind = schema().kindOfToken(token);
    if (!kind || !kind.startsWith(`${vendor}:`)) {
      throw Object.assign(new Error(`The ${vendor} provider has no resource type "${token}"`), { code: grpc.status.INVALID_ARGUMENT });
    }
    return kind;
  }
  const definition = (kind: ResourceKind) => registry().definitionOf(kind);
  // This provider instance's context: its config, clients, limits and listings (one plugin process serves one
  // instance, but nothing here relies on that). Made at the first call that needs it.
  let providerContext: import("../context").ProviderContext | undefined;
  const context = () => (providerContext ??= new (require("../context") as typeof import("../context")).ProviderContext());
  const bound = new Map<ResourceKind, ResourceController>();
  const controller = (kind: ResourceKind): ResourceController => {
    let c = bound.get(kind);
    if (!c) bound.set(kind, (c = context().bind(definition(kind).controller)));
    return c;
  };
  /** The kind's secrets, plus every property the engine sent as a secret. */
  const secretsOf = (kind: ResourceKind, sent: Iterable<string> = []) => new Set([...definition(kind).secrets, ...sent]);

  // The notes a call writes, sent to the engine's log for the call's resource; the answer waits for them, so
  // that the engine has shown them before it moves on (and before it ends the run and this process).
  const { AsyncLocalStorage } = require("node:async_hooks") as typeof import("node:async_hooks");
  const callContext = new AsyncLocalStorage<{ urn: string; sent: Promise<void>[] }>();
  if (opts.engineAddress) {
    const engineAddress = opts.engineAddress;
    let engine: import("@pulumi/pulumi/proto/engine_grpc_pb").EngineClient | undefined;
    let enginePb: typeof import("@pulumi/pulumi/proto/engine_pb") | undefined;
    const log = (line: string): void => {
      // Loaded at the first note, not at start-up: most runs write none.
      enginePb ??= require("@pulumi/pulumi/proto/engine_pb") as typeof import("@pulumi/pulumi/proto/engine_pb");
      engine ??= new (require("@pulumi/pulumi/proto/engine_grpc_pb") as typeof import("@pulumi/pulumi/proto/engine_grpc_pb")).EngineClient(
        engineAddress, grpc.credentials.createInsecure(),
      );
      const ctx = callContext.getStore();
      const warning = /^warning:\s*/i.test(line);
      const req = new enginePb.LogRequest();
      req.setSeverity(warning ? enginePb.LogSeverity.WARNING : enginePb.LogSeverity.INFO);
      req.setMessage(line.replace(/^warning:\s*/i, ""));
      req.setUrn(ctx?.urn ?? "");
      const sent = new Promise<void>((resolve) => engine?.log(req, () => resolve()));
      ctx?.sent.push(sent);
    };
    (require("../notices") as typeof import("../notices")).notices.write = log;
    (require("../journal") as typeof import("../journal")).journalNotices.write = log;
  }

  /** One handler: runs `work`, answers its result or the error (message only; they never hold credentials). */
  function unary<Req, Res>(work: (req: Req) => Promise<Res>): Call<Req, Res> {
    return (call, cb) => {
      const urn = (call.request as { getUrn?: () => string }).getUrn?.() ?? "";
      const ctx = { urn, sent: [] as Promise<void>[] };
      const settle = <T>(v: T): Promise<T> => Promise.allSettled(ctx.sent).then(() => v);
      callContext.run(ctx, () => work(call.request).then(settle, (err: unknown) => settle(undefined).then(() => Promise.reject(err)))).then(
        (res) => cb(null, res),
        (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          const code = (e as { code?: number }).code;
          cb({ code: typeof code === "number" && code in grpc.status ? code : grpc.status.UNKNOWN, details: e.message, name: e.name, message: e.message });
        },
      );
    };
  }

  // ---- provider config ----

  const settingKeys = (): string[] => Object.keys(settings().settingsSchema.shape[vendor].shape);
  const credentials = (): string[] => settingKeys().filter((k) => schema().isCredential(vendor, k));

  const checkConfig = async (req: provTypes.CheckRequest) => {
    const { props: news } = unwrapProps(toJs(req.getNews()));
    const s = settings();
    const shape = s.settingsSchema.shape[vendor].shape as Record<string, import("zod").ZodType>;
    const res = new proto.CheckResponse();
    const failures: provTypes.CheckFailure[] = [];
    const { nearestName } = require("../controller") as typeof import("../controller");
    for (const [key, value] of Object.entries(news)) {
      if (ENGINE_KEYS.has(key) || key.startsWith("__")) continue;
      const field = shape[key];
      if (!field) {
        const near = nearestName(key, settingKeys());
        failures.push(failure("", `unknown ${vendor} provider setting "${key}"${near ? `: did you mean ${near}?` : ""} (valid: ${settingKeys().join(", ")})`));
        continue;
      }
      if (isUnknown(value) || value === undefined || value === null) continue;
      const text = typeof value === "string" ? value : JSON.stringify(value);
      if (text === "") continue;
      const parsed = field.safeParse(text);
      if (!parsed.success) {
        const src = s.SETTING_SOURCES[`${vendor}.${key}` as SettingName];
        const reason = `${src.config} is invalid: ${parsed.error.issues.map((i) => i.message).join("; ")}`;
        // A credential's failure names no property: the engine would print its value beside it.
        failures.push(schema().isCredential(vendor, key) ? failure("", `${reason} (value not shown)`) : failure(key, reason));
      }
    }
    res.setFailuresList(failures);
    // Credentials are secrets in the provider's state, whatever the program passed.
    res.setInputs(toStruct(wrapSecrets(news, credentials())));
    return res;
  };

  function failure(property: string, reason: string): provTypes.CheckFailure {
    const f = new proto.CheckFailure();
    f.setProperty(property);
    f.setReason(reason);
    return f;
  }

  const diffConfig = async (req: provTypes.DiffRequest) => {
    const oldInputs = toJs(req.getOldInputs());
    const olds = unwrapProps(Object.keys(oldInputs).length > 0 ? oldInputs : toJs(req.getOlds())).props;
    const news = unwrapProps(toJs(req.getNews())).props;
    const s = settings();
    const shape = s.settingsSchema.shape[vendor].shape as Record<string, import("zod").ZodType>;
    // Where the objects live: another base URL or company is another account, so its resources are replaced
    // (created at the new account, deleted at the old one with the old config). A rotated key is an update.
    const replacing = new Set(vendor === "dialpad" ? ["baseUrl", "companyId"] : ["baseUrl"]);
    const normal = (key: string, v: unknown): unknown => {
      if (v === undefined || v === null || v === "" || isUnknown(v)) return v === "" ? undefined : v;
      const parsed = shape[key]?.safeParse(typeof v === "string" ? v : JSON.stringify(v));
      return parsed?.success ? parsed.data : v;
    };
    const res = new proto.DiffResponse();
    const diffs: string[] = [];
    const replaces: string[] = [];
    for (const key of settingKeys()) {
      const a = normal(key, olds[key]);
      const b = normal(key, news[key]);
      if (!isUnknown(b) && JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
      diffs.push(key);
      const kind = replacing.has(key) && !isUnknown(b) ? proto.PropertyDiff.Kind.UPDATE_REPLACE : proto.PropertyDiff.Kind.UPDATE;
      if (kind === proto.PropertyDiff.Kind.UPDATE_REPLACE) replaces.push(key);
      const pd = new proto.PropertyDiff();
      pd.setKind(a === undefined ? proto.PropertyDiff.Kind.ADD : b === undefined ? proto.PropertyDiff.Kind.DELETE : kind);
      pd.setInputdiff(true);
      res.getDetaileddiffMap().set(key, pd);
    }
    res.setChanges(diffs.length > 0 ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
    res.setDiffsList(diffs);
    res.setReplacesList(replaces);
    res.setHasdetaileddiff(true);
    return res;
  };

  const configure = async (req: provTypes.ConfigureRequest) => {
    let values: Props;
    const args = req.getArgs();
    if (args) values = unwrapProps(toJs(args)).props;
    else {
      // Older engines: `<pkg>:config:<key>` variables.
      values = {};
      req.getVariablesMap().forEach((v: string, k: string) => {
        const m = /^([^:]+):(?:config:)?(.+)$/.exec(k);
        if (m && m[1] === vendor) values[m[2]!] = v;
      });
    }
    context().configure(configSource(vendor, values));
    const res = new proto.ConfigureResponse();
    res.setAcceptsecrets(true);
    res.setSupportspreview(true);
    res.setAcceptresources(false);
    res.setAcceptoutputs(false);
    return res;
  };

  // ---- resources ----

  const check = async (req: provTypes.CheckRequest) => {
    const kind = kindOf(req.getType(), req.getUrn());
    const olds = unwrapProps(toJs(req.getOlds())).props;
    const { props: news, secret } = unwrapProps(toJs(req.getNews()));
    const result = await controller(kind).check(olds, news);
    const res = new proto.CheckResponse();
    res.setInputs(toStruct(wrapSecrets(result.inputs, secretsOf(kind, secret))));
    res.setFailuresList((result.failures ?? []).map((f) => failure(f.property, f.reason)));
    return res;
  };

  const diff = async (req: provTypes.DiffRequest) => {
    const kind = kindOf(req.getType(), req.getUrn());
    const olds = unwrapProps(toJs(req.getOlds())).props;
    const news = unwrapProps(toJs(req.getNews())).props;
    const d = await controller(kind).diff(req.getId(), olds, news);
    const res = new proto.DiffResponse();
    const replaces = new Set(d.replaces ?? []);
    for (const key of d.diffs) {
      const pd = new proto.PropertyDiff();
      const replace = replaces.has(key);
      const K = proto.PropertyDiff.Kind;
      pd.setKind(olds[key] === undefined ? (replace ? K.ADD_REPLACE : K.ADD) : news[key] === undefined ? (replace ? K.DELETE_REPLACE : K.DELETE) : replace ? K.UPDATE_REPLACE : K.UPDATE);
      pd.setInputdiff(true);
      res.getDetaileddiffMap().set(key, pd);
    }
    res.setChanges(d.changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE);
    res.setDiffsList(d.diffs);
    res.setReplacesList([...replaces]);
    res.setHasdetaileddiff(true);
    res.setDeletebeforereplace(Boolean(d.deleteBeforeReplace ?? definition(kind).deleteBeforeReplace));
    return res;
  };

  const create = async (req: provTypes.CreateRequest) => {
    const kind = kindOf(req.getType(), req.getUrn());
    const { props: inputs, secret } = unwrapProps(toJs(req.getProperties()));
    const res = new proto.CreateResponse();
    if (req.getPreview()) {
      // No vendor call in a preview: the outputs are the inputs (the vendor's own values unknown).
      res.setId("");
      res.setProperties(toStruct(wrapSecrets(inputs, secretsOf(kind, secret))));
      return res;
    }
    const r = await controller(kind).create(inputs);
    res.setId(r.id);
    res.setProperties(toStruct(wrapSecrets(r.outs, secretsOf(kind, secret))));
    return res;
  };

  const read = async (req: provTypes.ReadRequest) => {
    const kind = kindOf(req.getType(), req.getUrn());
    const def = definition(kind);
    const { props, secret } = unwrapProps(toJs(req.getProperties()));
    const inputsSent = unwrapProps(toJs(req.getInputs())).props;
    const importing = Object.keys(props).length === 0 && Object.keys(inputsSent).length === 0;
    if (importing && !def.readable) {
      throw new Error(`${kind} ${req.getId()} cannot be imported: ${def.unreadableReason ?? "the vendor has no endpoint to read it"}. ` +
        `Declare it in the program instead: its create sets it to the declared state.`);
    }
    const r = await controller(kind).read(req.getId(), props);
    const res = new proto.ReadResponse();
    res.setId(r.id ?? "");
    if (!r.id) return res; // gone: the engine drops it (refresh) or says it does not exist (import)
    const secrets = secretsOf(kind, secret);
    res.setProperties(toStruct(wrapSecrets(r.props, secrets)));
    // At import the engine writes the inputs into the code it prints (`pulumi import`), which users commit: a
    // secret read back (a webhook's signing secret) stays in the outputs, encrypted, and out of the inputs, so
    // the printed code holds no secret and the program without it shows no change. Declaring it later (from
    // `pulumi config set --secret`) shows as a masked change of that property.
    const heldBack = importing && r.inputs ? Object.keys(r.inputs).filter((k) => secrets.has(k) && r.inputs?.[k] !== undefined) : [];
    const inputs = heldBack.length > 0 ? Object.fromEntries(Object.entries(r.inputs ?? {}).filter(([k]) => !heldBack.includes(k))) : r.inputs;
    if (heldBack.length > 0) {
      const { notices } = require("../notices") as typeof import("../notices");
      notices.write(
        `warning: ${kind} ${req.getId()}: ${heldBack.join(", ")} left out of the code pulumi import prints (it would hold the value). ` +
          `Declare ${heldBack.join(", ")} from a secret config value (pulumi config set --secret …) before the next pulumi up: ` +
          "without it, the up removes it (its preview shows that change, masked).",
      );
    }
    res.setInputs(toStruct(wrapSecrets(inputs, secrets)));
    return res;
  };

  const update = async (req: provTypes.UpdateRequest) => {
    const kind = kindOf(req.getType(), req.getUrn());
    const { props: olds, secret: oldSecret } = unwrapProps(toJs(req.getOlds()));
    const { props: news, secret } = unwrapProps(toJs(req.getNews()));
    const res = new proto.UpdateResponse();
    const secrets = secretsOf(kind, [...secret, ...oldSecret]);
    if (req.getPreview()) {
      const outs: Props = { ...news };
      for (const k of definition(kind).outputsOnly) if (olds[k] !== undefined) outs[k] = olds[k];
      res.setProperties(toStruct(wrapSecrets(outs, secrets)));
      return res;
    }
    const r = await controller(kind).update(req.getId(), olds, news);
    res.setProperties(toStruct(wrapSecrets(r.outs, secrets)));
    return res;
  };

  const del = async (req: provTypes.DeleteRequest) => {
    const kind = kindOf(req.getType(), req.getUrn());
    await controller(kind).delete(req.getId(), unwrapProps(toJs(req.getProperties())).props);
    return new empty.Empty();
  };

  const getSchema = async (req: provTypes.GetSchemaRequest) => {
    if (req.getSubpackageName()) throw Object.assign(new Error(`The ${vendor} provider has no subpackage ${req.getSubpackageName()}`), { code: grpc.status.NOT_FOUND });
    const res = new proto.GetSchemaResponse();
    res.setSchema(JSON.stringify(schema().packageSchema(vendor, version)));
    return res;
  };

  const getPluginInfo = async () => {
    const info = new plugin.PluginInfo();
    info.setVersion(version);
    return info;
  };

  // Every request holds its own deadline (operationDeadlineSeconds); nothing long-running to stop.
  const cancel = async () => new empty.Empty();

  const server = new grpc.Server({
    "grpc.max_receive_message_length": 1024 * 1024 * 400,
  });
  server.addService(services.ResourceProviderService, {
    getPluginInfo: unary(getPluginInfo),
    getSchema: unary(getSchema),
    checkConfig: unary(checkConfig),
    diffConfig: unary(diffConfig),
    configure: unary(configure),
    check: unary(check),
    diff: unary(diff),
    create: unary(create),
    read: unary(read),
    update: unary(update),
    delete: unary(del),
    cancel: unary(cancel),
  } as unknown as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, server };
}
