// The object Pulumi serializes into each resource's `__provider`: it captures only the resource kind and
// requires the installed package's implementation at call time, so no credential or client is ever
// serialized, `__provider` stays small (< 2 KB), and upgrading the package fixes existing resources.
import type * as pulumi from "@pulumi/pulumi";
import type * as implementation from "../provider";

export type ResourceKind = implementation.ResourceKind;

// One provider object per kind: Pulumi caches a provider's serialization by object identity, so sharing
// it serializes each kind once per program instead of once per resource (~40 ms each).
const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

export function thinProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (!provider) providers.set(kind, (provider = makeThinProvider(kind)));
  return provider;
}

function makeThinProvider(k: ResourceKind): pulumi.dynamic.ResourceProvider {
  // Every method goes through `c` (invoke kind `k`'s method `m` with arguments `a`). The serializer
  // repeats these names in each of the eight functions it writes, hence one letter each. `c` is resolved
  // from the Pulumi program's directory by the dynamic-provider server, and must not refer to any other
  // module-level value, or the serializer would capture that too.
  const c: (m: Parameters<typeof implementation.invoke>[1], a: unknown[]) => Promise<never> = (m, a) =>
    (require("pulumi-dialpad-cinnox/provider") as typeof implementation).invoke(k, m, a);
  return {
    configure: (...a) => c("configure", a),
    check: (...a) => c("check", a),
    diff: (...a) => c("diff", a),
    create: (...a) => c("create", a),
    read: (...a) => c("read", a),
    update: (...a) => c("update", a),
    delete: (...a) => c("delete", a),
  };
}
