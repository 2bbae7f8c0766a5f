// The public surface of @avala/node/redis: the Redis limiter store, on its own entry point so that importing
// @avala/node loads neither this code nor ioredis (an optional peer dependency, needed only here).

export { createRedisClaimStore, RedisClaimStore, type RedisClaimStoreOptions } from "./claim-store.js";
export { createRedisStore, RedisLimiterStore, type RedisStoreOptions } from "./redis-store.js";
export { LimiterStoreUnavailableError } from "./store-unavailable-error.js";
