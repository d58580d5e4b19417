// Reads CheckFailures the way a user reads the engine's message: a failure on a secret or on a URL with
// user-info names its property in the reason (property ""), so that the engine cannot print the value.
import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The property each failure is about, in order. */
export const failedProperties = (failures: readonly dynamic.CheckFailure[] | undefined): string[] =>
  (failures ?? []).map((f) => f.property || (/^property (\S+) /.exec(f.reason)?.[1] ?? ""));

/** property → reason. */
export const failureReasons = (failures: readonly dynamic.CheckFailure[] | undefined): Record<string, string> => {
  const names = failedProperties(failures);
  return Object.fromEntries((failures ?? []).map((f, i) => [names[i], f.reason]));
};
