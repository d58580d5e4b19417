// Test tiers run in this order; e2e last because it drives the real Pulumi CLI.
module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  spec: [
    "tests/unit/**/*.test.ts",
    "tests/contract/**/*.test.ts",
    "tests/protocol/**/*.test.ts",
    "tests/e2e/**/*.test.ts",
  ],
  timeout: 20000,
  reporter: "spec",
};
