// Vendor-neutral HTTP policy: one client per vendor with rate limiting, retries and typed errors.
export * from "./errors";
export * from "./rate-limiter";
export * from "./client";
