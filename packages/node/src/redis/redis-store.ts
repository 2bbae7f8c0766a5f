import { randomBytes } from "node:crypto";
import type { LimiterStore, Logger, WindowAcquireResult, WindowRule } from "@avala/core";
import { redact } from "@avala/core/internal";
import { type Cluster, Redis } from "ioredis";
import { LuaScript } from "./lua-script.js";
import { ACQUIRE_SLOT, ACQUIRE_WINDOWS, FINISH_WINDOWS, PAUSE } from "./lua-scripts.js";
import { LimiterStoreUnavailableError } from "./store-unavailable-error.js";

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** An ioredis client (standalone or Cluster), or a `redis://` / `rediss://` URL to open one. */
  redis: Redis | Cluster | string;
  /**
   * Prefix of every key. Default `{avala-limiter}:`; the braces are a Redis Cluster hash tag, so all keys of
   * one script land in one slot (keep a hash tag in your own prefix on Cluster). Limiters with different
   * `namespace`s (e.g. one per API key) share a store without sharing windows, slots or pauses.
   */
  prefix?: string;
  /**
   * What to do while Redis is unreachable or erroring. `"open"` (default): let requests through as if no
   * limiter were there, warning once per outage — an outage of the limiter should not become an outage of the
   * application, and the API still enforces its limits with 429s, which the client retries. `"closed"`: reject
   * with {@link LimiterStoreUnavailableError}, for callers that must never exceed the limits (e.g. a shared key
   * whose 429s would hurt other tenants).
   */
  onUnavailable?: "open" | "closed";
  /** Where outages and recoveries are logged (`console` fits). */
  logger?: Partial<Logger>;
  /** Longest wait for one Redis call before it counts as unavailable, in ms. Default 1000. */
  timeoutMs?: number;
}

/** Connection states in which a call cannot succeed soon; failing at once avoids stalling every request. */
const DOWN = new Set(["reconnecting", "close", "end"]);
/** Tokens handed out while failing open; they were never stored, so releasing them needs no Redis call. */
const OPEN_TOKEN = "fail-open:";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A `LimiterStore` in Redis, so every process and machine using one API key shares one set of limits.
 * Windows and slots are sorted sets updated by Lua scripts (atomic, on the server's clock); every key expires
 * once idle. Create it with {@link createRedisStore}.
 */
export class RedisLimiterStore implements LimiterStore {
  /** The ioredis client in use. */
  readonly redis: Redis | Cluster;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #closed: boolean;
  readonly #logger: Partial<Logger> | undefined;
  readonly #timeoutMs: number;
  readonly #hitId = randomBytes(6).toString("hex");
  #seq = 0;
  #down = false;
  /** Slots this process gave up on (by key) whose removal Redis has not confirmed yet. */
  readonly #unreturned = new Map<string, Set<string>>();
  /** Pauses seen by this process (epoch ms by key); answer `pauseRemaining` while Redis is away (fail-open mode). */
  readonly #localPauses = new Map<string, number>();

  constructor(options: RedisStoreOptions) {
    this.#owned = typeof options.redis === "string";
    this.redis =
      typeof options.redis === "string"
        ? // One retry per command: ioredis' default (20) would hold each limiter call for seconds during an outage.
          new Redis(options.redis, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
        : options.redis;
    // Our own client: route its connection errors to the outage log instead of ioredis' "Unhandled error".
    if (this.#owned) this.redis.on("error", (error: unknown) => this.#markDown(error));
    this.#prefix = options.prefix ?? "{avala-limiter}:";
    this.#closed = options.onUnavailable === "closed";
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs ?? 1000;
  }

  async tryAcquireWindows(
    rules: readonly WindowRule[],
    _now: number,
    ttlMs: number,
  ): Promise<WindowAcquireResult> {
    if (rules.length === 0) return { granted: true };
    return this.#call(
      async (): Promise<WindowAcquireResult> => {
        const hit = `${this.#hitId}:${++this.#seq}`;
        const args: (string | number)[] = [hit, Math.ceil(ttlMs)];
        for (const rule of rules) args.push(rule.limit, rule.windowMs);
        const keys = rules.map((rule) => this.#prefix + rule.key);
        const [waitMs = 0, index = 0] = (await ACQUIRE_WINDOWS_SCRIPT.run(
          this.redis,
          keys,
          args,
        )) as number[];
        return waitMs > 0
          ? { granted: false, waitMs, ...(rules[index - 1] ? { rule: rules[index - 1]!.key } : {}) }
          : { granted: true, hit };
      },
      () => ({ granted: true }),
    );
  }

  async finishWindows(rules: readonly WindowRule[], hit: string, _now: number): Promise<void> {
    // Stamped on Redis's clock, like the grant. If Redis cannot be told, the hit counts until its ttl has run.
    await this.#call(
      async () => {
        const keys = rules.map((rule) => this.#prefix + rule.key);
        await FINISH_WINDOWS_SCRIPT.run(this.redis, keys, [hit, ...rules.map((rule) => rule.windowMs)]);
      },
      () => undefined,
    );
  }

  async tryAcquireSlot(key: string, max: number, ttlMs: number, _now: number): Promise<string | null> {
    // The token is chosen here, before the script runs, so a slot can be given back even when its reply is lost.
    const token = `${this.#hitId}:${++this.#seq}`;
    const slotKey = this.#prefix + key;
    return this.#call(
      async () => {
        const taken = await ACQUIRE_SLOT_SCRIPT.run(this.redis, [slotKey], [token, max, Math.ceil(ttlMs)]);
        return Number(taken) === 1 ? token : null;
      },
      () => OPEN_TOKEN + token,
      // A script that timed out here may still run on the server (it was sent, Redis was only slow) and take a
      // slot nobody holds, for the whole ttl: five of them would block every export of every process. ZREM of its
      // token, sent after it on the same connection, runs after it, so the slot is given back either way.
      (sent) => sent && this.#giveBack(slotKey, token),
    );
  }

  async releaseSlot(key: string, token: string): Promise<void> {
    if (token.startsWith(OPEN_TOKEN)) return;
    await this.#call(
      async () => {
        await this.redis.zrem(this.#prefix + key, token);
      },
      () => undefined,
      // Not given back now: keep trying, rather than leave the slot taken until its ttl.
      () => this.#giveBack(this.#prefix + key, token),
    );
  }

  async pause(key: string, ms: number): Promise<void> {
    if (ms <= 0) return;
    this.#localPauses.set(key, Math.max(this.#localPauses.get(key) ?? 0, Date.now() + ms));
    // A duration, anchored by the script on Redis's clock, so machines with skewed clocks agree.
    await this.#call(
      async () => {
        await PAUSE_SCRIPT.run(this.redis, [this.#prefix + key], [Math.ceil(ms)]);
      },
      () => undefined,
    );
  }

  async pauseRemaining(key: string): Promise<number> {
    return this.#call(
      async () => Math.max(0, await this.redis.pttl(this.#prefix + key)),
      () => Math.max(0, (this.#localPauses.get(key) ?? 0) - Date.now()),
    );
  }

  /** Closes the connection if this store opened it (from a URL); a client passed in is left to its owner. */
  async close(): Promise<void> {
    if (!this.#owned) return;
    if (DOWN.has(this.redis.status)) {
      this.redis.disconnect();
      return;
    }
    // QUIT answers before the socket has closed; resolve only once it has, so a process can exit right after.
    const ended = new Promise<void>((resolve) => this.redis.once("end", () => resolve()));
    await withTimeout(
      this.redis.quit().then(() => ended),
      this.#timeoutMs,
    ).catch(() => this.redis.disconnect());
  }

  /**
   * Runs one Redis step with the timeout. On failure: `undo` (told whether the step was sent, and so may still
   * take effect on the server), then fail open or closed.
   */
  async #call<T>(run: () => Promise<T>, failOpen: () => T, undo?: (sent: boolean) => unknown): Promise<T> {
    let sent = false;
    try {
      if (DOWN.has(this.redis.status)) throw new Error(`The Redis connection is ${this.redis.status}.`);
      sent = true;
      const result = await withTimeout(run(), this.#timeoutMs);
      if (this.#down) {
        this.#down = false;
        this.#logger?.info?.("Redis limiter store is reachable again; shared rate limits apply.");
      }
      if (this.#unreturned.size > 0) this.#retryGiveBacks();
      return result;
    } catch (error) {
      undo?.(sent);
      this.#markDown(error);
      if (this.#closed) throw new LimiterStoreUnavailableError({ cause: error });
      return failOpen();
    }
  }

  /**
   * Removes slot `token` from `slotKey` without waiting for the answer. If Redis cannot be told now (the connection
   * is gone), the token is kept and removed with the next call that reaches Redis, so a slot is never left taken
   * for its whole ttl by a holder that has already given up on it.
   */
  #giveBack(slotKey: string, token: string): void {
    const tokens = this.#unreturned.get(slotKey) ?? new Set<string>();
    tokens.add(token);
    this.#unreturned.set(slotKey, tokens);
    void this.redis.zrem(slotKey, token).then(
      () => this.#returned(slotKey, [token]),
      () => {}, // kept for #retryGiveBacks
    );
  }

  #retryGiveBacks(): void {
    for (const [slotKey, tokens] of this.#unreturned) {
      const batch = [...tokens];
      void this.redis.zrem(slotKey, ...batch).then(
        () => this.#returned(slotKey, batch),
        () => {},
      );
    }
  }

  #returned(slotKey: string, batch: readonly string[]): void {
    const tokens = this.#unreturned.get(slotKey);
    if (!tokens) return;
    for (const token of batch) tokens.delete(token);
    if (tokens.size === 0) this.#unreturned.delete(slotKey);
  }

  #markDown(error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    this.#logger?.warn?.(
      this.#closed
        ? "Redis limiter store is unavailable; requests are rejected until it is back (onUnavailable: closed)."
        : "Redis limiter store is unavailable; requests go through without shared rate limits until it is back (onUnavailable: open).",
      // ioredis' messages can carry what the connection string holds (a host, a user): masked as core masks errors.
      { error: redact(error instanceof Error ? error.message : String(error)) },
    );
  }
}

const ACQUIRE_WINDOWS_SCRIPT = new LuaScript(ACQUIRE_WINDOWS);
const FINISH_WINDOWS_SCRIPT = new LuaScript(FINISH_WINDOWS);
const ACQUIRE_SLOT_SCRIPT = new LuaScript(ACQUIRE_SLOT);
const PAUSE_SCRIPT = new LuaScript(PAUSE);

/**
 * Creates a Redis-backed limiter store, to share one API key's rate limits between processes and machines:
 * `createLimiter({ store: createRedisStore({ redis: process.env.REDIS_URL! }) })`.
 */
export function createRedisStore(options: RedisStoreOptions): RedisLimiterStore {
  return new RedisLimiterStore(options);
}
