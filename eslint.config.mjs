import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "native/nodejs/**", "node_modules/**", "examples/*/node_modules/**", "**/*.js", "**/*.cjs", ".pulumi/**", ".pulumi-state/**", ".tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The thin serialized provider must require() the implementation at call time.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
