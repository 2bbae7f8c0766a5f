/** How the client retries failed attempts. Every field has a default; see the package README. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Backoff before the first retry, in ms; doubles each time. Default 500. */
  initialDelayMs?: number;
  /** Cap on the backoff, in ms. Default 8000. */
  maxDelayMs?: number;
  /**
   * Longest server-requested wait (`Retry-After`, `X-RateLimit-Reset`) the client will sleep through, in ms.
   * A longer one makes the error surface at once with its `retryAfter`. Default 60 000.
   */
  maxRetryAfterMs?: number;
  /** Also retry POST and PATCH (not idempotent in general). Default false; can be set per request. */
  retryNonIdempotent?: boolean;
  /** Statuses that are retried. Default 408, 429, 500, 502, 503, 504. */
  statuses?: readonly number[];
}

/**
 * A retry policy with every default filled in.
 *
 * @internal
 */
export type RetryPolicy = Required<RetryOptions>;

/**
 * Defaults close to the official SDKs and to Stainless clients.
 *
 * @internal
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  retryNonIdempotent: false,
  statuses: Object.freeze([408, 429, 500, 502, 503, 504]),
});

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"]);

/** Fills defaults into `options`, over an optional base policy. */
export function resolveRetryPolicy(
  options: RetryOptions | undefined,
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  const out = { ...base };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** Whether requests with this method may be retried under `policy`. */
export function methodIsRetryable(method: string, policy: RetryPolicy): boolean {
  return IDEMPOTENT.has(method.toUpperCase()) || policy.retryNonIdempotent;
}

/**
 * Delay before retry number `retryIndex` (0-based): exponential backoff with "equal jitter" — half fixed, half
 * random, so retries spread without collapsing to 0.
 *
 * @internal
 */
export function backoffDelayMs(
  retryIndex: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retryIndex);
  return Math.round(exp / 2 + (random() * exp) / 2);
}
