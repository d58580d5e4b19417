// One provider context per configured provider: its settings (the config it was given, else the environment),
// its vendor clients, its rate limits, its HTTP policy and its listings. Nothing of that is process-wide, so two
// providers in one process (two Dialpad companies, two Cinnox apps) never share a listing, a limiter or a
// credential. The dynamic resources use the default context (configured with the stack config by the
// dynamic-provider server); the native plugin makes one per provider instance; the CLI makes one per stack it
// reads; tests make their own. A call runs inside its context (`run`), and the kinds' code asks for the
// current one, so no lifecycle needs a context parameter.
import { AsyncLocalStorage } from "node:async_hooks";
import type { PolicyOverrides, VendorClient } from "./http/client";
import { Limiter } from "./http/rate-limiter";
import { resolveSettings, type ConfigSource, type Settings } from "./settings";

export interface ProviderContextOptions {
  /** The provider's config (the stack config, or an explicit provider's inputs); unset keys fall back to `env`. */
  config?: ConfigSource;
  /** Where unset settings are read from (default: the process environment, read at each call). */
  env?: NodeJS.ProcessEnv;
  /** Replacements of the HTTP policy's defaults for every client of this context. */
  policy?: PolicyOverrides;
}

export class ProviderContext {
  private config: ConfigSource | undefined;
  private readonly env: NodeJS.ProcessEnv | undefined;
  readonly policy: Readonly<PolicyOverrides>;
  /** The rate limits every client of this context counts against. */
  readonly limiter = new Limiter();
  private readonly made = new Map<string, { key: string; value: unknown }>();
  private readonly perClient = new WeakMap<VendorClient, Map<string, unknown>>();

  constructor(options: ProviderContextOptions = {}) {
    this.config = options.config;
    this.env = options.env;
    this.policy = { ...options.policy };
  }

  /** Stores the config the engine handed over (values stay unresolved until a call reads them). */
  configure(config: ConfigSource | undefined): void {
    this.config = config;
  }

  /** The settings as of now: the configured config, else the environment. */
  settings(): Settings {
    return resolveSettings(this.config, this.env ?? process.env);
  }

  /**
   * The one `name` of this context for the settings `key` stands for (say the Dialpad client for a key, base URL
   * and company), made by `make` on first use and made again when the key changes (a rotated credential).
   */
  cached<T>(name: string, key: string, make: () => T): T {
    const held = this.made.get(name);
    if (held?.key === key) return held.value as T;
    const value = make();
    this.made.set(name, { key, value });
    return value;
  }

  /** What this context keeps per vendor client and `name` (a collection's listing), made on first use. */
  forClient<T>(http: VendorClient, name: string, make: () => T): T {
    let byName = this.perClient.get(http);
    if (!byName) this.perClient.set(http, (byName = new Map()));
    if (!byName.has(name)) byName.set(name, make());
    return byName.get(name) as T;
  }

  /** `target` with each of its methods run in this context (a kind's controller, for the plugin, the CLI, tests). */
  bind<T extends object>(target: T): T {
    const bound: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(target)) {
      bound[name] = typeof value === "function" ? (...a: unknown[]) => this.run(() => (value as (...x: unknown[]) => unknown).apply(target, a)) : value;
    }
    return bound as T;
  }

  /** Runs `work` (and everything it starts) in this context. */
  run<T>(work: () => T): T {
    return current.run(this, work);
  }
}

const current = new AsyncLocalStorage<ProviderContext>();
let fallback: ProviderContext | undefined;

/** The context of the dynamic resources (and of any call made outside `run`). */
export function defaultContext(): ProviderContext {
  return (fallback ??= new ProviderContext());
}

/** The context of the call in progress. */
export function currentContext(): ProviderContext {
  return current.getStore() ?? defaultContext();
}

/** The settings of the call in progress. */
export function currentSettings(): Settings {
  return currentContext().settings();
}
