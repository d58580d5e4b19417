// What users import: `import { dialpad, cinnox, events } from "pulumi-dialpad-cinnox"`.
export * as dialpad from "./dialpad";
// TODO(cinnox helper): add `export * as cinnox from "./cinnox";` once sdk/cinnox/index.ts exists.
export * as events from "./events";
