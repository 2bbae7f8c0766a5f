import {
  type ConcurrencyLimit,
  type RateLimitRule,
  concurrencyLimits as specConcurrencyLimits,
  rateLimits as specRateLimits,
} from "@avala/types";
import { ConfigurationError } from "../errors/configuration-error.js";
import { abortedBy } from "../errors/connection-errors.js";
import { LimiterQueueFullError, LimiterWaitTooLongError } from "../errors/misc-errors.js";
import { resetDelayMs, serverRequestedDelayMs } from "../retry/retry-after.js";
import { type LimiterStore, MemoryLimiterStore, type WindowRule } from "./store.js";

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
  /** Extra fraction of each window the limiter waits, absorbing clock and network jitter. Default 0.02. */
  safetyMargin?: number;
  /**
   * Extra time added to each window, in ms, for the spread between granting a request here and its arrival at
   * the server (network jitter, connection set-up). Default 50.
   */
  safetyMarginMs?: number;
  /** Longest pause taken from a 429 or an exhausted window, in ms. Default 60 000. */
  maxPauseMs?: number;
  /** How long a concurrency slot may be held before it expires, in ms. Default 600 000. */
  slotTtlMs?: number;
  /** Prefix of every store key, to keep several API keys apart in one shared store. Default `avala`. */
  namespace?: string;
}

/** Options of {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Stops waiting, rejecting with `APIUserAbortError`, when it aborts. */
  signal?: AbortSignal;
  /**
   * Longest the caller will wait, in ms. When the limiter can already tell at arrival that the request would
   * wait longer (the windows are spoken for by recorded requests and those queued ahead, or a pause runs past
   * it), it rejects at once with `LimiterWaitTooLongError` (with `expectedWaitMs`); otherwise (a wait for a
   * concurrency slot, or a store without `earliestGrantMs`, like the Redis one) it rejects with the same error
   * once the bound passes. Default: no bound.
   */
  maxWaitMs?: number;
}

/** Returned by {@link RateLimiter.acquire}; call `release()` once the request has finished. */
export interface LimiterPermit {
  release(): void;
}

interface Waiter {
  lane: string;
  op: LimitedOperation;
  resolve: (permit: LimiterPermit) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  /** Arrived while `maxQueue` requests were waiting: served if it may go at once, otherwise rejected. */
  overflow: boolean;
  /** The store is deciding on it: not counted as queued ahead of newcomers (it may already hold its hit). */
  granting: boolean;
  /** Rejects it once the caller's `maxWaitMs` has passed. */
  deadline: ReturnType<typeof setTimeout> | undefined;
}

/** How often a request blocked on a concurrency slot re-checks the store, which may free the slot unseen. */
const SLOT_POLL_MS = 250;

function checkNumber(option: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min)) {
    throw new ConfigurationError(`limiter.${option}`, `limiter.${option} must be a finite number >= ${min}.`);
  }
}

/**
 * Client-side rate limiter: sliding-window rules plus concurrency semaphores, FIFO within each lane
 * (requests with the same classes), with a shared pause when the server signals exhaustion.
 *
 * Written here rather than taken from a library: the available limiters are token buckets (which let
 * 120 requests through in the first minute of a 100/min + 20/s budget) or lack a pluggable async store,
 * abortable queue entries and server-driven pauses together.
 */
export class RateLimiter {
  readonly #store: LimiterStore;
  readonly #rules: { name: string; rule: WindowRule; scope: "all" | "class" }[];
  readonly #concurrency: Record<string, ConcurrencyLimit>;
  readonly #maxQueue: number;
  readonly #maxPauseMs: number;
  readonly #slotTtlMs: number;
  readonly #namespace: string;
  readonly #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;
  #pumping = false;
  #dirty = false;

  constructor(options: LimiterOptions = {}) {
    for (const option of ["maxQueue", "safetyMargin", "safetyMarginMs", "maxPauseMs"] as const) {
      checkNumber(option, options[option], 0);
    }
    checkNumber("slotTtlMs", options.slotTtlMs, 1);
    const marginMs = options.safetyMarginMs ?? 50;
    const margin = 1 + (options.safetyMargin ?? 0.02);
    this.#namespace = options.namespace ?? "avala";
    this.#store = options.store ?? new MemoryLimiterStore();
    this.#rules = Object.entries(options.rules ?? specRateLimits).map(([name, rule]) => {
      if (!(rule.requests >= 1 && rule.windowSeconds > 0 && Number.isFinite(rule.windowSeconds))) {
        throw new ConfigurationError(
          `limiter.rules.${name}`,
          `limiter.rules.${name} needs requests >= 1 and a positive, finite windowSeconds.`,
        );
      }
      return {
        name,
        scope: rule.scope,
        rule: {
          key: `${this.#namespace}:rate:${name}`,
          limit: rule.requests,
          windowMs: rule.windowSeconds * 1000 * margin + marginMs,
        },
      };
    });
    this.#concurrency = options.concurrency ?? specConcurrencyLimits;
    for (const [name, cap] of Object.entries(this.#concurrency)) {
      if (!(Number.isInteger(cap.maxConcurrent) && cap.maxConcurrent >= 1)) {
        throw new ConfigurationError(
          `limiter.concurrency.${name}`,
          `limiter.concurrency.${name}.maxConcurrent must be a positive integer.`,
        );
      }
    }
    this.#maxQueue = options.maxQueue ?? Infinity;
    this.#maxPauseMs = options.maxPauseMs ?? 60_000;
    this.#slotTtlMs = options.slotTtlMs ?? 600_000;
  }

  /** Requests currently waiting. */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Waits until `op` may be sent. Rejects with `APIUserAbortError` if the signal aborts first, and with
   * `LimiterWaitTooLongError` when the wait would pass `maxWaitMs` (see {@link AcquireOptions}).
   * A bare `AbortSignal` as second argument is the same as `{ signal }`.
   */
  acquire(op: LimitedOperation, options?: AbortSignal | AcquireOptions): Promise<LimiterPermit> {
    // Told apart by shape, not instanceof: a signal from another realm (a DOM shim, a polyfill) is still a signal.
    const { signal, maxWaitMs = Infinity }: AcquireOptions =
      options && "addEventListener" in options ? { signal: options } : (options ?? {});
    if (typeof maxWaitMs !== "number" || Number.isNaN(maxWaitMs) || maxWaitMs < 0) {
      return Promise.reject(
        new ConfigurationError("maxWaitMs", "maxWaitMs must be a number of milliseconds >= 0 (or Infinity)."),
      );
    }
    if (signal?.aborted) return Promise.reject(abortedBy(signal));
    if (maxWaitMs !== Infinity) {
      const expected = this.#expectedWaitMs(op);
      if (expected !== undefined && expected > maxWaitMs) {
        return Promise.reject(new LimiterWaitTooLongError(maxWaitMs, expected));
      }
    }
    const overflow = this.#queue.filter((w) => !w.overflow).length >= this.#maxQueue;
    return new Promise<LimiterPermit>((resolve, reject) => {
      const waiter: Waiter = {
        lane: `${op.rateLimit ?? ""}|${op.concurrency ?? ""}`,
        op,
        resolve,
        reject,
        signal,
        overflow,
        granting: false,
        deadline: undefined,
        onAbort: () => this.#drop(waiter, abortedBy(signal)),
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      if (maxWaitMs !== Infinity) {
        waiter.deadline = setTimeout(
          () => this.#drop(waiter, new LimiterWaitTooLongError(maxWaitMs)),
          maxWaitMs,
        );
      }
      this.#queue.push(waiter);
      this.#wake();
    });
  }

  /**
   * Least wait of a request for `op` arriving now, behind the requests already queued, or undefined when the
   * store cannot tell. Only the windows and the pause are counted: how long concurrency slots stay held is
   * unknowable, so a wait for a slot counts as none here (and is bounded by the deadline timer instead).
   */
  #expectedWaitMs(op: LimitedOperation): number | undefined {
    const store = this.#store;
    if (!store.earliestGrantMs) return undefined;
    const rules = this.#rulesFor(op);
    // Counted ahead: queued requests that will surely be let through first. Whenever this one could go, one
    // ahead of it under a subset of its rules could too, and goes first (FIFO); one that may be held by a
    // concurrency slot, or by a rule this one does not count against, could be overtaken, so it is left out
    // to keep the estimate a lower bound.
    const queued = this.#queue
      .filter((w) => !w.overflow && !w.granting && !w.op.concurrency)
      .map((w) => this.#rulesFor(w.op))
      .filter((theirs) => theirs.every((rule) => rules.includes(rule)));
    const ahead = rules.map((rule) => queued.filter((theirs) => theirs.includes(rule)).length);
    return store.earliestGrantMs(rules, ahead, `${this.#namespace}:pause`, Date.now());
  }

  /** Takes a waiting request out of the queue and rejects it (abort, deadline). */
  #drop(waiter: Waiter, error: unknown): void {
    const index = this.#queue.indexOf(waiter);
    if (index < 0) return;
    this.#queue.splice(index, 1);
    this.#settle(waiter, () => waiter.reject(error));
    this.#wake();
  }

  /**
   * Reads a response's rate-limit signals: a 429 or `X-RateLimit-Remaining: 0` pauses every request.
   *
   * Never rejects. It runs after the response arrived, and nothing done then may change the outcome of the call:
   * a store that fails here (e.g. an unreachable shared store with `onUnavailable: "closed"`, which reports its
   * own outages) costs only the pause, instead of turning a successful POST into an error, or a retry into a
   * duplicate request.
   */
  async observe(response: { status: number; headers: Pick<Headers, "get"> }): Promise<void> {
    const now = Date.now();
    let waitMs: number | undefined;
    if (response.status === 429) waitMs = serverRequestedDelayMs(response, now) ?? 1000;
    else if (response.headers.get("x-ratelimit-remaining")?.trim() === "0")
      waitMs = resetDelayMs(response.headers, now);
    if (waitMs === undefined || waitMs <= 0) return;
    await this.pause(Math.min(waitMs, this.#maxPauseMs)).catch(() => {});
  }

  /** Holds every request (of every client sharing this limiter or its store) for `ms` milliseconds. */
  async pause(ms: number): Promise<void> {
    await this.#store.pause(`${this.#namespace}:pause`, ms);
    this.#wake();
  }

  #wake(): void {
    this.#dirty = true;
    if (!this.#pumping) void this.#pump();
  }

  #rulesFor(op: LimitedOperation): WindowRule[] {
    if (op.windows === false) return [];
    return this.#rules.filter((r) => r.scope === "all" || r.name === op.rateLimit).map((r) => r.rule);
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#dirty) {
        this.#dirty = false;
        if (this.#queue.length === 0) break;
        const now = Date.now();
        const paused = await this.#store.pauseRemaining(`${this.#namespace}:pause`);
        if (paused > 0) {
          for (const waiter of this.#queue.filter((w) => w.overflow)) this.#rejectOverflow(waiter);
          this.#schedule(paused);
          continue;
        }
        let wait = Infinity;
        const blocked = new Set<string>();
        for (const waiter of [...this.#queue]) {
          if (!this.#queue.includes(waiter)) continue;
          const granted = blocked.has(waiter.lane) ? null : await this.#tryGrant(waiter, now);
          if (granted === true) continue;
          if (waiter.overflow) {
            this.#rejectOverflow(waiter);
            continue;
          }
          if (granted === null) continue;
          blocked.add(waiter.lane);
          // A slot may expire, or be freed by another user of a shared store, without this limiter seeing it.
          wait = Math.min(wait, granted === false ? Math.min(SLOT_POLL_MS, this.#slotTtlMs) : granted);
        }
        if (wait !== Infinity) this.#schedule(wait);
      }
    } catch (error) {
      // A failing store (e.g. an unreachable shared one) fails the waiting requests instead of hanging them.
      for (const waiter of this.#queue.splice(0)) this.#settle(waiter, () => waiter.reject(error));
    } finally {
      this.#pumping = false;
      if (this.#queue.length === 0) this.#clearTimer();
    }
  }

  /** true when granted; false when blocked on a concurrency slot; else the ms to wait for a window. */
  async #tryGrant(waiter: Waiter, now: number): Promise<true | false | number> {
    const cls = waiter.op.concurrency;
    const cap = cls ? this.#concurrency[cls] : undefined;
    const slotKey = `${this.#namespace}:slots:${cls}`;
    let token: string | null = null;
    if (cls && cap) {
      token = await this.#store.tryAcquireSlot(slotKey, cap.maxConcurrent, this.#slotTtlMs, now);
      if (token === null) return false;
    }
    let result: Awaited<ReturnType<LimiterStore["tryAcquireWindows"]>>;
    waiter.granting = true;
    try {
      // A synchronous store's answer is used without yielding, so its recorded hit and the waiter's leaving the
      // queue happen in one step, and a newcomer's estimate never counts the waiter twice (or not at all).
      const attempt = this.#store.tryAcquireWindows(this.#rulesFor(waiter.op), now);
      result = attempt instanceof Promise ? await attempt : attempt;
    } catch (error) {
      // Give the slot back rather than let it block its class until it expires.
      if (token !== null) await Promise.resolve(this.#store.releaseSlot(slotKey, token)).catch(() => {});
      throw error;
    } finally {
      waiter.granting = false;
    }
    if (!result.granted) {
      if (token !== null) await this.#store.releaseSlot(slotKey, token);
      return result.waitMs;
    }
    const index = this.#queue.indexOf(waiter);
    if (index < 0) {
      // Aborted while the store answered: give the slot back.
      if (token !== null) await this.#store.releaseSlot(slotKey, token);
      return true;
    }
    this.#queue.splice(index, 1);
    let released = false;
    const permit: LimiterPermit = {
      release: () => {
        if (released || token === null) return;
        released = true;
        void (async () => this.#store.releaseSlot(slotKey, token))()
          .catch(() => {}) // an unreachable store: the slot expires after slotTtlMs
          .finally(() => this.#wake());
      },
    };
    this.#settle(waiter, () => waiter.resolve(permit));
    return true;
  }

  /** Takes an overflow waiter out of the queue and rejects it: the queue is full. */
  #rejectOverflow(waiter: Waiter): void {
    this.#queue.splice(this.#queue.indexOf(waiter), 1);
    this.#settle(waiter, () => waiter.reject(new LimiterQueueFullError(this.#maxQueue)));
  }

  #settle(waiter: Waiter, settle: () => void): void {
    waiter.signal?.removeEventListener("abort", waiter.onAbort);
    clearTimeout(waiter.deadline);
    settle();
  }

  #schedule(ms: number): void {
    const at = Date.now() + Math.max(1, Math.ceil(ms));
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#wake();
    }, at - Date.now());
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** Creates a limiter that can be shared by several clients (`createClient({ limiter })`). */
export function createLimiter(options?: LimiterOptions): RateLimiter {
  return new RateLimiter(options);
}
