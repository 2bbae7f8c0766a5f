/** Outcome of {@link ClaimStore.claim}. */
export type ClaimState =
  /** The caller holds the claim and should do the work, then `complete` or `release` it. */
  | "claimed"
  /** Someone else holds the claim and is still working. */
  | "in-progress"
  /** The work was done already. */
  | "done";

/**
 * Records which keys (webhook delivery ids, agent execution ids) are being or have been handled, so that one key
 * is handled once across retries, pollers and processes. {@link MemoryClaimStore} covers one process;
 * `createRedisClaimStore` from `@avala/node/redis` shares claims between processes and machines.
 */
export interface ClaimStore {
  /** Atomically takes `key` for `ttlMs` (after which an unfinished claim lapses) unless it is taken or done. */
  claim(key: string, ttlMs: number): Promise<ClaimState>;
  /** Marks `key` done, remembered for `ttlMs`. */
  complete(key: string, ttlMs: number): Promise<void>;
  /** Gives up a claim (the work failed) so that a later attempt may claim it again. */
  release(key: string): Promise<void>;
}

/** Options of {@link MemoryClaimStore}. */
export interface MemoryClaimStoreOptions {
  /** Most keys remembered; the oldest are forgotten first. Default 10 000. */
  maxEntries?: number;
  /** Clock in epoch ms (tests). Default `Date.now`. */
  now?: () => number;
}

/** A {@link ClaimStore} in this process's memory: enough for one process, not shared between processes. */
export class MemoryClaimStore implements ClaimStore {
  readonly #entries = new Map<string, { state: "in-progress" | "done"; until: number }>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: MemoryClaimStoreOptions = {}) {
    this.#max = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  #set(key: string, state: "in-progress" | "done", ttlMs: number): void {
    this.#entries.delete(key); // re-inserted last: the Map's order is the eviction order
    this.#entries.set(key, { state, until: this.#now() + ttlMs });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) break;
      this.#entries.delete(oldest);
    }
  }

  /** {@inheritDoc ClaimStore.claim} */
  async claim(key: string, ttlMs: number): Promise<ClaimState> {
    const entry = this.#entries.get(key);
    if (entry && entry.until > this.#now()) return entry.state;
    this.#set(key, "in-progress", ttlMs);
    return "claimed";
  }

  /** {@inheritDoc ClaimStore.complete} */
  async complete(key: string, ttlMs: number): Promise<void> {
    this.#set(key, "done", ttlMs);
  }

  /** {@inheritDoc ClaimStore.release} */
  async release(key: string): Promise<void> {
    if (this.#entries.get(key)?.state === "in-progress") this.#entries.delete(key);
  }
}
