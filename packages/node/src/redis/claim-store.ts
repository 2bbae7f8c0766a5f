import type { ClaimState, ClaimStore } from "@avala/core/webhooks";
import { type Cluster, Redis } from "ioredis";

/** Options of {@link createRedisClaimStore}. */
export interface RedisClaimStoreOptions {
  /** An ioredis client (standalone or Cluster), or a `redis://` / `rediss://` URL to open one. */
  redis: Redis | Cluster | string;
  /** Prefix of every key. Default `avala-claims:`. Processes that should not see each other's claims use different prefixes. */
  prefix?: string;
}

// Atomic take-or-report: SET NX with the claim's lifetime, else the current state. One round trip, one key.
const CLAIM = `
if redis.call("SET", KEYS[1], "in-progress", "PX", ARGV[1], "NX") then return "claimed" end
return redis.call("GET", KEYS[1]) or "claimed-race"
`;
// Release only a claim still in progress: a key marked done stays done.
const RELEASE = `
if redis.call("GET", KEYS[1]) == "in-progress" then return redis.call("DEL", KEYS[1]) end
return 0
`;

/**
 * A {@link ClaimStore} in Redis, shared by every process and machine using it: webhook handlers behind a load
 * balancer handle each delivery id once, and agent runners act once on each execution. A claim is one key that
 * expires (an unfinished claim after its TTL, a done one after the dedupe TTL). Create it with
 * {@link createRedisClaimStore}.
 */
export class RedisClaimStore implements ClaimStore {
  /** The ioredis client in use. */
  readonly redis: Redis | Cluster;
  readonly #owned: boolean;
  readonly #prefix: string;

  constructor(options: RedisClaimStoreOptions) {
    this.#owned = typeof options.redis === "string";
    this.redis =
      typeof options.redis === "string"
        ? new Redis(options.redis, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
        : options.redis;
    this.#prefix = options.prefix ?? "avala-claims:";
  }

  /** {@inheritDoc ClaimStore.claim} */
  async claim(key: string, ttlMs: number): Promise<ClaimState> {
    const state = String(await this.redis.eval(CLAIM, 1, this.#prefix + key, Math.max(1, Math.ceil(ttlMs))));
    // The key lapsed between SET NX and GET: nobody holds it now, but rather than loop, report it as taken;
    // the next attempt claims it.
    if (state === "claimed-race") return "in-progress";
    return state as ClaimState;
  }

  /** {@inheritDoc ClaimStore.complete} */
  async complete(key: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.#prefix + key, "done", "PX", Math.max(1, Math.ceil(ttlMs)));
  }

  /** {@inheritDoc ClaimStore.release} */
  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.#prefix + key);
  }

  /** Closes the Redis connection if this store opened it (from a URL); a client passed in is left open. */
  async close(): Promise<void> {
    if (this.#owned) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * A Redis {@link ClaimStore} for `createWebhookHandler({ store })` and `createAgent({ claims })`:
 * `createRedisClaimStore({ redis: process.env.REDIS_URL })`.
 */
export function createRedisClaimStore(options: RedisClaimStoreOptions): RedisClaimStore {
  return new RedisClaimStore(options);
}
