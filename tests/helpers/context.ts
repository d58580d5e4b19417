// A provider context for a test, as a new provider process configured by the engine would be: this stack config
// (`dialpad:apiKey`, ...), no environment read, and optionally the HTTP policy's replacements.
import type { PolicyOverrides } from "../../provider/http";
import { ProviderContext } from "../../provider/context";

export function contextWith(config: Record<string, string>, policy?: PolicyOverrides): ProviderContext {
  return new ProviderContext({ config: { get: (key) => config[key] }, env: {}, policy });
}
