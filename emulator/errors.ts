// Errors raised by route handlers; the vendor's router turns them into that vendor's error body.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Vendor-specific error code (Cinnox); Dialpad uses the HTTP status as its code. */
    readonly code?: number,
    /** Seconds, sent as Retry-After (429 answers). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);
