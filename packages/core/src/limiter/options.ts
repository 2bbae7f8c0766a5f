// The limiter's public vocabulary: what it is told about an operation, its options, what it reports, its permit.
import type { ConcurrencyLimit, RateLimitRule } from "@avala/types";
import type { LimiterStore } from "./store.js";

/** What the limiter needs to know about an operation (taken from the spec's metadata). */
export interface LimitedOperation {
  /** Class rule the operation also counts against (e.g. `inference`), or null. */
  readonly rateLimit: string | null;
  /** Concurrency class (e.g. `uploads`, `exports`), or null. */
  readonly concurrency: string | null;
  /**
   * Whether the request counts against the API's sliding windows. Default true; false for requests that are
   * not API calls (storage transfers), which take only their concurrency slot.
   */
  readonly windows?: boolean;
}

/** Options of {@link createLimiter}. */
export interface LimiterOptions {
  /** Where state lives. Default: in this process's memory. */
  store?: LimiterStore;
  /** Sliding-window rules by name. Default: the spec's (100/60 s, 20/1 s, inference 10/60 s). */
  rules?: Record<string, RateLimitRule>;
  /** Concurrency caps by class. Default: the spec's (uploads 10, exports 5). */
  concurrency?: Record<string, ConcurrencyLimit>;
  /** Most requests allowed to wait; more are rejected with `LimiterQueueFullError`. Default: unbounded. */
  maxQueue?: number;
  /**
   * Extra fraction of each window the limiter waits, for a server clock that runs faster than this one.
   * Default 0: a request is charged until its response arrives, so latency needs no margin.
   */
  safetyMargin?: number;
  /** Extra time added to each window, in ms, for the rounding of timestamps on both sides. Default 5. */
  safetyMarginMs?: number;
  /** Longest pause taken from a 429 or an exhausted window, in ms. Default 60 000. */
  maxPauseMs?: number;
  /** How long a concurrency slot may be held before it expires, in ms. Default 600 000. */
  slotTtlMs?: number;
  /**
   * How long a granted request counts as in flight if its permit is never released (its process died), in ms:
   * its hit is then taken as made this long after its grant. Default 60 000 (twice the client's timeout).
   */
  requestTtlMs?: number;
  /** Prefix of every store key, to keep several API keys apart in one shared store. Default `avala`. */
  namespace?: string;
}

/** Passed to `onWait` (see {@link AcquireOptions}) once a request that had to wait is let through. */
export interface LimiterWaitInfo {
  /** Time from `acquire` to the grant, in ms. */
  waitedMs: number;
  /** What held it longest: a sliding window (named by `rule`), a server-requested pause, or a concurrency cap. */
  reason: "window" | "pause" | "concurrency";
  /** The rule that held it, for `reason: "window"` (when the store can tell which). */
  rule?: string;
}

/** What {@link RateLimiter.observe} resolves with when a response paused the limiter. */
export interface LimiterPauseInfo {
  /** Length of the pause, in ms (capped by `maxPauseMs`). */
  pauseMs: number;
  /**
   * What set it: a 429's `Retry-After` (1 s when it has none and no reset time), a 429's `X-RateLimit-Reset`,
   * or `X-RateLimit-Remaining: 0` on another response (until its reset time).
   */
  reason: "retry-after" | "reset" | "remaining-zero";
}

/** Options of {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Stops waiting, rejecting with `APIUserAbortError`, when it aborts. */
  signal?: AbortSignal | undefined;
  /**
   * Longest the caller will wait, in ms. When the limiter can already tell at arrival that the request would
   * wait longer (the windows are spoken for by recorded requests and those queued ahead, or a pause runs past
   * it), it rejects at once with `LimiterWaitTooLongError` (with `expectedWaitMs`); otherwise (a wait for a
   * concurrency slot, or a store without `earliestGrantMs`, like the Redis one) it rejects with the same error
   * once the bound passes. Default: no bound.
   */
  maxWaitMs?: number | undefined;
  /**
   * Called once, as the permit is granted, when the request had to wait (not when it went at once). Errors it
   * throws are ignored.
   */
  onWait?: ((info: LimiterWaitInfo) => void) | undefined;
}

/** Returned by {@link RateLimiter.acquire}; call `release()` once the request has finished or failed. */
export interface LimiterPermit {
  /** Gives the permit back: the request finished or failed. Calling it again does nothing. */
  release(): void;
}
