/** A sliding-window rule as the store sees it: at most `limit` acquisitions of `key` in any `windowMs`. */
export interface WindowRule {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** Outcome of {@link LimiterStore.tryAcquireWindows}. */
export type WindowAcquireResult = { granted: true } | { granted: false; waitMs: number };

type MaybePromise<T> = T | Promise<T>;

/**
 * Where the limiter keeps its state. The in-memory store serves one process; a shared store (e.g. the Redis
 * store of `@avala/node`) lets several processes using one API key stay within the limits together.
 * Every method must be atomic with respect to other users of the same store.
 */
export interface LimiterStore {
  /** Records one acquisition against every rule if all of them admit it at `now`; otherwise records nothing. */
  tryAcquireWindows(rules: readonly WindowRule[], now: number): MaybePromise<WindowAcquireResult>;
  /**
   * Takes one of `max` slots of `key` and returns a token for releasing it, or null when all are taken.
   * A slot not released within `ttlMs` expires, so a crashed holder cannot keep it forever.
   */
  tryAcquireSlot(key: string, max: number, ttlMs: number, now: number): MaybePromise<string | null>;
  /** Gives back a slot taken by {@link tryAcquireSlot}. */
  releaseSlot(key: string, token: string): MaybePromise<void>;
  /**
   * Holds every acquisition of `key` (a limiter namespace) for `ms` milliseconds from now; a shorter pause never
   * shortens a longer one. A duration, not a time, so stores on other machines can anchor it on their own clock.
   */
  pause(key: string, ms: number): MaybePromise<void>;
  /** Milliseconds left of the pause of `key` (0 when not paused). */
  pauseRemaining(key: string): MaybePromise<number>;
  /**
   * Optional: the least time, in ms from `now`, before one more acquisition could be granted against `rules`
   * when `ahead[i]` acquisitions are already queued before it against `rules[i]`, counting the pause of
   * `pauseKey`. Synchronous on purpose: the limiter estimates and queues a request in one step, so requests
   * arriving together see each other. A store that cannot answer from state it holds (a shared store) leaves it
   * out; a caller's wait bound (`acquire`'s `maxWaitMs`) is then enforced when it passes instead of at arrival.
   */
  earliestGrantMs?(
    rules: readonly WindowRule[],
    ahead: readonly number[],
    pauseKey: string,
    now: number,
  ): number;
}

/** The default store: state in this process's memory. */
export class MemoryLimiterStore implements LimiterStore {
  readonly #windows = new Map<string, number[]>();
  readonly #slots = new Map<string, Map<string, number>>();
  readonly #pauses = new Map<string, number>();
  #nextToken = 0;

  tryAcquireWindows(rules: readonly WindowRule[], now: number): WindowAcquireResult {
    let waitMs = 0;
    for (const rule of rules) {
      const hits = this.#prune(rule, now);
      if (hits.length >= rule.limit) {
        // The request may go once the oldest hit that keeps the window full has left it.
        const freeAt = (hits[hits.length - rule.limit] ?? now) + rule.windowMs;
        waitMs = Math.max(waitMs, freeAt - now, 1);
      }
    }
    if (waitMs > 0) return { granted: false, waitMs };
    for (const rule of rules) this.#windows.get(rule.key)?.push(now);
    return { granted: true };
  }

  tryAcquireSlot(key: string, max: number, ttlMs: number, now: number): string | null {
    let held = this.#slots.get(key);
    if (!held) {
      held = new Map();
      this.#slots.set(key, held);
    }
    for (const [token, expiresAt] of held) if (expiresAt <= now) held.delete(token);
    if (held.size >= max) return null;
    const token = String(++this.#nextToken);
    held.set(token, now + ttlMs);
    return token;
  }

  earliestGrantMs(
    rules: readonly WindowRule[],
    ahead: readonly number[],
    pauseKey: string,
    now: number,
  ): number {
    const start = Math.max(now, this.#pauses.get(pauseKey) ?? 0);
    let at = start;
    for (const [i, rule] of rules.entries()) {
      const hits = this.#prune(rule, now);
      // Grant the queued acquisitions, then this one, each as early as the window allows: acquisition number m
      // (counting recorded hits first) may go once number m - limit has left the window.
      const granted: number[] = [];
      for (let m = hits.length; m <= hits.length + (ahead[i] ?? 0); m++) {
        const leaving = m - rule.limit;
        const leavingAt =
          leaving < 0 ? undefined : leaving < hits.length ? hits[leaving] : granted[leaving - hits.length];
        granted.push(leavingAt === undefined ? start : Math.max(start, leavingAt + rule.windowMs));
      }
      at = Math.max(at, granted[granted.length - 1] ?? start);
    }
    return at - now;
  }

  releaseSlot(key: string, token: string): void {
    this.#slots.get(key)?.delete(token);
  }

  pause(key: string, ms: number): void {
    this.#pauses.set(key, Math.max(this.#pauses.get(key) ?? 0, Date.now() + ms));
  }

  pauseRemaining(key: string): number {
    const until = this.#pauses.get(key) ?? 0;
    if (until <= Date.now()) this.#pauses.delete(key);
    return Math.max(0, until - Date.now());
  }

  #prune(rule: WindowRule, now: number): number[] {
    let hits = this.#windows.get(rule.key);
    if (!hits) {
      hits = [];
      this.#windows.set(rule.key, hits);
    }
    let drop = 0;
    while (drop < hits.length && (hits[drop] ?? 0) <= now - rule.windowMs) drop++;
    if (drop > 0) hits.splice(0, drop);
    return hits;
  }
}
