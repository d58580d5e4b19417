// The provider (client side) and the emulator (vendor side) each hold Dialpad's enums, on purpose: neither
// imports the other. This keeps both copies equal to Dialpad's own OpenAPI file, so neither can drift.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as emulator from "../../emulator/dialpad/schemas";
import * as provider from "../../provider/dialpad/enums";

const SPEC_PATH = resolve(__dirname, "../../spec/dialpad-openapi.json");

interface Schema {
  enum?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
}

describe("contract: Dialpad enums match the OpenAPI file", () => {
  const schemas = (JSON.parse(readFileSync(SPEC_PATH, "utf8")) as { components: { schemas: Record<string, Schema> } }).components.schemas;
  const prop = (schema: string, property: string): string[] => {
    const s = schemas[schema]?.properties?.[property];
    const values = s?.enum ?? s?.items?.enum;
    assert.ok(values, `${schema}.${property} has no enum in the spec`);
    return [...values].sort();
  };
  const cases: [string, readonly string[], readonly string[], string[]][] = [
    ["call_states", provider.CALL_STATES, emulator.CALL_STATES, prop("schemas.call_event_subscription.CreateCallEventSubscription", "call_states")],
    ["target_type", provider.TARGET_TYPES, emulator.TARGET_TYPES, prop("schemas.call_event_subscription.CreateCallEventSubscription", "target_type")],
    ["sms target_type", provider.TARGET_TYPES, emulator.TARGET_TYPES, prop("schemas.sms_event_subscription.CreateSmsEventSubscription", "target_type")],
    ["direction", provider.SMS_DIRECTIONS, emulator.SMS_DIRECTIONS, prop("schemas.sms_event_subscription.CreateSmsEventSubscription", "direction")],
    ["agent_type", provider.AGENT_TYPES, emulator.AGENT_TYPES, prop("schemas.agent_status_event_subscription.CreateAgentStatusEventSubscription", "agent_type")],
    ["contact_type", provider.CONTACT_TYPES, emulator.CONTACT_TYPES, prop("schemas.contact_event_subscription.CreateContactEventSubscription", "contact_type")],
  ];
  for (const [name, ours, emulated, spec] of cases) {
    it(`${name}: the provider's and the emulator's lists equal the spec's (${spec.length} values)`, () => {
      assert.deepEqual([...ours].sort(), spec);
      assert.deepEqual([...emulated].sort(), spec);
    });
  }
});
