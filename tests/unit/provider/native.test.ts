// The native providers' schema and gRPC service (issue 19), without the engine: the schema holds every kind of the
// registry with every input and output, secrets, replacements and enums; the service, called through Pulumi's own
// gRPC stubs, answers with the registry's checks, wraps secrets, gives a detailed diff and refuses Cinnox imports.
import assert from "node:assert/strict";
import * as path from "node:path";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { z } from "zod";
import { RESOURCE_KINDS, definitionOf } from "../../../provider";
import { UNKNOWN as CONTROLLER_UNKNOWN } from "../../../provider/controller";
import { packageVersion } from "../../../provider/native/plugin";
import { kindOfToken, kindsOf, packageSchema, typeToken, type PackageSchema } from "../../../provider/native/schema";
import { SECRET_SIG, SIG_KEY, UNKNOWN, serve } from "../../../provider/native/server";

type Grpc = typeof import("@grpc/grpc-js");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as Grpc;
const struct = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] })) as typeof import("google-protobuf/google/protobuf/struct_pb");
const proto = require("@pulumi/pulumi/proto/provider_pb") as typeof import("@pulumi/pulumi/proto/provider_pb");
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderClient: new (addr: string, creds: unknown) => Record<string, (req: unknown, cb: (err: Error | null, res: unknown) => void) => void>;
};

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("native providers: the schema derived from the registry", () => {
  const schemas: Record<string, PackageSchema> = { dialpad: packageSchema("dialpad", "1.2.3"), cinnox: packageSchema("cinnox", "1.2.3") };

  it("uses Pulumi's own wire markers", () => {
    assert.equal(SIG_KEY, specialSigKey);
    assert.equal(SECRET_SIG, specialSecretSig);
    assert.equal(UNKNOWN, unknownValue);
    assert.equal(UNKNOWN, CONTROLLER_UNKNOWN);
  });

  it("holds every registry kind once, under its vendor's package, with a type token that maps back to it", () => {
    const tokens = [...Object.keys(schemas.dialpad!.resources), ...Object.keys(schemas.cinnox!.resources)];
    assert.equal(tokens.length, RESOURCE_KINDS.length);
    for (const kind of RESOURCE_KINDS) {
      const vendor = kind.split(":")[0]!;
      assert.ok(schemas[vendor]!.resources[typeToken(kind)], `${kind} as ${typeToken(kind)}`);
      assert.equal(kindOfToken(typeToken(kind)), kind);
    }
    assert.deepEqual([...kindsOf("dialpad"), ...kindsOf("cinnox")].sort(), [...RESOURCE_KINDS].sort());
    assert.equal(kindOfToken("dialpad:index:Nothing"), undefined);
  });

  for (const kind of RESOURCE_KINDS) {
    it(`${kind}: every input and output, required inputs, secrets, replaceOnChanges, enums resolvable`, () => {
      const d = definitionOf(kind);
      const schema = schemas[d.vendor]!;
      const r = schema.resources[typeToken(kind)]!;
      assert.ok(r.description.includes(d.summary));
      const inputs = Object.keys(d.inputs.shape);
      assert.deepEqual(Object.keys(r.inputProperties).sort(), [...inputs].sort());
      assert.deepEqual(Object.keys(r.properties).sort(), [...inputs, ...d.outputsOnly].sort());
      const required = inputs.filter((k) => !((d.inputs.shape as Record<string, z.ZodType>)[k]!).safeParse(undefined).success);
      assert.deepEqual([...r.requiredInputs].sort(), required.sort());
      for (const k of Object.keys(r.properties)) {
        assert.equal(Boolean(r.properties[k]!.secret), d.secrets.includes(k), `${k} secret in outputs`);
        if (k in r.inputProperties) assert.equal(Boolean(r.inputProperties[k]!.secret), d.secrets.includes(k), `${k} secret in inputs`);
      }
      for (const k of inputs) assert.equal(Boolean(r.inputProperties[k]!.replaceOnChanges), (d.replaceOn as readonly string[]).includes(k), `${k} replaceOnChanges`);
      for (const k of d.outputsOnly) assert.ok(!(k in r.inputProperties), `${k} is output only`);
      const refs = JSON.stringify(r).match(/#\/types\/[^"]+/g) ?? [];
      for (const ref of refs) assert.ok(schema.types[ref.slice("#/types/".length)], `${ref} is defined`);
    });
  }

  it("turns zod enums into enum types with every value (Dialpad's call states)", () => {
    const callStates = schemas.dialpad!.resources["dialpad:index:CallSubscription"]!.inputProperties.callStates!;
    assert.equal(callStates.type, "array");
    const ref = callStates.items!.$ref!.slice("#/types/".length);
    assert.ok(schemas.dialpad!.types[ref]!.enum.some((e) => e.value === "ringing"));
    const adopt = schemas.dialpad!.resources["dialpad:index:CallSubscription"]!.inputProperties.adoptId!;
    assert.deepEqual(adopt.oneOf?.map((o) => o.type).sort(), ["integer", "string"], "ids are strings, numbers accepted on input");
    assert.equal(schemas.dialpad!.resources["dialpad:index:CallSubscription"]!.properties.adoptId!.type, "string");
    assert.equal(schemas.dialpad!.resources["dialpad:index:Webhook"]!.properties.hookUrl!.type, "string", "a normalised URL is text");
  });

  it("declares the provider config of today's keys, credentials secret", () => {
    assert.deepEqual(Object.keys(schemas.dialpad!.config.variables).sort(), ["apiKey", "baseUrl", "companyId", "operationDeadlineSeconds"]);
    assert.deepEqual(Object.keys(schemas.cinnox!.config.variables).sort(), ["appToken", "baseUrl", "operationDeadlineSeconds"]);
    assert.equal(schemas.dialpad!.config.variables.apiKey!.secret, true);
    assert.equal(schemas.cinnox!.config.variables.appToken!.secret, true);
    assert.equal(schemas.dialpad!.provider.inputProperties.apiKey!.secret, true);
    assert.equal(schemas.dialpad!.config.variables.baseUrl!.secret, undefined);
  });
});

describe("native providers: the gRPC service through Pulumi's stubs", () => {
  const servers: { close(): void }[] = [];
  const clients: Record<string, Record<string, (req: unknown, cb: (err: Error | null, res: unknown) => void) => void>> = {};
  const call = <T>(vendor: string, method: string, req: unknown): Promise<T> =>
    new Promise((resolve, reject) => clients[vendor]![method]!.call(clients[vendor], req, (err, res) => (err ? reject(err) : resolve(res as T))));
  const toStruct = (o: object) => struct.Struct.fromJavaScript(o as Record<string, import("google-protobuf/google/protobuf/struct_pb").JavaScriptValue>);

  before(async () => {
    for (const vendor of ["dialpad", "cinnox"] as const) {
      const { port, server } = await serve({ vendor, version: packageVersion() });
      servers.push({ close: () => server.forceShutdown() });
      clients[vendor] = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    }
  });
  after(() => servers.forEach((s) => s.close()));

  it("GetPluginInfo answers the package's version", async () => {
    const info = await call<{ getVersion(): string }>("dialpad", "getPluginInfo", new (require("google-protobuf/google/protobuf/empty_pb").Empty)());
    assert.equal(info.getVersion(), packageVersion());
  });

  it("CheckConfig wraps the credential as a secret and names a bad setting by its key, never showing the credential", async () => {
    const req = new proto.CheckRequest();
    req.setUrn("urn:pulumi:s::p::pulumi:providers:dialpad::prod");
    req.setNews(toStruct({ apiKey: "dp-secret-key-1", baseUrl: "ftp://example.com", version: "0.1.0" }));
    const res = await call<InstanceType<typeof proto.CheckResponse>>("dialpad", "checkConfig", req);
    assert.deepEqual(res.getInputs()!.toJavaScript().apiKey, secret("dp-secret-key-1"));
    const failures = res.getFailuresList().map((f) => [f.getProperty(), f.getReason()]);
    assert.equal(failures.length, 1);
    assert.equal(failures[0]![0], "baseUrl");
    assert.match(failures[0]![1]!, /dialpad:baseUrl is invalid/);

    req.setNews(toStruct({ apiKey: "dp-secret-key-1", baseUrl: "https://dialpad.com", companyID: "1" }));
    const unknown = await call<InstanceType<typeof proto.CheckResponse>>("dialpad", "checkConfig", req);
    assert.match(unknown.getFailuresList()[0]!.getReason(), /unknown dialpad provider setting "companyID": did you mean companyId\?/);
  });

  it("DiffConfig: another base URL or company replaces (another account); a rotated key is an update", async () => {
    const req = new proto.DiffRequest();
    req.setUrn("urn:pulumi:s::p::pulumi:providers:dialpad::prod");
    req.setOlds(toStruct({ apiKey: secret("k1"), baseUrl: "https://dialpad.com" }));
    req.setNews(toStruct({ apiKey: secret("k2"), baseUrl: "https://dialpad.com/" }));
    const rotated = await call<InstanceType<typeof proto.DiffResponse>>("dialpad", "diffConfig", req);
    assert.deepEqual(rotated.getDiffsList(), ["apiKey"], "a trailing slash is the same URL");
    assert.deepEqual(rotated.getReplacesList(), []);
    req.setNews(toStruct({ apiKey: secret("k1"), baseUrl: "https://sandbox.dialpad.com", companyId: "7" }));
    const moved = await call<InstanceType<typeof proto.DiffResponse>>("dialpad", "diffConfig", req);
    assert.deepEqual(moved.getReplacesList().sort(), ["baseUrl", "companyId"]);
  });

  it("Check runs the kind's own validation (one failure per property) and keeps secrets wrapped", async () => {
    const req = new proto.CheckRequest();
    req.setUrn("urn:pulumi:s::p::dialpad:index:Webhook::ops");
    req.setType("dialpad:index:Webhook");
    req.setOlds(toStruct({}));
    req.setNews(toStruct({ hookUrl: "not a url", secret: secret("s3cret") }));
    const bad = await call<InstanceType<typeof proto.CheckResponse>>("dialpad", "check", req);
    assert.deepEqual(bad.getFailuresList().map((f) => f.getProperty()), ["hookUrl"]);
    req.setNews(toStruct({ hookUrl: "https://Ops.Example.com", secret: secret("s3cret") }));
    const good = await call<InstanceType<typeof proto.CheckResponse>>("dialpad", "check", req);
    assert.deepEqual(good.getFailuresList(), []);
    assert.deepEqual(good.getInputs()!.toJavaScript(), { hookUrl: "https://ops.example.com/", secret: secret("s3cret") });
  });

  it("Diff gives a detailed diff: a secret-only change is an update of that property; replaceOn replaces; deleteBeforeReplace from the kind", async () => {
    const req = new proto.DiffRequest();
    req.setId("1001");
    req.setUrn("urn:pulumi:s::p::dialpad:index:Webhook::ops");
    req.setType("dialpad:index:Webhook");
    req.setOlds(toStruct({ hookUrl: "https://a.example.com/", secret: secret("one") }));
    req.setNews(toStruct({ hookUrl: "https://a.example.com/", secret: secret("two") }));
    const res = await call<InstanceType<typeof proto.DiffResponse>>("dialpad", "diff", req);
    assert.equal(res.getChanges(), proto.DiffResponse.DiffChanges.DIFF_SOME);
    assert.equal(res.getHasdetaileddiff(), true);
    assert.deepEqual([...res.getDetaileddiffMap().entries()].map(([k, v]) => [k, v.getKind()]), [["secret", proto.PropertyDiff.Kind.UPDATE]]);

    req.setNews(toStruct({ hookUrl: "https://a.example.com/", secret: secret("one") }));
    const same = await call<InstanceType<typeof proto.DiffResponse>>("dialpad", "diff", req);
    assert.equal(same.getChanges(), proto.DiffResponse.DiffChanges.DIFF_NONE);

    const cinnox = new proto.DiffRequest();
    cinnox.setId("app-1");
    cinnox.setUrn("urn:pulumi:s::p::cinnox:index:CallSubscription::calls");
    cinnox.setType("cinnox:index:CallSubscription");
    cinnox.setOlds(toStruct({ appId: "app-1", url: "https://a.example.com/", enabled: true }));
    cinnox.setNews(toStruct({ appId: "app-2", url: "https://a.example.com/", enabled: true }));
    const replace = await call<InstanceType<typeof proto.DiffResponse>>("cinnox", "diff", cinnox);
    assert.deepEqual(replace.getReplacesList(), ["appId"]);
    assert.equal(replace.getDetaileddiffMap().get("appId")!.getKind(), proto.PropertyDiff.Kind.UPDATE_REPLACE);
    assert.equal(replace.getDeletebeforereplace(), true);
  });

  it("Read with only an id (import) of a Cinnox kind fails saying it cannot be read", async () => {
    const req = new proto.ReadRequest();
    req.setId("app-1");
    req.setUrn("urn:pulumi:s::p::cinnox:index:InboundSmsSubscription::inbound");
    req.setType("cinnox:index:InboundSmsSubscription");
    await assert.rejects(call("cinnox", "read", req), /cinnox:InboundSmsSubscription app-1 cannot be imported: Cinnox has no endpoint to read/);
  });

  it("refuses a type of the other vendor", async () => {
    const req = new proto.CheckRequest();
    req.setUrn("urn:pulumi:s::p::dialpad:index:Webhook::ops");
    req.setType("dialpad:index:Webhook");
    req.setNews(toStruct({ hookUrl: "https://a.example.com" }));
    await assert.rejects(call("cinnox", "check", req), /The cinnox provider has no resource type "dialpad:index:Webhook"/);
  });
});
