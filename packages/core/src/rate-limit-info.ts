/** Rate-limit state reported by the API in `X-RateLimit-*` headers. */
export interface RateLimitInfo {
  /** Requests allowed in the current window (`X-RateLimit-Limit`). */
  limit: number | null;
  /** Requests left in the current window (`X-RateLimit-Remaining`). */
  remaining: number | null;
  /** Unix time in seconds at which the window resets (`X-RateLimit-Reset`). */
  reset: number | null;
}

function numberHeader(headers: Pick<Headers, "get">, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Reads the `X-RateLimit-*` headers of a response; absent or malformed values are null. */
export function parseRateLimitInfo(headers: Pick<Headers, "get">): RateLimitInfo {
  return {
    limit: numberHeader(headers, "x-ratelimit-limit"),
    remaining: numberHeader(headers, "x-ratelimit-remaining"),
    reset: numberHeader(headers, "x-ratelimit-reset"),
  };
}
