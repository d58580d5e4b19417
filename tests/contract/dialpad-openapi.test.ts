// Contract: the emulator's Dialpad webhooks, websockets and subscriptions agree with Dialpad's own OpenAPI file.
// Every request below is judged by the spec (openapi-backend) and sent to the emulator: what the spec accepts gets 200,
// what it refuses gets 400, and every 200 body validates against the operation's response schema.
// Where the spec is silent or wrong, api-facts.md decides; each such case is listed in DEVIATIONS with its reason.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import OpenAPIBackend, { type Request as SpecRequest } from "openapi-backend";
import { dialpad, vendorRequest, withEmulator } from "../helpers/emulator";

/** Dialpad's OpenAPI file, copied into the repository (source and licence: spec/README.md). */
const SPEC_PATH = resolve(__dirname, "../../spec/dialpad-openapi.json");

function loadSpec(): OpenAPIBackend {
  if (!existsSync(SPEC_PATH)) {
    throw new Error(`Dialpad's OpenAPI file is missing: expected ${SPEC_PATH} (see spec/README.md)`);
  }
  const document = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as Record<string, unknown>;
  // quick: Dialpad's file puts siblings next to $ref, which strict OpenAPI 3.0 definition validation rejects; quick mode
  // skips that whole-document check (and compiles validators lazily) while requests and responses are still validated.
  return new OpenAPIBackend({ definition: document as never, quick: true, strict: true });
}

interface Exchange {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

type Verdict = { status: 200 | 400; specAccepts: boolean; why: string };

/**
 * Requests on which the emulator follows api-facts.md rather than the spec. Each entry states what the spec says
 * (checked below, so a note cannot go stale) and what the emulator answers.
 */
const DEVIATIONS: Record<string, Verdict> = {
  "webhook with hook_url null": { specAccepts: true, status: 400, why: "hook_url is required (api-facts); the spec also marks it nullable" },
  "webhook with an ftp URL": { specAccepts: true, status: 400, why: "URLs must be http or https (api-facts); the spec only says string" },
  "webhook URL with user-info": { specAccepts: true, status: 400, why: "user-info in URLs is refused (api-facts)" },
  "webhook with a multi-line secret": { specAccepts: true, status: 400, why: "the spec says '[single-line only]' in prose only" },
  "websocket with a multi-line secret": { specAccepts: true, status: 400, why: "the spec says '[single-line only]' in prose only" },
  "call subscription linked by a string endpoint_id": { specAccepts: false, status: 200, why: "ids travel as strings; both forms are accepted (api-facts)" },
  "SMS subscription linked by webhook_id": { specAccepts: true, status: 200, why: "webhook_id is the docs' name for endpoint_id (api-facts); the spec ignores unknown fields" },
  "call subscription with target_type only": { specAccepts: true, status: 400, why: "target_type and target_id go together (api-facts)" },
  "SMS subscription with target_id only": { specAccepts: true, status: 400, why: "target_type and target_id go together (api-facts)" },
  "call subscription with an unknown endpoint_id": { specAccepts: true, status: 400, why: "an id naming no webhook or websocket is a 400 (api-facts)" },
  "webhook list with limit": { specAccepts: false, status: 200, why: "lists take limit as well as cursor (api-facts)" },
  "call list with limit and a target": { specAccepts: false, status: 200, why: "lists take limit as well as cursor (api-facts)" },
};

/** api-facts: ids are int64 in the spec but strings on the wire. Turn decimal-string ids into numbers before validating. */
function idsAsNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idsAsNumbers);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "id" && typeof v === "string" && /^\d+$/.test(v) ? Number(v) : idsAsNumbers(v)]),
    );
  }
  return value;
}

interface JsonSchema { properties?: Record<string, JsonSchema>; items?: JsonSchema }

/** Fields the emulator emits that the spec's schema does not name (the spec allows extra fields; we do not want any). */
function unknownFields(value: unknown, schema: JsonSchema | undefined, at = "$"): string[] {
  if (!schema || typeof value !== "object" || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownFields(v, schema.items, `${at}[${i}]`));
  if (!schema.properties) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    schema.properties?.[k] ? unknownFields(v, schema.properties[k], `${at}.${k}`) : [`${at}.${k}`]);
}

describe("contract: emulator vs Dialpad's OpenAPI file", function () {
  const emu = withEmulator();
  let api: OpenAPIBackend;

  before(async () => {
    api = loadSpec();
    await api.init();
  });

  /** Judges `ex` with the spec, sends it, and checks status and response shape. Returns the parsed answer. */
  async function exchange(ex: Exchange): Promise<Record<string, unknown>> {
    const query = ex.query ?? {};
    const headers: Record<string, string> = ex.body === undefined ? {} : { "content-type": "application/json" };
    const request: SpecRequest = { method: ex.method.toLowerCase(), path: ex.path, query, headers, ...(ex.body === undefined ? {} : { body: ex.body as object }) };
    const operation = api.matchOperation(request);
    assert.ok(operation, `${ex.method} ${ex.path} is not an operation of the spec`);
    const specAccepts = api.validateRequest(request, operation).valid;
    const deviation = DEVIATIONS[ex.name];
    if (deviation) assert.equal(specAccepts, deviation.specAccepts, `the DEVIATIONS note on "${ex.name}" is stale`);
    const expected = deviation?.status ?? (specAccepts ? 200 : 400);

    const qs = new URLSearchParams(query).toString();
    const res = await vendorRequest(emu.url, ex.method, `${ex.path}${qs ? `?${qs}` : ""}`, { body: ex.body });
    assert.equal(res.status, expected, `${ex.name}: ${JSON.stringify(res.body)}`);
    if (res.status === 200) {
      const check = api.validateResponse(idsAsNumbers(res.body), operation, 200);
      assert.ok(check.valid, `${ex.name}: response does not match the spec: ${JSON.stringify(check.errors)}`);
      const schema = (operation.responses?.["200"] as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.["application/json"]?.schema;
      assert.ok(schema, `the spec has a 200 schema for ${operation.operationId}`);
      assert.deepEqual(unknownFields(res.body, schema), [], `${ex.name}: fields the spec does not know`);
    } else {
      const err = (res.body as { error?: { code?: unknown; message?: unknown } }).error;
      assert.equal(err?.code, res.status, `${ex.name}: Dialpad's error shape`);
      assert.equal(typeof err?.message, "string");
    }
    return (res.body ?? {}) as Record<string, unknown>;
  }

  async function webhookId(): Promise<number> {
    const res = await dialpad(emu.url, "POST", "/webhooks", { hook_url: "https://ops.example.com/contract", secret: "contract-s1" });
    return Number((res.body as { id: string }).id);
  }

  it("webhooks: create, get, list (with a cursor), update and delete", async () => {
    const P = "/api/v2/webhooks";
    const hook = await exchange({ name: "webhook with a secret", method: "POST", path: P, body: { hook_url: "https://ops.example.com/a", secret: "contract-s1" } });
    await exchange({ name: "webhook without a secret", method: "POST", path: P, body: { hook_url: "http://ops.example.com/b" } });
    await exchange({ name: "webhook with secret null", method: "POST", path: P, body: { hook_url: "https://ops.example.com/c", secret: null } });
    for (const [name, body] of [
      ["webhook without hook_url", { secret: "x" }],
      ["webhook with hook_url null", { hook_url: null }],
      ["webhook with a numeric hook_url", { hook_url: 42 }],
      ["webhook with a numeric secret", { hook_url: "https://ops.example.com/d", secret: 42 }],
      ["webhook with an ftp URL", { hook_url: "ftp://ops.example.com/e" }],
      ["webhook URL with user-info", { hook_url: "https://user:pass@ops.example.com/f" }],
      ["webhook with a multi-line secret", { hook_url: "https://ops.example.com/g", secret: "a\nb" }],
    ] as const) {
      await exchange({ name, method: "POST", path: P, body });
    }
    for (let i = 0; i < 20; i++) await dialpad(emu.url, "POST", "/webhooks", { hook_url: `https://ops.example.com/${i}` });
    const first = await exchange({ name: "webhook list", method: "GET", path: P });
    assert.equal(typeof first.cursor, "string", "more than a page: a cursor");
    const last = await exchange({ name: "webhook list, next page", method: "GET", path: P, query: { cursor: String(first.cursor) } });
    assert.equal(last.cursor, undefined);
    await exchange({ name: "webhook list with limit", method: "GET", path: P, query: { limit: "5" } });

    const id = String(hook.id);
    await exchange({ name: "webhook get", method: "GET", path: `${P}/${id}` });
    await exchange({ name: "webhook get with a non-integer id", method: "GET", path: `${P}/abc` });
    await exchange({ name: "webhook update of the URL", method: "PATCH", path: `${P}/${id}`, body: { hook_url: "https://ops.example.com/z" } });
    await exchange({ name: "webhook update of the secret", method: "PATCH", path: `${P}/${id}`, body: { secret: "contract-s2" } });
    await exchange({ name: "webhook update with a numeric hook_url", method: "PATCH", path: `${P}/${id}`, body: { hook_url: 1 } });
    await exchange({ name: "webhook delete", method: "DELETE", path: `${P}/${id}` });
    await exchange({ name: "webhook delete with a non-integer id", method: "DELETE", path: `${P}/x1` });
  });

  it("websockets: create, get, list, update and delete", async () => {
    const P = "/api/v2/websockets";
    const ws = await exchange({ name: "websocket with a secret", method: "POST", path: P, body: { secret: "contract-s1" } });
    await exchange({ name: "websocket without a body", method: "POST", path: P });
    await exchange({ name: "websocket with a numeric secret", method: "POST", path: P, body: { secret: 7 } });
    await exchange({ name: "websocket with a multi-line secret", method: "POST", path: P, body: { secret: "a\r\nb" } });
    await exchange({ name: "websocket list", method: "GET", path: P });
    await exchange({ name: "websocket get", method: "GET", path: `${P}/${String(ws.id)}` });
    await exchange({ name: "websocket update", method: "PATCH", path: `${P}/${String(ws.id)}`, body: { secret: "contract-s2" } });
    await exchange({ name: "websocket update with a numeric secret", method: "PATCH", path: `${P}/${String(ws.id)}`, body: { secret: 1 } });
    await exchange({ name: "websocket get with a non-integer id", method: "GET", path: `${P}/one` });
    await exchange({ name: "websocket delete", method: "DELETE", path: `${P}/${String(ws.id)}` });
  });

  it("call subscriptions", async () => {
    const P = "/api/v2/subscriptions/call";
    const hook = await webhookId();
    const sub = await exchange({
      name: "call subscription with every field", method: "POST", path: P,
      body: { endpoint_id: hook, call_states: ["ringing", "hangup"], enabled: true, group_calls_only: false, target_type: "office", target_id: 123 },
    });
    await exchange({ name: "call subscription with defaults", method: "POST", path: P, body: { endpoint_id: hook } });
    await exchange({ name: "call subscription linked by a string endpoint_id", method: "POST", path: P, body: { endpoint_id: String(hook), call_states: ["all"] } });
    await exchange({ name: "call subscription with an unknown state", method: "POST", path: P, body: { endpoint_id: hook, call_states: ["dancing"] } });
    await exchange({ name: "call subscription with a bad target_type", method: "POST", path: P, body: { endpoint_id: hook, target_type: "planet", target_id: 1 } });
    await exchange({ name: "call subscription with a string enabled", method: "POST", path: P, body: { endpoint_id: hook, enabled: "yes" } });
    await exchange({ name: "call subscription with target_type only", method: "POST", path: P, body: { endpoint_id: hook, target_type: "office" } });
    await exchange({ name: "call subscription with an unknown endpoint_id", method: "POST", path: P, body: { endpoint_id: 987654 } });
    await exchange({ name: "call list", method: "GET", path: P });
    await exchange({ name: "call list filtered on a target", method: "GET", path: P, query: { target_type: "office", target_id: "123" } });
    await exchange({ name: "call list with a bad target_type", method: "GET", path: P, query: { target_type: "planet" } });
    await exchange({ name: "call list with limit and a target", method: "GET", path: P, query: { limit: "1", target_type: "office", target_id: "123" } });
    const id = String(sub.id);
    await exchange({ name: "call get", method: "GET", path: `${P}/${id}` });
    await exchange({ name: "call update", method: "PATCH", path: `${P}/${id}`, body: { call_states: ["missed"], enabled: false, group_calls_only: true } });
    await exchange({ name: "call update with a bad state", method: "PATCH", path: `${P}/${id}`, body: { call_states: ["x"] } });
    await exchange({ name: "call delete", method: "DELETE", path: `${P}/${id}` });
  });

  it("SMS subscriptions", async () => {
    const P = "/api/v2/subscriptions/sms";
    const hook = await webhookId();
    const sub = await exchange({
      name: "SMS subscription with every field", method: "POST", path: P,
      body: { endpoint_id: hook, direction: "inbound", enabled: true, include_internal: true, status: true, target_type: "user", target_id: 9 },
    });
    await exchange({ name: "SMS subscription linked by webhook_id", method: "POST", path: P, body: { webhook_id: hook, direction: "all" } });
    await exchange({ name: "SMS subscription without direction", method: "POST", path: P, body: { endpoint_id: hook } });
    await exchange({ name: "SMS subscription with a bad direction", method: "POST", path: P, body: { endpoint_id: hook, direction: "up" } });
    await exchange({ name: "SMS subscription with target_id only", method: "POST", path: P, body: { endpoint_id: hook, direction: "all", target_id: 5 } });
    await exchange({ name: "SMS list", method: "GET", path: P });
    await exchange({ name: "SMS list filtered on a target", method: "GET", path: P, query: { target_type: "user", target_id: "9" } });
    await exchange({ name: "SMS list with a non-integer target_id", method: "GET", path: P, query: { target_id: "nine" } });
    const id = String(sub.id);
    await exchange({ name: "SMS get", method: "GET", path: `${P}/${id}` });
    await exchange({ name: "SMS update", method: "PATCH", path: `${P}/${id}`, body: { direction: "outbound", status: false } });
    await exchange({ name: "SMS update with a bad direction", method: "PATCH", path: `${P}/${id}`, body: { direction: "up" } });
    await exchange({ name: "SMS delete", method: "DELETE", path: `${P}/${id}` });
  });

  it("contact, agent status and changelog subscriptions", async () => {
    const hook = await webhookId();
    const C = "/api/v2/subscriptions/contact";
    const contact = await exchange({ name: "contact subscription", method: "POST", path: C, body: { endpoint_id: hook, contact_type: "shared" } });
    await exchange({ name: "contact subscription without contact_type", method: "POST", path: C, body: { endpoint_id: hook } });
    await exchange({ name: "contact list", method: "GET", path: C });
    await exchange({ name: "contact get", method: "GET", path: `${C}/${String(contact.id)}` });
    await exchange({ name: "contact update", method: "PATCH", path: `${C}/${String(contact.id)}`, body: { contact_type: "local", enabled: false } });
    await exchange({ name: "contact update without contact_type", method: "PATCH", path: `${C}/${String(contact.id)}`, body: { enabled: true } });
    await exchange({ name: "contact delete", method: "DELETE", path: `${C}/${String(contact.id)}` });

    const A = "/api/v2/subscriptions/agent_status";
    const agent = await exchange({ name: "agent status subscription", method: "POST", path: A, body: { endpoint_id: hook, agent_type: "callcenter" } });
    await exchange({ name: "agent status subscription without agent_type", method: "POST", path: A, body: { endpoint_id: hook } });
    await exchange({ name: "agent status subscription with a bad agent_type", method: "POST", path: A, body: { endpoint_id: hook, agent_type: "sales" } });
    await exchange({ name: "agent status list", method: "GET", path: A });
    await exchange({ name: "agent status get", method: "GET", path: `${A}/${String(agent.id)}` });
    await exchange({ name: "agent status update", method: "PATCH", path: `${A}/${String(agent.id)}`, body: { enabled: false } });
    await exchange({ name: "agent status delete", method: "DELETE", path: `${A}/${String(agent.id)}` });

    const L = "/api/v2/subscriptions/changelog";
    const log = await exchange({ name: "changelog subscription", method: "POST", path: L, body: { endpoint_id: hook } });
    await exchange({ name: "changelog subscription with a string enabled", method: "POST", path: L, body: { endpoint_id: hook, enabled: "no" } });
    await exchange({ name: "changelog list", method: "GET", path: L });
    await exchange({ name: "changelog get", method: "GET", path: `${L}/${String(log.id)}` });
    await exchange({ name: "changelog update", method: "PATCH", path: `${L}/${String(log.id)}`, body: { enabled: false } });
    await exchange({ name: "changelog delete", method: "DELETE", path: `${L}/${String(log.id)}` });
  });

  it("subscriptions linked to a websocket embed a WebsocketProto the spec accepts", async () => {
    const ws = (await dialpad(emu.url, "POST", "/websockets", { secret: "contract-s1" })).body as { id: string };
    const sub = await exchange({ name: "changelog subscription on a websocket", method: "POST", path: "/api/v2/subscriptions/changelog", body: { endpoint_id: Number(ws.id) } });
    assert.equal((sub.websocket as { id: string }).id, ws.id);
  });

  it("company: the caller's company (a CompanyProto with its id)", async () => {
    const company = await exchange({ name: "company get", method: "GET", path: "/api/v2/company" });
    assert.equal(company.id, "1001", "the default key's company");
    const other = await vendorRequest(emu.url, "GET", "/api/v2/company", { headers: { "DP-Company-ID": "999" } });
    assert.equal(other.status, 403, "a key may not act for another company");
  });

  it("every deviation listed is exercised", () => {
    // Guards the list itself: a renamed case would otherwise leave a note that no request checks.
    const names = new Set<string>();
    const source = readFileSync(__filename, "utf8");
    for (const m of source.matchAll(/name: "([^"]+)"/g)) names.add(m[1] as string);
    for (const m of source.matchAll(/\["([^"]+)", \{/g)) names.add(m[1] as string);
    for (const name of Object.keys(DEVIATIONS)) assert.ok(names.has(name), `DEVIATIONS names "${name}", which no request uses`);
  });
});
