import type { ConcurrencyLimit, RateLimitRule } from "@avala/types";

/**
 * The spec's limits with time divided by {@link TIME_SCALE}, shared by the test's enforcing server and the
 * worker processes' limiters, so a run that would take minutes takes seconds with the same shape.
 */
export const TIME_SCALE = 10;

/** standard 100 / 60 s → 100 / 6 s; burst 20 / 1 s → 20 / 100 ms; inference 10 / 60 s → 10 / 6 s. */
export const SCALED_RULES = {
  standard: { requests: 100, windowSeconds: 60 / TIME_SCALE, scope: "all" },
  burst: { requests: 20, windowSeconds: 1 / TIME_SCALE, scope: "all" },
  inference: { requests: 10, windowSeconds: 60 / TIME_SCALE, scope: "class" },
} as const satisfies Record<string, RateLimitRule>;

/** Concurrency caps are not time-based: unchanged. */
export const CONCURRENCY = {
  uploads: { maxConcurrent: 10 },
  exports: { maxConcurrent: 5 },
} as const satisfies Record<string, ConcurrencyLimit>;

/** Kinds of request the workers send. */
export type JobKind = "list" | "inference" | "export";
