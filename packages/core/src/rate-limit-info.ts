/** Rate-limit state reported by the API in `X-RateLimit-*` headers. */
export interface RateLimitInfo {
  /** Requests allowed in the current window (`X-RateLimit-Limit`). */
  limit: number | null;
  /** Requests left in the current window (`X-RateLimit-Remaining`). */
  remaining: number | null;
  /** Unix time in seconds at which the window resets (`X-RateLimit-Reset`; one sent in milliseconds is converted). */
  reset: number | null;
}

/**
 * An `X-RateLimit-Reset` value in Unix milliseconds. The API sends Unix seconds; a value above 10¹¹ (in seconds,
 * the year 5138; in milliseconds, 1973) can only be milliseconds, as some servers and proxies send them.
 */
export const resetMs = (reset: number): number => (reset > 1e11 ? reset : reset * 1000);

function numberHeader(headers: Pick<Headers, "get">, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Reads the `X-RateLimit-*` headers of a response; absent or malformed values are null. */
export function parseRateLimitInfo(headers: Pick<Headers, "get">): RateLimitInfo {
  const reset = numberHeader(headers, "x-ratelimit-reset");
  return {
    limit: numberHeader(headers, "x-ratelimit-limit"),
    remaining: numberHeader(headers, "x-ratelimit-remaining"),
    reset: reset === null ? null : resetMs(reset) / 1000,
  };
}
