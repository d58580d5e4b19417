// The native resources (README, "Native providers"): `import { dialpad, cinnox } from "pulumi-dialpad-cinnox/native"`.
// Both SDKs are generated from the plugins' schemas by Pulumi's code generator (`npm run sdkgen`; native/nodejs/),
// and load nothing of the implementation: the plugins do the work. A Cinnox-only program imports
// `pulumi-dialpad-cinnox/native/cinnox` and loads no Dialpad code at all.
// The dynamic resources keep their names: `dialpad.Webhook` from "pulumi-dialpad-cinnox" is the dynamic one.
export * as dialpad from "./nodejs/dialpad";
export * as cinnox from "./nodejs/cinnox";
