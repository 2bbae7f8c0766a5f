import {
  type ConcurrencyLimit,
  concurrencyLimits as specConcurrencyLimits,
  rateLimits as specRateLimits,
} from "@avala/types";
import { ConfigurationError } from "../errors/configuration-error.js";
import { abortedBy } from "../errors/connection-errors.js";
import { LimiterQueueFullError, LimiterWaitTooLongError } from "../errors/misc-errors.js";
import { resetDelayMs, serverRequestedDelayMs } from "../retry/retry-after.js";
import { expectedWaitMs } from "./estimate.js";
import type {
  AcquireOptions,
  LimitedOperation,
  LimiterOptions,
  LimiterPauseInfo,
  LimiterPermit,
  LimiterWaitInfo,
} from "./options.js";
import {
  andThen,
  append,
  type Held,
  hold,
  type Lane,
  type MaybePromise,
  NONE,
  spentAt,
  unlink,
  type Waiter,
} from "./queue.js";
import { type LimiterStore, MemoryLimiterStore, type WindowAcquireResult, type WindowRule } from "./store.js";

// The limiter's parts: its options and reports (`options.ts`), the lanes it queues requests in (`queue.ts`) and
// its estimate of a wait (`estimate.ts`). Here: the class that admits requests (at once, or through the queue
// and its pump, with the overflow past `maxQueue`), grants them against the store and takes server pauses.

export type {
  AcquireOptions,
  LimitedOperation,
  LimiterOptions,
  LimiterPauseInfo,
  LimiterPermit,
  LimiterWaitInfo,
} from "./options.js";

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
 * A request counts in its windows from its grant until its permit is released (its response arrived, or it
 * failed), and as made at that time afterwards: the server counted it somewhere in between, so however long the
 * request took to get there, the limiter never sees fewer requests in a window than the server does.
 *
 * Each lane is a linked list, so queueing, leaving and granting cost the same however many requests wait.
 * Written here rather than taken from a library: the available limiters are token buckets (which let
 * 120 requests through in the first minute of a 100/min + 20/s budget) or lack a pluggable async store,
 * abortable queue entries, in-flight accounting and server-driven pauses together.
 */
export class RateLimiter {
  readonly #store: LimiterStore;
  /** The store answers synchronously (the memory store): a request that need not wait is granted at once. */
  readonly #syncStore: boolean;
  readonly #rules: { name: string; rule: WindowRule; scope: "all" | "class" }[];
  readonly #concurrency: Record<string, ConcurrencyLimit>;
  readonly #maxQueue: number;
  readonly #maxPauseMs: number;
  readonly #slotTtlMs: number;
  readonly #requestTtlMs: number;
  readonly #namespace: string;
  readonly #pauseKey: string;
  readonly #lanes = new Map<string, Lane>();
  readonly #laneOf = new WeakMap<LimitedOperation, Lane>();
  /** Arrived past `maxQueue`: decided on by the next pump, outside the lanes. */
  #overflow: Waiter[] = [];
  /** Requests waiting in the lanes. */
  #count = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;
  #pumping = false;
  #dirty = false;

  constructor(options: LimiterOptions = {}) {
    for (const option of ["maxQueue", "safetyMargin", "safetyMarginMs", "maxPauseMs"] as const) {
      checkNumber(option, options[option], 0);
    }
    for (const option of ["slotTtlMs", "requestTtlMs"] as const) checkNumber(option, options[option], 1);
    const marginMs = options.safetyMarginMs ?? 5;
    const margin = 1 + (options.safetyMargin ?? 0);
    this.#namespace = options.namespace ?? "avala";
    this.#pauseKey = `${this.#namespace}:pause`;
    this.#store = options.store ?? new MemoryLimiterStore();
    // Exactly the memory store: a subclass may answer with promises.
    this.#syncStore = Object.getPrototypeOf(this.#store) === MemoryLimiterStore.prototype;
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
    this.#requestTtlMs = options.requestTtlMs ?? 60_000;
  }

  /** Requests currently waiting. */
  get pending(): number {
    return this.#count;
  }

  /**
   * Waits until `op` may be sent. Rejects with `APIUserAbortError` if the signal aborts first, and with
   * `LimiterWaitTooLongError` when the wait would pass `maxWaitMs` (see {@link AcquireOptions}).
   * A bare `AbortSignal` as second argument is the same as `{ signal }`.
   */
  acquire(op: LimitedOperation, options?: AbortSignal | AcquireOptions): Promise<LimiterPermit> {
    // Told apart by shape, not instanceof: a signal from another realm (a DOM shim, a polyfill) is still a signal.
    const {
      signal,
      maxWaitMs = Infinity,
      onWait,
    }: AcquireOptions = options && "addEventListener" in options ? { signal: options } : (options ?? {});
    if (typeof maxWaitMs !== "number" || Number.isNaN(maxWaitMs) || maxWaitMs < 0) {
      return Promise.reject(
        new ConfigurationError("maxWaitMs", "maxWaitMs must be a number of milliseconds >= 0 (or Infinity)."),
      );
    }
    if (signal?.aborted) return Promise.reject(abortedBy(signal));
    const lane = this.#lane(op);
    // Nobody waits and the store answers at once (memory): decide here, without a queue entry and a pump. What
    // the pump would do for this request is the same; only its promises are saved.
    if (this.#syncStore && this.#count === 0 && this.#overflow.length === 0) {
      const permit = this.#grantNow(lane);
      if (permit) return Promise.resolve(permit);
    }
    if (maxWaitMs !== Infinity) {
      const expected = expectedWaitMs(this.#store, this.#lanes.values(), lane, this.#pauseKey);
      if (expected !== undefined && expected > maxWaitMs) {
        return Promise.reject(new LimiterWaitTooLongError(maxWaitMs, expected));
      }
    }
    return new Promise<LimiterPermit>((resolve, reject) => {
      const now = Date.now();
      const waiter: Waiter = {
        lane,
        prev: lane.tail,
        next: undefined,
        resolve,
        reject,
        signal,
        overflow: this.#count >= this.#maxQueue,
        gone: false,
        deadline: undefined,
        at: now,
        onWait,
        seen: onWait ? spentAt(lane, now) : NONE,
        onAbort: () => this.#drop(waiter, abortedBy(signal)),
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      if (maxWaitMs !== Infinity) {
        waiter.deadline = setTimeout(
          () => this.#drop(waiter, new LimiterWaitTooLongError(maxWaitMs)),
          maxWaitMs,
        );
      }
      if (waiter.overflow) this.#overflow.push(waiter);
      else {
        append(lane, waiter);
        this.#count++;
        // Behind others in its lane it can only go after them: the pump that lets them through reaches it.
        if (waiter.prev) return;
      }
      this.#wake();
    });
  }

  /** The lane of `op`'s requests. */
  #lane(op: LimitedOperation): Lane {
    // Operations are mostly the same objects call after call (the operation table's): looked up by identity
    // first, by their classes otherwise.
    const known = this.#laneOf.get(op);
    if (known) return known;
    const key = `${op.rateLimit}|${op.concurrency}|${op.windows !== false}`;
    let lane = this.#lanes.get(key);
    if (lane) this.#laneOf.set(op, lane);
    if (!lane) {
      const rules =
        op.windows === false
          ? []
          : this.#rules.filter((r) => r.scope === "all" || r.name === op.rateLimit).map((r) => r.rule);
      lane = {
        rules,
        cls: op.concurrency,
        head: undefined,
        tail: undefined,
        n: 0,
        granting: false,
        why: undefined,
        since: 0,
        spent: {},
      };
      this.#lanes.set(key, lane);
      this.#laneOf.set(op, lane);
    }
    return lane;
  }

  /** Takes a waiting request out of its lane (or the overflow) and rejects it (abort, deadline). */
  #drop(waiter: Waiter, error: unknown): void {
    if (waiter.gone) return;
    this.#leave(waiter);
    this.#settle(waiter, () => waiter.reject(error));
    this.#wake();
  }

  /** Takes `waiter` out of the queue. */
  #leave(waiter: Waiter): void {
    waiter.gone = true;
    if (waiter.overflow) return; // the pump skips it
    unlink(waiter);
    this.#count--;
  }

  /**
   * Reads a response's rate-limit signals: a 429 or `X-RateLimit-Remaining: 0` pauses every request. Resolves
   * with the pause taken, or undefined when none was.
   *
   * Never rejects. It runs after the response arrived, and nothing done then may change the outcome of the call:
   * a store that fails here (e.g. an unreachable shared store with `onUnavailable: "closed"`, which reports its
   * own outages) costs only the pause, instead of turning a successful POST into an error, or a retry into a
   * duplicate request.
   */
  async observe(response: {
    status: number;
    headers: Pick<Headers, "get">;
  }): Promise<LimiterPauseInfo | undefined> {
    const now = Date.now();
    const { headers } = response;
    let waitMs: number | undefined;
    let reason: LimiterPauseInfo["reason"] = "remaining-zero";
    if (response.status === 429) {
      waitMs = serverRequestedDelayMs(response, now);
      reason = waitMs === undefined || headers.get("retry-after")?.trim() ? "retry-after" : "reset";
      waitMs ??= 1000;
    } else if (headers.get("x-ratelimit-remaining")?.trim() === "0") waitMs = resetDelayMs(headers, now);
    if (!(waitMs! > 0)) return undefined;
    const pauseMs = Math.min(waitMs!, this.#maxPauseMs);
    return this.pause(pauseMs).then(
      () => ({ pauseMs, reason }),
      () => undefined,
    );
  }

  /** Holds every request (of every client sharing this limiter or its store) for `ms` milliseconds. */
  async pause(ms: number): Promise<void> {
    await this.#store.pause(this.#pauseKey, ms);
    this.#wake();
  }

  #wake(): void {
    this.#dirty = true;
    if (!this.#pumping) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#dirty) {
        this.#dirty = false;
        if (this.#count === 0 && this.#overflow.length === 0) break;
        const now = Date.now();
        const paused = await this.#store.pauseRemaining(this.#pauseKey);
        let wait = paused > 0 ? paused : Infinity;
        for (const lane of this.#lanes.values()) {
          if (paused > 0) {
            if (lane.head) hold(lane, "pause", now);
            continue;
          }
          for (let waiter = lane.head; waiter; waiter = lane.head) {
            const held = await this.#tryGrant(waiter, now);
            if (held === undefined) continue;
            hold(lane, held[0], now);
            wait = Math.min(wait, held[1]);
            break;
          }
        }
        for (const waiter of this.#overflow.splice(0)) {
          if (waiter.gone) continue;
          if (paused > 0 || waiter.lane.head || (await this.#tryGrant(waiter, now))) {
            this.#settle(waiter, () => waiter.reject(new LimiterQueueFullError(this.#maxQueue)));
          }
        }
        if (wait !== Infinity) this.#schedule(wait);
      }
    } catch (error) {
      // A failing store (e.g. an unreachable shared one) fails the waiting requests instead of hanging them.
      const waiting = this.#overflow.splice(0);
      for (const lane of this.#lanes.values()) {
        for (let waiter = lane.head; waiter; waiter = waiter.next) waiting.push(waiter);
      }
      for (const waiter of waiting) {
        if (waiter.gone) continue;
        this.#leave(waiter);
        this.#settle(waiter, () => waiter.reject(error));
      }
    } finally {
      this.#pumping = false;
      if (this.#count === 0) this.#clearTimer();
    }
  }

  /**
   * Lets `waiter` through if it may go now (or drops what it got if it left meanwhile): undefined. Otherwise
   * what holds it (`concurrency` or `window:<rule>`) and the ms until it should be looked at again.
   */
  async #tryGrant(waiter: Waiter, now: number): Promise<Held | undefined> {
    const { lane } = waiter;
    // A synchronous store's answer is used without yielding, so its recorded hit and the waiter's leaving the
    // queue happen in one step, and a newcomer's estimate never counts the waiter twice (or not at all).
    const taken = this.#take(lane, now);
    const permit = taken instanceof Promise ? await taken : taken;
    if (Array.isArray(permit)) return permit;
    if (waiter.gone) {
      // Left while the store answered: it was never sent.
      permit.release();
      return undefined;
    }
    this.#leave(waiter);
    hold(lane, undefined, now);
    this.#settle(waiter, () => waiter.resolve(permit));
    if (waiter.onWait) this.#reportWait(waiter);
    return undefined;
  }

  /**
   * The grant of a request in `lane` arriving when nobody waits, from a store that answers synchronously, or
   * undefined when it must wait (paused, no slot, a full window): then it queues as any other.
   */
  #grantNow(lane: Lane): LimiterPermit | undefined {
    if ((this.#store.pauseRemaining(this.#pauseKey) as number) > 0) return undefined;
    const now = Date.now();
    const permit = this.#take(lane, now) as LimiterPermit | Held;
    if (Array.isArray(permit)) return undefined;
    hold(lane, undefined, now);
    return permit;
  }

  /**
   * Takes what a request of `lane` needs from the store (its concurrency slot, then a hit in each window) and
   * returns its permit, or what holds it and for how long. Without a promise when the store answers without one.
   */
  #take(lane: Lane, now: number): MaybePromise<LimiterPermit | Held> {
    const { cls, rules } = lane;
    const cap = cls ? this.#concurrency[cls] : undefined;
    const slotKey = `${this.#namespace}:slots:${cls}`;
    const store = this.#store;
    return andThen(
      cap ? store.tryAcquireSlot(slotKey, cap.maxConcurrent, this.#slotTtlMs, now) : null,
      (token) => {
        // A slot may expire, or be freed by another user of a shared store, without this limiter seeing it.
        if (cap && token === null) return ["concurrency", Math.min(SLOT_POLL_MS, this.#slotTtlMs)] as Held;
        const giveBack = () => (token === null ? undefined : store.releaseSlot(slotKey, token));
        const failed = (error: unknown) => {
          lane.granting = false;
          // Give the slot back rather than let it block its class until it expires.
          return Promise.resolve()
            .then(giveBack)
            .then(
              () => Promise.reject(error),
              () => Promise.reject(error),
            );
        };
        const decide = (result: WindowAcquireResult): MaybePromise<LimiterPermit | Held> => {
          lane.granting = false;
          if (result.granted) return this.#permit(lane, result.hit, slotKey, token);
          const name = this.#rules.find((r) => r.rule.key === result.rule)?.name;
          const held: Held = [name === undefined ? "window" : `window:${name}`, result.waitMs];
          return andThen(giveBack(), () => held);
        };
        lane.granting = true;
        try {
          const attempt = store.tryAcquireWindows(rules, now, this.#requestTtlMs);
          return attempt instanceof Promise ? attempt.then(decide, failed) : decide(attempt);
        } catch (error) {
          return failed(error);
        }
      },
    );
  }

  /**
   * The permit of a granted request: its release finishes the hit in the windows, gives the concurrency slot
   * back and lets the next waiter through. Synchronous with a synchronous store; never throws or rejects.
   */
  #permit(lane: Lane, hit: string | undefined, slotKey: string, token: string | null): LimiterPermit {
    const store = this.#store;
    let released = false;
    // With nobody waiting there is nothing to let through (and no timer to clear).
    const next = () => {
      if (this.#count > 0 || this.#overflow.length > 0) this.#wake();
    };
    const giveBack = () => (token === null ? undefined : store.releaseSlot(slotKey, token));
    return {
      release: () => {
        if (released) return;
        released = true;
        try {
          const finished = hit === undefined ? undefined : store.finishWindows(lane.rules, hit, Date.now());
          const given = finished instanceof Promise ? finished.then(giveBack) : giveBack();
          if (given instanceof Promise) {
            // An unreachable store: the hit counts until requestTtlMs, the slot until slotTtlMs.
            void given.then(next, next);
            return;
          }
        } catch {
          // As above, from a store that fails synchronously.
        }
        next();
      },
    };
  }

  /** Calls `waiter`'s `onWait` with what held it longest, if anything held it. */
  #reportWait(waiter: Waiter): void {
    const now = Date.now();
    let why = "";
    let most = 0;
    for (const [reason, ms] of Object.entries(spentAt(waiter.lane, now))) {
      const held = ms - (waiter.seen[reason] ?? 0);
      if (held > most) [why, most] = [reason, held];
    }
    if (!why) return;
    const [reason, rule] = why.split(/:(.*)/) as [LimiterWaitInfo["reason"], string?];
    try {
      waiter.onWait?.({ waitedMs: now - waiter.at, reason, ...(rule ? { rule } : {}) });
    } catch {
      // A hook's failure must not fail the pump (and with it every waiting request).
    }
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
