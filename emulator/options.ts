// Options of the emulator and their defaults, resolved once at start.
export const DEFAULT_DIALPAD_API_KEY = "dp-demo-key-0001";
export const DEFAULT_DIALPAD_COMPANY_ID = "1001";
export const DEFAULT_CINNOX_APP_TOKEN = "cx-demo-token-0001";

export interface DialpadKey {
  companyId: string;
  readOnly?: boolean;
}

export interface EmulatorOptions {
  /** 0 = random (default in-process); the CLI defaults to 4010. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Persist to this JSON file (atomic writes); in memory when absent. */
  stateFile?: string;
  /** Default true: the vendors' documented limits, answered with 429 + Retry-After (seconds). */
  rateLimits?: boolean;
  /** Default { [DEFAULT_DIALPAD_API_KEY]: { companyId: "1001" } }. */
  dialpadApiKeys?: Record<string, DialpadKey>;
  /** Default [DEFAULT_CINNOX_APP_TOKEN]; any appId is accepted. */
  cinnoxAppTokens?: string[];
  /** Cinnox URL challenge timeout, default 5000. */
  challengeTimeoutMs?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  stateFile: string | undefined;
  rateLimits: boolean;
  dialpadApiKeys: Record<string, DialpadKey>;
  cinnoxAppTokens: string[];
  challengeTimeoutMs: number;
}

export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
  return {
    port: opts.port ?? 0,
    host: opts.host ?? "127.0.0.1",
    stateFile: opts.stateFile,
    rateLimits: opts.rateLimits ?? true,
    dialpadApiKeys: opts.dialpadApiKeys ?? { [DEFAULT_DIALPAD_API_KEY]: { companyId: DEFAULT_DIALPAD_COMPANY_ID } },
    cinnoxAppTokens: opts.cinnoxAppTokens ?? [DEFAULT_CINNOX_APP_TOKEN],
    challengeTimeoutMs: opts.challengeTimeoutMs ?? 5000,
  };
}
