// What a vendor's error text can carry into a message: a secret in another encoding, or control characters
// meant for a terminal. Neither survives into a VendorError.
import assert from "node:assert/strict";
import { InvalidRequestError, redact } from "../../../../provider/http";
import { printable } from "../../../../provider/printable";

const SECRET = "s3cr3t/Value+with=odd&chars";

describe("provider/http: vendor text in errors", () => {
  it("redacts a secret echoed URL-encoded, form-encoded or in base64 (standard and URL-safe, padded or not)", () => {
    const b64 = Buffer.from(SECRET).toString("base64");
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      encodeURIComponent("a secret with spaces").replace(/%20/g, "+"),
      b64,
      b64.replace(/=+$/, ""),
      b64.replace(/\+/g, "-").replace(/\//g, "_"),
      Buffer.from("a secret with spaces").toString("base64"),
    ];
    for (const form of forms) {
      const out = redact(`invalid request: url=https://h.example.com/?x=${form} done`, [SECRET, "a secret with spaces"]);
      assert.ok(!out.includes(form), `${form} survived: ${out}`);
      assert.match(out, /\[redacted\]/);
    }
  });

  it("a vendor message with terminal escapes, C1 controls, line separators or bidi overrides is printed escaped", () => {
    const hostile = "bad \u001b[31mred\u001b[0m \u009b2J \u2028fake line\u2029 \u202Eevil\u202C \u0000end";
    const err = new InvalidRequestError({ vendor: "Dialpad", method: "POST", path: "/api/v2/webhooks", status: 400, vendorMessage: hostile });
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(err.message, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    assert.match(err.message, /bad \\u001b\[31mred\\u001b\[0m \\u009b2J \\u2028fake line\\u2029 \\u202eevil\\u202c \\u0000end/);
    assert.equal(err.vendorMessage, printable(hostile));
  });
});
