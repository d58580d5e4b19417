// The tiers without the engine run in one process in this order; `npm test` then runs each e2e file in a process
// of its own (scripts/e2e.sh: why there).
// Mocha appends the config's `spec` to the files named on its command line, so `npx mocha tests/x.test.ts`
// would run every tier as well: the tiers apply only when no test file or directory is named.
const named = process.argv.slice(2).some((arg) => !arg.startsWith("-") && /(^|[\\/])tests[\\/]|\.test\.ts$/.test(arg));

module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  spec: named
    ? []
    : ["tests/unit/**/*.test.ts", "tests/contract/**/*.test.ts", "tests/protocol/**/*.test.ts"],
  timeout: 20000,
  reporter: "spec",
};
