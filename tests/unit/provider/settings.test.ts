// Settings: stack config first, then the environment, defaults last; errors name the config key and variable.
import assert from "node:assert/strict";
import { requireSetting, resolveSettings } from "../../../provider/settings";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("provider/settings", () => {
  it("defaults Dialpad to the real service, never the emulator", () => {
    const s = resolveSettings(undefined, {});
    assert.equal(s.dialpad.baseUrl, "https://dialpad.com");
    assert.equal(s.dialpad.apiKey, undefined);
    assert.equal(s.cinnox.baseUrl, undefined);
  });

  it("prefers stack config over the environment", () => {
    const s = resolveSettings(
      config({ "dialpad:apiKey": "dp-cfg-key", "dialpad:baseUrl": "http://127.0.0.1:4010/", "cinnox:appToken": "cx-cfg" }),
      { DIALPAD_API_KEY: "dp-env-key", DIALPAD_COMPANY_ID: "1001", CINNOX_BASE_URL: "https://cx.example.com" },
    );
    assert.deepEqual(s, {
      dialpad: { apiKey: "dp-cfg-key", baseUrl: "http://127.0.0.1:4010", companyId: "1001", operationDeadlineSeconds: undefined },
      cinnox: { appToken: "cx-cfg", baseUrl: "https://cx.example.com", operationDeadlineSeconds: undefined },
    });
  });

  it("reads each vendor's operation deadline in seconds from config or environment, and refuses a bad one by name", () => {
    const s = resolveSettings(config({ "dialpad:operationDeadlineSeconds": "7.5" }), { CINNOX_OPERATION_DEADLINE_SECONDS: "30" });
    assert.equal(s.dialpad.operationDeadlineSeconds, 7.5);
    assert.equal(s.cinnox.operationDeadlineSeconds, 30);
    assert.throws(() => resolveSettings(undefined, { DIALPAD_OPERATION_DEADLINE_SECONDS: "-1" }), /dialpad:operationDeadlineSeconds \(or DIALPAD_OPERATION_DEADLINE_SECONDS\) is invalid/);
  });

  it("names the config key and environment variable of a bad setting without echoing it", () => {
    assert.throws(
      () => resolveSettings(undefined, { DIALPAD_BASE_URL: "ftp://dp-secretish" }),
      (e: Error) => /dialpad:baseUrl \(or DIALPAD_BASE_URL\) is invalid/.test(e.message) && !e.message.includes("dp-secretish"),
    );
  });

  it("says where to set a missing credential", () => {
    assert.throws(
      () => requireSetting(undefined, "dialpad.apiKey", "Dialpad resources"),
      /Dialpad resources needs dialpad:apiKey: set it with `pulumi config set --secret dialpad:apiKey …` or the environment variable DIALPAD_API_KEY/,
    );
    assert.equal(requireSetting("x", "cinnox.appToken", "Cinnox"), "x");
  });
});
