// Provider settings: a provider's config (the stack config the engine hands to `configure`, or an explicit
// provider's inputs), else the environment, resolved at call time so a changed env or config needs no new
// serialized provider. Which config is in force is the provider context's (context.ts).
import { createHash } from "node:crypto";
import { z } from "zod";

/** What `configure` receives: Pulumi's dynamic-provider Config (only `get` is needed). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

const optionalText = z.string().trim().min(1).optional();
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ""));
/** Seconds, as config and environment give them (text); the total time one operation may take. */
const seconds = z.coerce.number({ error: "must be a number of seconds" }).positive({ error: "must be more than 0 seconds" }).max(86_400).optional();

export const settingsSchema = z.object({
  dialpad: z.object({
    apiKey: optionalText,
    baseUrl: httpUrl.default("https://dialpad.com"),
    companyId: optionalText,
    operationDeadlineSeconds: seconds,
  }),
  cinnox: z.object({
    appToken: optionalText,
    baseUrl: httpUrl.optional(),
    operationDeadlineSeconds: seconds,
  }),
});
export type Settings = z.output<typeof settingsSchema>;

/** Each setting with its stack config key and environment variable; messages name both. */
export const SETTING_SOURCES = {
  "dialpad.apiKey": { config: "dialpad:apiKey", env: "DIALPAD_API_KEY" },
  "dialpad.baseUrl": { config: "dialpad:baseUrl", env: "DIALPAD_BASE_URL" },
  "dialpad.companyId": { config: "dialpad:companyId", env: "DIALPAD_COMPANY_ID" },
  "dialpad.operationDeadlineSeconds": { config: "dialpad:operationDeadlineSeconds", env: "DIALPAD_OPERATION_DEADLINE_SECONDS" },
  "cinnox.appToken": { config: "cinnox:appToken", env: "CINNOX_APP_TOKEN" },
  "cinnox.baseUrl": { config: "cinnox:baseUrl", env: "CINNOX_BASE_URL" },
  "cinnox.operationDeadlineSeconds": { config: "cinnox:operationDeadlineSeconds", env: "CINNOX_OPERATION_DEADLINE_SECONDS" },
} as const;
export type SettingName = keyof typeof SETTING_SOURCES;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/** Resolves every setting: config first, then environment, then the defaults of the schema. */
export function resolveSettings(config?: ConfigSource, env: NodeJS.ProcessEnv = process.env): Settings {
  const value = (name: SettingName): string | undefined => {
    const src = SETTING_SOURCES[name];
    const fromConfig = config?.get(src.config);
    return fromConfig !== undefined && fromConfig !== "" ? fromConfig : env[src.env] || undefined;
  };
  const parsed = settingsSchema.safeParse({
    dialpad: {
      apiKey: value("dialpad.apiKey"), baseUrl: value("dialpad.baseUrl"), companyId: value("dialpad.companyId"),
      operationDeadlineSeconds: value("dialpad.operationDeadlineSeconds"),
    },
    cinnox: {
      appToken: value("cinnox.appToken"), baseUrl: value("cinnox.baseUrl"), operationDeadlineSeconds: value("cinnox.operationDeadlineSeconds"),
    },
  });
  if (!parsed.success) {
    // Name the setting, never echo its value (it may be a credential pasted in the wrong key).
    const problems = parsed.error.issues.map((issue) => {
      const src = SETTING_SOURCES[issue.path.join(".") as SettingName];
      return src ? `${src.config} (or ${src.env}) is invalid: ${issue.message}` : issue.message;
    });
    throw new SettingsError(`Invalid provider settings: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** The value of a setting a resource cannot work without, or an error saying where to set it. */
export function requireSetting(value: string | undefined, name: SettingName, forWhat: string): string {
  if (value !== undefined) return value;
  const src = SETTING_SOURCES[name];
  throw new SettingsError(
    `${forWhat} needs ${src.config}: set it with \`pulumi config set${name.endsWith("Url") ? "" : " --secret"} ${src.config} …\` ` +
      `or the environment variable ${src.env}`,
  );
}

/**
 * The one way a credential is named without being shown: the hex SHA-256 of it. Rate-limit scopes and the CLI's
 * grouping of stacks by credential both use it, so the same key is the same name everywhere.
 */
export function credentialHash(credential: string): string {
  return createHash("sha256").update(credential).digest("hex");
}
