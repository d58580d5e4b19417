// The admin out-of-band call: a vendor API request made by another party of the same company (another team, the
// Dialpad admin UI, the Cinnox dashboard). No auth, faults, rate limits or request-log entry; what it creates is marked.
import { z } from "zod";
import { handleCinnox } from "./cinnox";
import { cinnoxPath } from "./cinnox-events";
import { handleDialpad } from "./dialpad/router";
import { ApiError } from "./errors";
import { vendorOf, type EmulatorRequest } from "./http";
import { DEFAULT_DIALPAD_API_KEY } from "./options";
import type { Runtime } from "./runtime";

export const OutOfBandInput = z
  .object({
    method: z.string().transform((m) => m.toUpperCase()).pipe(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"])),
    /** A vendor API path with its query, e.g. "/api/v2/webhooks/1003" or "/v1/api/apps/app-1/call-event-sub". */
    path: z.string().startsWith("/"),
    body: z.unknown().optional(),
    /** Dialpad company acting; default: the default API key's company. */
    companyId: z.string().min(1).optional(),
  })
  .strict();
export type OutOfBandInput = z.input<typeof OutOfBandInput>;

export interface OutOfBandResult { status: number; body: unknown }

function defaultCompany(rt: Runtime): string {
  const keys = rt.options.dialpadApiKeys;
  const own = Object.prototype.hasOwnProperty.call(keys, DEFAULT_DIALPAD_API_KEY) ? keys[DEFAULT_DIALPAD_API_KEY] : undefined;
  const first = own ?? Object.values(keys)[0];
  if (!first) throw new ApiError(400, "no Dialpad company configured: give companyId");
  return first.companyId;
}

export async function outOfBand(rt: Runtime, input: z.output<typeof OutOfBandInput>, host: string): Promise<OutOfBandResult> {
  const url = new URL(input.path, "http://emulator.invalid");
  const vendor = vendorOf(url.pathname);
  if (!vendor) throw new ApiError(400, `path must be a Dialpad (/api/...) or Cinnox (/v1/...) API path, got ${url.pathname}`);
  const req: EmulatorRequest = {
    method: input.method, path: url.pathname, query: url.searchParams, headers: {}, body: input.body, host, outOfBand: true,
  };
  const out = vendor === "dialpad"
    ? await handleDialpad(req, rt, { companyId: input.companyId ?? defaultCompany(rt), readOnly: false })
    : await handleCinnox(req, rt, true);
  return { status: out.status, body: out.body };
}

/** API paths of the objects created out of band that still exist, for the state dump. */
export function outOfBandPaths(rt: Runtime): string[] {
  const { store } = rt;
  const paths: string[] = [];
  for (const w of store.webhooks.values()) if (w.outOfBand) paths.push(`/api/v2/webhooks/${w.id}`);
  for (const w of store.websockets.values()) if (w.outOfBand) paths.push(`/api/v2/websockets/${w.id}`);
  for (const s of store.subscriptions.values()) if (s.outOfBand) paths.push(`/api/v2/subscriptions/${s.kind}/${s.id}`);
  for (const e of store.eventSubscriptions.values()) {
    if (e.outOfBand) paths.push(`/api/v2/event-subscriptions/${e.kind}/${encodeURIComponent(e.id)}`);
  }
  for (const c of store.cinnox.values()) if (c.outOfBand && c.enabled) paths.push(cinnoxPath(c.appId, c.event));
  return paths;
}
