// Cursor pagination of Dialpad lists: `limit` items a page (default 20), an opaque cursor naming the last item sent.
import { ApiError } from "../errors";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface Page<T> { items: T[]; cursor?: string }

const encodeCursor = (after: string): string => Buffer.from(JSON.stringify({ after }), "utf8").toString("base64url");

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as { after?: unknown }).after === "string") {
      return (parsed as { after: string }).after;
    }
  } catch {
    // fall through to the 400 below
  }
  throw new ApiError(400, "invalid cursor");
}

export function pageLimit(query: URLSearchParams): number {
  const raw = query.get("limit");
  if (raw === null || raw === "") return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ApiError(400, "limit must be a positive integer");
  return Math.min(Number(raw), MAX_PAGE_SIZE);
}

/**
 * One page of `items` (sorted ascending by `compare` on `keyOf`). The cursor is absent on the last page.
 * Keying on the last item rather than an offset keeps pages stable when earlier items are deleted.
 */
export function paginate<T>(items: T[], keyOf: (item: T) => string, compare: (a: string, b: string) => number, query: URLSearchParams): Page<T> {
  const limit = pageLimit(query);
  const cursor = query.get("cursor");
  let start = 0;
  if (cursor !== null && cursor !== "") {
    const after = decodeCursor(cursor);
    start = items.findIndex((item) => compare(keyOf(item), after) > 0);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  return start + limit < items.length && last !== undefined ? { items: page, cursor: encodeCursor(keyOf(last)) } : { items: page };
}

/** Numeric order for decimal id strings without leading zeros. */
export const compareNumericIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
