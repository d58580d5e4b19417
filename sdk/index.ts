// What users import: `import { dialpad, cinnox, events } from "pulumi-dialpad-cinnox"`.
export * as dialpad from "./dialpad";
export * as cinnox from "./cinnox";
export * as events from "./events";
