// Dialpad API-key authentication: `Authorization: Bearer <key>` or `?apikey=<key>`, scoped to the key's company.
import { ApiError } from "../errors";
import type { EmulatorRequest } from "../http";
import type { DialpadKey } from "../options";

export interface DialpadCaller { companyId: string; readOnly: boolean }

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function authenticate(req: EmulatorRequest, keys: Record<string, DialpadKey>): DialpadCaller {
  const header = req.headers.authorization;
  const bearer = typeof header === "string" ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
  const key = bearer ?? req.query.get("apikey") ?? undefined;
  if (!key) throw new ApiError(401, "missing API key: send Authorization: Bearer <key> or ?apikey=<key>");
  const found = Object.prototype.hasOwnProperty.call(keys, key) ? keys[key] : undefined;
  if (!found) throw new ApiError(401, "invalid API key");
  const asked = req.headers["dp-company-id"];
  if (typeof asked === "string" && asked !== "" && asked !== found.companyId) {
    throw new ApiError(403, `this API key may not act for company ${asked}`);
  }
  if (found.readOnly && WRITE_METHODS.has(req.method)) throw new ApiError(403, "this API key is read-only");
  return { companyId: found.companyId, readOnly: found.readOnly ?? false };
}
