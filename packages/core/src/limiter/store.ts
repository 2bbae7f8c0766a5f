/** A sliding-window rule as the store sees it: at most `limit` acquisitions of `key` in any `windowMs`. */
export interface WindowRule {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * Outcome of {@link LimiterStore.tryAcquireWindows}: granted with the id of the recorded hit (none when there
 * were no rules), or the least ms to wait and, when the store can tell, the key of the rule that holds it.
 */
export type WindowAcquireResult =
  | { granted: true; hit?: string }
  | { granted: false; waitMs: number; rule?: string };

type MaybePromise<T> = T | Promise<T>;

/**
 * Where the limiter keeps its state. The in-memory store serves one process; a shared store (e.g. the Redis
 * store of `@avala/node`) lets several processes using one API key stay within the limits together.
 * Every method must be atomic with respect to other users of the same store.
 *
 * A hit is in flight from its grant until {@link finishWindows}: it counts in every window as long as it is,
 * whatever its age, and from then on as made at the time it finished. The server counted the request at some
 * moment between the two, so the windows never hold fewer hits than the server's do.
 */
export interface LimiterStore {
  /**
   * Records one hit, in flight, against every rule if all of them admit it at `now`; otherwise records nothing.
   * A hit not finished within `ttlMs` counts as made `ttlMs` after its grant (its holder died). When a window is
   * full, the wait is until its oldest hit leaves it: a finished hit leaves one window after it finished, one
   * still in flight no sooner than one window from now.
   */
  tryAcquireWindows(
    rules: readonly WindowRule[],
    now: number,
    ttlMs: number,
  ): MaybePromise<WindowAcquireResult>;
  /** The request of `hit` has finished (its response arrived, or it failed) at `now`: it counts as made then. */
  finishWindows(rules: readonly WindowRule[], hit: string, now: number): MaybePromise<void>;
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
   * `pauseKey` (hits in flight are taken as finishing now, so it is a lower bound). Synchronous on purpose: the
   * limiter estimates and queues a request in one step, so requests arriving together see each other. A store
   * that cannot answer from state it holds (a shared store) leaves it out; a caller's wait bound (`acquire`'s
   * `maxWaitMs`) is then enforced when it passes instead of at arrival.
   */
  earliestGrantMs?(
    rules: readonly WindowRule[],
    ahead: readonly number[],
    pauseKey: string,
    now: number,
  ): number;
}

/** One rule's hits: finished ones by time (ascending), and those in flight (id → time they expire). */
interface Hits {
  /** Finishing times, ascending, from index `head` on: those before it have left the window. */
  done: number[];
  /** Where `done` starts; it is cut off once it is half the array, so leaving costs O(1) amortized. */
  head: number;
  live: Map<string, number>;
}

/** The default store: state in this process's memory. */
export class MemoryLimiterStore implements LimiterStore {
  readonly #windows = new Map<string, Hits>();
  readonly #slots = new Map<string, Map<string, number>>();
  readonly #pauses = new Map<string, number>();
  #nextToken = 0;

  tryAcquireWindows(rules: readonly WindowRule[], now: number, ttlMs: number): WindowAcquireResult {
    let waitMs = 0;
    let rule: string | undefined;
    for (const { key, limit, windowMs } of rules) {
      const { done, head, live } = this.#prune(key, windowMs, now);
      // Hits leave in this order: finished ones by time, then those in flight (one window after they finish).
      const edge = done.length - head + live.size - limit;
      if (edge >= 0) {
        const wait = Math.max(edge < done.length - head ? done[head + edge]! + windowMs - now : windowMs, 1);
        if (wait > waitMs) [waitMs, rule] = [wait, key];
      }
    }
    if (rule !== undefined) return { granted: false, waitMs, rule };
    if (rules.length === 0) return { granted: true };
    const hit = String(++this.#nextToken);
    for (const { key } of rules) this.#windows.get(key)!.live.set(hit, now + ttlMs);
    return { granted: true, hit };
  }

  finishWindows(rules: readonly WindowRule[], hit: string, now: number): void {
    for (const { key } of rules) {
      const hits = this.#windows.get(key);
      if (hits?.live.delete(hit)) insert(hits, now);
    }
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
    for (const [i, { key, limit, windowMs }] of rules.entries()) {
      const { done, head, live } = this.#prune(key, windowMs, now);
      // Acquisition number m (counting recorded hits first, those in flight as finishing now) may go once number
      // m - limit has left the window. The queued ones and this one are m = n … n + j (j = ahead): number n + j
      // goes s = floor(j / limit) windows after number n + (j mod limit), which waits for a recorded hit or
      // nothing. Closed form, so the estimate costs the same however long the queue is.
      const n = done.length - head + live.size;
      const j = ahead[i] ?? 0;
      const leaving = n + (j % limit) - limit;
      const base =
        leaving < 0
          ? start
          : Math.max(start, (leaving < done.length - head ? done[head + leaving]! : now) + windowMs);
      at = Math.max(at, base + Math.floor(j / limit) * windowMs);
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
    const until = this.#pauses.get(key);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left > 0) return left;
    this.#pauses.delete(key);
    return 0;
  }

  /** The hits of `key` still in its window at `now`; a hit in flight past its expiry counts as made then. */
  #prune(key: string, windowMs: number, now: number): Hits {
    let hits = this.#windows.get(key);
    if (!hits) {
      hits = { done: [], head: 0, live: new Map() };
      this.#windows.set(key, hits);
    }
    // In grant order, so with one ttl in expiry order: stop at the first still in flight. (A shorter ttl behind
    // a longer one only keeps its hit counted a little longer.)
    for (const [hit, expiresAt] of hits.live) {
      if (expiresAt > now) break;
      hits.live.delete(hit);
      insert(hits, expiresAt);
    }
    const { done } = hits;
    while (hits.head < done.length && done[hits.head]! <= now - windowMs) hits.head++;
    if (hits.head * 2 > done.length) {
      done.splice(0, hits.head);
      hits.head = 0;
    }
    return hits;
  }
}

/** Inserts `time` into the ascending finishing times; they mostly arrive in order, so it scans from the end. */
function insert({ done: times, head }: Hits, time: number): void {
  let i = times.length;
  while (i > head && times[i - 1]! > time) i--;
  if (i === times.length) times.push(time);
  else times.splice(i, 0, time);
}
