/*
 * Lua scripts of the Redis limiter store. Why Lua: each limiter step is read-check-write over several keys
 * (prune, count every rule, then record in all of them or none). Redis runs a script as one atomic step, so
 * two processes can never both see "19 of 20" and both add; MULTI/WATCH would need retry loops instead.
 *
 * Every script reads the Redis server's clock (TIME), not the caller's: machines with skewed clocks then still
 * agree on which hits are inside a window and when a slot expires. (Redis 5+ replicates script effects, not
 * the script, so a non-deterministic TIME is safe with replicas.) Times are integer milliseconds.
 */

/** `now` in ms from the server clock; shared prelude of every script. */
const NOW = `local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Sliding windows. KEYS: one sorted set per rule (member = unique hit id, score = time). ARGV: hit id, ttl ms,
 * then limit and window ms per key. A hit is recorded in flight, scored `now + ttl` (after every finished hit,
 * and in no window's past until its ttl has run out); FINISH_WINDOWS re-scores it with the time its request
 * finished. Returns {0} when recorded in every window, otherwise {ms to wait, index of the rule that holds it}
 * (nothing recorded). Same arithmetic as core's MemoryLimiterStore: the request may go once the oldest hit
 * keeping the window full has left it; one still in flight (score > now) leaves no sooner than a window from
 * now. Each key expires one window after its highest score.
 */
export const ACQUIRE_WINDOWS = `${NOW}local wait = 0
local rule = 0
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i + 1])
  local window = tonumber(ARGV[2 * i + 2])
  redis.call("ZREMRANGEBYSCORE", KEYS[i], "-inf", now - window)
  local count = redis.call("ZCARD", KEYS[i])
  if count >= limit then
    local edge = tonumber(redis.call("ZRANGE", KEYS[i], count - limit, count - limit, "WITHSCORES")[2])
    local w = window
    if edge <= now then w = math.max(edge + window - now, 1) end
    if w > wait then
      wait = w
      rule = i
    end
  end
end
if wait > 0 then return {math.ceil(wait), rule} end
local score = now + tonumber(ARGV[2])
for i = 1, #KEYS do
  redis.call("ZADD", KEYS[i], score, ARGV[1])
  local top = tonumber(redis.call("ZRANGE", KEYS[i], -1, -1, "WITHSCORES")[2])
  redis.call("PEXPIREAT", KEYS[i], math.ceil(top + tonumber(ARGV[2 * i + 2])))
end
return {0}
`;

/**
 * A hit's request has finished. KEYS: the sorted sets of ACQUIRE_WINDOWS. ARGV: hit id, then window ms per key.
 * Re-scores the hit with the server's time now (XX: a hit already gone from a window is not added back), and
 * keeps each key until one window after its highest score.
 */
export const FINISH_WINDOWS = `${NOW}for i = 1, #KEYS do
  if redis.call("ZADD", KEYS[i], "XX", "CH", now, ARGV[1]) == 1 then
    local top = tonumber(redis.call("ZRANGE", KEYS[i], -1, -1, "WITHSCORES")[2])
    redis.call("PEXPIREAT", KEYS[i], math.ceil(top + tonumber(ARGV[i + 1])))
  end
end
return 0
`;

/**
 * Concurrency slot. KEYS[1]: sorted set of tokens scored by expiry. ARGV: token, max, ttl ms.
 * Expired tokens are dropped first, so a process that crashed holding a slot loses it after the ttl.
 * Returns 1 when taken, 0 when all slots are held. The key expires with its last slot.
 */
export const ACQUIRE_SLOT = `${NOW}redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now)
if redis.call("ZCARD", KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call("ZADD", KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
local last = redis.call("ZRANGE", KEYS[1], -1, -1, "WITHSCORES")
redis.call("PEXPIREAT", KEYS[1], math.ceil(tonumber(last[2])))
return 1
`;

/**
 * Pause. KEYS[1]: pause-until time (server clock). ARGV[1]: pause length in ms. Keeps the later of the
 * current and the new end (an earlier pause never shortens a later one); the key disappears when it ends,
 * so PTTL of the key is the time left.
 */
export const PAUSE = `${NOW}local untilMs = now + math.ceil(tonumber(ARGV[1]))
local current = tonumber(redis.call("GET", KEYS[1]) or "0")
if untilMs > current then
  redis.call("SET", KEYS[1], untilMs)
  redis.call("PEXPIREAT", KEYS[1], untilMs)
end
return 0
`;
