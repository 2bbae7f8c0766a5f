import { createLimiter, type RateLimiter } from "@avala/core";
import { rateLimits } from "@avala/types";

/** Fake key for local servers (the format of a real one, so no validation path differs). */
export const API_KEY = "avk_bench_0123456789abcdef";

/** Headers a hand-written raw-fetch baseline sends, so it does the same work on the wire as ours. */
export const RAW_HEADERS = { accept: "application/json", "x-avala-api-key": API_KEY, "user-agent": "bench" };

/**
 * A limiter with the spec's rules, each allowing a million times more requests: every request still goes
 * through the whole limiter path (queue, store, window bookkeeping), but none ever waits.
 */
export function limiterFarAbove(): RateLimiter {
  const rules = Object.fromEntries(
    Object.entries(rateLimits).map(([name, rule]) => [name, { ...rule, requests: rule.requests * 1e6 }]),
  );
  return createLimiter({ rules });
}
