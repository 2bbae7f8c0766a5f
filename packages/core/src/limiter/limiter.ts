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
import { type LimiterStore, MemoryLimiterStore, type WindowAcquireResult, type WindowRule } from "./store.js";

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
  release(): void;
}

/** Requests of one lane: the same rules and concurrency class, served in order. */
interface Lane {
  rules: WindowRule[];
  cls: string | null;
  head: Waiter | undefined;
  tail: Waiter | undefined;
  /** Requests waiting in it. */
  n: number;
  /** Its head is with the store: not counted as queued ahead of newcomers (it may already hold its hit). */
  granting: boolean;
  /** What holds its head (`pause`, `concurrency` or `window:<rule>`) since `since`, and ms per reason so far. */
  why: string | undefined;
  since: number;
  spent: Record<string, number>;
}

interface Waiter {
  lane: Lane;
  prev: Waiter | undefined;
  next: Waiter | undefined;
  resolve: (permit: LimiterPermit) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
  /** Arrived while `maxQueue` requests were waiting: served if it may go at once, otherwise rejected. */
  overflow: boolean;
  /** Left the queue (aborted, refused or granted). */
  gone: boolean;
  /** Rejects it once the caller's `maxWaitMs` has passed. */
  deadline: ReturnType<typeof setTimeout> | undefined;
  at: number;
  onWait: AcquireOptions["onWait"];
  /** Its lane's `spent` when it arrived. */
  seen: Record<string, number>;
}

type MaybePromise<T> = T | Promise<T>;
/** What holds a request (`concurrency`, `window:<rule>`) and the ms until it is looked at again. */
type Held = [string, number];

/** `next(value)`, at once when `value` is not a promise, so a synchronous store never costs a tick. */
function then<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** How often a request blocked on a concurrency slot re-checks the store, which may free the slot unseen. */
const SLOT_POLL_MS = 250;

function checkNumber(option: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min)) {
    throw new ConfigurationError(`limiter.${option}`, `limiter.${option} must be a finite number >= ${min}.`);
  }
}

/** The ms each reason has held `lane`'s head up to `now`. */
function spentAt(lane: Lane, now: number): Record<string, number> {
  const spent = { ...lane.spent };
  if (lane.why) spent[lane.why] = (spent[lane.why] ?? 0) + now - lane.since;
  return spent;
}

/** From `now` on, `why` holds `lane`'s head (undefined: nothing does). */
function hold(lane: Lane, why: string | undefined, now: number): void {
  if (lane.why === why) return;
  // In place: every grant and block passes here, and waiters keep copies (`seen`), not this object.
  if (lane.why) lane.spent[lane.why] = (lane.spent[lane.why] ?? 0) + now - lane.since;
  lane.why = why;
  lane.since = now;
}

/** The `seen` of a waiter without `onWait`: shared, never written. */
const NONE: Record<string, number> = {};

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
      const expected = this.#expectedWaitMs(lane);
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
        if (lane.tail) lane.tail.next = waiter;
        else lane.head = waiter;
        lane.tail = waiter;
        lane.n++;
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

  /**
   * Least wait of a request in `lane` arriving now, behind the requests already queued, or undefined when the
   * store cannot tell. Only the windows and the pause are counted: how long concurrency slots stay held is
   * unknowable, so a wait for a slot counts as none here (and is bounded by the deadline timer instead).
   */
  #expectedWaitMs({ rules }: Lane): number | undefined {
    if (!this.#store.earliestGrantMs) return undefined;
    // Counted ahead: queued requests that will surely be let through first. Whenever this one could go, one
    // ahead of it under a subset of its rules could too, and goes first (FIFO); one that may be held by a
    // concurrency slot, or by a rule this one does not count against, could be overtaken, so it is left out
    // to keep the estimate a lower bound. Counted by lane, so the estimate costs the same for any queue length.
    const ahead = rules.map(() => 0);
    for (const lane of this.#lanes.values()) {
      if (lane.cls !== null || !lane.rules.every((rule) => rules.includes(rule))) continue;
      for (const rule of lane.rules) ahead[rules.indexOf(rule)]! += lane.n - (lane.granting ? 1 : 0);
    }
    return this.#store.earliestGrantMs(rules, ahead, this.#pauseKey, Date.now());
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
    const { lane, prev, next } = waiter;
    if (prev) prev.next = next;
    else lane.head = next;
    if (next) next.prev = prev;
    else lane.tail = prev;
    lane.n--;
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
    return then(
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
          return then(giveBack(), () => held);
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
