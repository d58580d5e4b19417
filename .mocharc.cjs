// Test tiers run in this order; e2e last because it drives the real Pulumi CLI.
// Mocha appends the config's `spec` to the files named on its command line, so `npx mocha tests/x.test.ts`
// would run every tier as well: the tiers apply only when no test file or directory is named.
const named = process.argv.slice(2).some((arg) => !arg.startsWith("-") && /(^|[\\/])tests[\\/]|\.test\.ts$/.test(arg));

module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  spec: named
    ? []
    : ["tests/unit/**/*.test.ts", "tests/contract/**/*.test.ts", "tests/protocol/**/*.test.ts", "tests/e2e/**/*.test.ts"],
  timeout: 20000,
  reporter: "spec",
};
