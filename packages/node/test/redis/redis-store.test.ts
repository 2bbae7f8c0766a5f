import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  AvalaError,
  createClient,
  createLimiter,
  LimiterWaitTooLongError,
  type WindowRule,
} from "@avala/core";
import { type RedisServer, startRedisServer } from "@avala-tools/redis-server";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createRedisStore,
  type RedisLimiterStore,
  type RedisStoreOptions,
} from "../../src/redis/redis-store.js";
import { LimiterStoreUnavailableError } from "../../src/redis/store-unavailable-error.js";
import { type ReplyProxy, startReplyProxy } from "./reply-proxy.js";

let server: RedisServer;
let inspect: Redis;
const stores: RedisLimiterStore[] = [];
let prefixes = 0;

beforeAll(async () => {
  server = await startRedisServer();
  inspect = new Redis(server.url);
  inspect.on("error", () => {}); // the outage tests stop the server under it
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  inspect?.disconnect();
  await server?.stop();
});

/** A store on the test server with a prefix of its own, so tests do not see each other's keys. */
function store(options: Partial<RedisStoreOptions> = {}, prefix = `{t${++prefixes}}:`): RedisLimiterStore {
  const created = createRedisStore({ redis: server.url, prefix, ...options });
  stores.push(created);
  return created;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long a hit stays in flight without being finished, for tests not about that. */
const TTL = 60_000;
/** The Redis server's clock, in ms. */
const redisNow = async () => {
  const [seconds, micros] = await inspect.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
};

describe("RedisLimiterStore windows", () => {
  it("admits `limit` hits per window; a full window waits for its oldest hit to leave", async () => {
    const s = store({}, "{admits}:");
    const rule: WindowRule = { key: "w", limit: 3, windowMs: 400 };
    const hits: string[] = [];
    for (let i = 0; i < 3; i++) {
      const granted = await s.tryAcquireWindows([rule], Date.now(), TTL);
      expect(granted).toEqual({ granted: true, hit: expect.any(String) });
      hits.push((granted as { hit: string }).hit);
    }
    // All three in flight: none can leave sooner than one whole window from now, so that is the wait.
    expect(await s.tryAcquireWindows([rule], Date.now(), TTL)).toEqual({
      granted: false,
      waitMs: 400,
      rule: "w",
    });
    for (const hit of hits) await s.finishWindows([rule], hit, Date.now());
    const blocked = await s.tryAcquireWindows([rule], Date.now(), TTL);
    expect(blocked.granted).toBe(false);
    const waitMs = (blocked as { waitMs: number }).waitMs;
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(400);
    await sleep(waitMs + 5);
    expect((await s.tryAcquireWindows([rule], Date.now(), TTL)).granted).toBe(true);
  });

  it("keeps a hit in its windows while in flight, whatever its age, and re-stamps it when it finishes", async () => {
    const s = store({}, "{in-flight}:");
    const rule: WindowRule = { key: "w", limit: 1, windowMs: 100 };
    const before = await redisNow();
    const { hit } = (await s.tryAcquireWindows([rule], Date.now(), TTL)) as { hit: string };
    // Scored past every finished hit: its grant time plus the ttl.
    const inFlight = Number(await inspect.zscore("{in-flight}:w", hit));
    expect(inFlight).toBeGreaterThanOrEqual(before + TTL);
    await sleep(250); // well past the window: a hit stamped at its grant would have left it
    expect(await s.tryAcquireWindows([rule], Date.now(), TTL)).toEqual({
      granted: false,
      waitMs: 100,
      rule: "w",
    });

    const finishing = await redisNow();
    await s.finishWindows([rule], hit, Date.now());
    const finished = await redisNow();
    const stamp = Number(await inspect.zscore("{in-flight}:w", hit));
    expect(stamp).toBeGreaterThanOrEqual(finishing);
    expect(stamp).toBeLessThanOrEqual(finished);
    // The key lives one window past its newest hit, no longer.
    expect(await inspect.pttl("{in-flight}:w")).toBeLessThanOrEqual(100);
    // Finishing it again (a late duplicate) or after it left changes nothing.
    await sleep(150);
    await s.finishWindows([rule], hit, Date.now());
    expect(await inspect.exists("{in-flight}:w")).toBe(0);
  });

  it("counts a hit never finished (its process died) as made one ttl after its grant", async () => {
    const s = store({}, "{dead}:");
    const rule: WindowRule = { key: "w", limit: 1, windowMs: 60_000 };
    await s.tryAcquireWindows([rule], Date.now(), 100);
    await sleep(150);
    const blocked = await s.tryAcquireWindows([rule], Date.now(), TTL);
    expect(blocked.granted).toBe(false);
    // No longer in flight: it leaves one window after grant + ttl, sooner than a whole window from now.
    expect((blocked as { waitMs: number }).waitMs).toBeLessThan(60_000);
    expect(await inspect.pttl("{dead}:w")).toBeLessThan(60_000);
  });

  it("records in every rule or in none", async () => {
    const s = store({}, "{all-or-none}:");
    const wide: WindowRule = { key: "wide", limit: 5, windowMs: 10_000 };
    const narrow: WindowRule = { key: "narrow", limit: 2, windowMs: 10_000 };
    expect((await s.tryAcquireWindows([wide, narrow], 0, TTL)).granted).toBe(true);
    expect((await s.tryAcquireWindows([wide, narrow], 0, TTL)).granted).toBe(true);
    expect((await s.tryAcquireWindows([wide, narrow], 0, TTL)).granted).toBe(false);
    expect(await inspect.zcard("{all-or-none}:wide")).toBe(2);
    expect((await s.tryAcquireWindows([wide], 0, TTL)).granted).toBe(true);
    expect(await inspect.zcard("{all-or-none}:wide")).toBe(3);
  });

  it("is atomic across two store instances on separate connections", async () => {
    const prefix = "{shared-window}:";
    const a = store({}, prefix);
    const b = store({}, prefix);
    const rules: WindowRule[] = [
      { key: "all", limit: 10, windowMs: 60_000 },
      { key: "burst", limit: 25, windowMs: 60_000 },
    ];
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => (i % 2 ? a : b).tryAcquireWindows(rules, Date.now(), TTL)),
    );
    expect(results.filter((r) => r.granted)).toHaveLength(10);
    expect(await inspect.zcard(`${prefix}all`)).toBe(10);
    expect(await inspect.zcard(`${prefix}burst`)).toBe(10);
  });

  it("uses the Redis server's clock, not the caller's `now`", async () => {
    const s = store();
    const rule: WindowRule = { key: "clock", limit: 1, windowMs: 200 };
    // A caller whose clock is a day ahead, then one a day behind: the window is still 200 ms of server time.
    expect((await s.tryAcquireWindows([rule], Date.now() + 86_400_000, TTL)).granted).toBe(true);
    const blocked = await s.tryAcquireWindows([rule], Date.now() - 86_400_000, TTL);
    expect(blocked.granted).toBe(false);
    expect((blocked as { waitMs: number }).waitMs).toBeLessThanOrEqual(200);
  });

  it("lets idle window keys expire: one window after the newest hit's ttl", async () => {
    const s = store({}, "{expiry}:");
    await s.tryAcquireWindows([{ key: "idle", limit: 5, windowMs: 150 }], Date.now(), 10);
    const ttl = await inspect.pttl("{expiry}:idle");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(160);
    await sleep(200);
    expect(await inspect.exists("{expiry}:idle")).toBe(0);
  });
});

describe("RedisLimiterStore slots", () => {
  it("hands out at most `max` slots and takes released ones back", async () => {
    const s = store();
    const a = await s.tryAcquireSlot("exports", 2, 60_000, Date.now());
    const b = await s.tryAcquireSlot("exports", 2, 60_000, Date.now());
    expect(a).toEqual(expect.any(String));
    expect(b).toEqual(expect.any(String));
    expect(a).not.toBe(b);
    expect(await s.tryAcquireSlot("exports", 2, 60_000, Date.now())).toBeNull();
    await s.releaseSlot("exports", a!);
    expect(await s.tryAcquireSlot("exports", 2, 60_000, Date.now())).toEqual(expect.any(String));
  });

  it("expires a slot that was never released (a crashed holder), and then the key", async () => {
    const crashed = store({}, "{slots}:");
    const other = store({}, "{slots}:");
    expect(await crashed.tryAcquireSlot("uploads", 1, 150, Date.now())).not.toBeNull();
    expect(await other.tryAcquireSlot("uploads", 1, 150, Date.now())).toBeNull();
    const ttl = await inspect.pttl("{slots}:uploads");
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(150);
    await sleep(170);
    const token = await other.tryAcquireSlot("uploads", 1, 100, Date.now());
    expect(token).not.toBeNull();
    await sleep(130);
    expect(await inspect.exists("{slots}:uploads")).toBe(0);
  });

  it("shares slots atomically between instances", async () => {
    const a = store({}, "{slot-race}:");
    const b = store({}, "{slot-race}:");
    const tokens = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).tryAcquireSlot("exports", 5, 60_000, Date.now())),
    );
    expect(tokens.filter((t) => t !== null)).toHaveLength(5);
  });
});

describe("RedisLimiterStore pause", () => {
  it("keeps the longest pause (a shorter one never shortens it), seen by every instance, and then disappears", async () => {
    // Minutes-long pauses, so the time these calls take cannot blur which one is kept.
    const a = store({}, "{pause}:");
    const b = store({}, "{pause}:");
    expect(await a.pauseRemaining("avala:pause")).toBe(0);
    await a.pause("avala:pause", 600_000);
    await b.pause("avala:pause", 200_000);
    const seen = await b.pauseRemaining("avala:pause");
    expect(seen).toBeGreaterThan(200_000);
    expect(seen).toBeLessThanOrEqual(600_000);
    expect(await a.pauseRemaining("other:pause")).toBe(0); // another namespace is not paused
    expect(await inspect.pttl("{pause}:avala:pause")).toBeGreaterThan(200_000);
    await b.pause("avala:pause", 800_000);
    expect(await a.pauseRemaining("avala:pause")).toBeGreaterThan(600_000);

    await a.pause("short:pause", 100);
    expect(await inspect.pttl("{pause}:short:pause")).toBeLessThanOrEqual(100);
    await sleep(150);
    expect(await a.pauseRemaining("short:pause")).toBe(0);
    expect(await inspect.exists("{pause}:short:pause")).toBe(0);
  });
});

describe("RedisLimiterStore with a shared limiter", () => {
  it("two limiters on one store share one window: together they get `requests`, the rest wait", async () => {
    // A one-minute window: the check counts grants, and no plausible slowness lets the window pass meanwhile.
    const options = {
      rules: { tiny: { requests: 4, windowSeconds: 60, scope: "all" as const } },
      safetyMargin: 0,
      safetyMarginMs: 0,
    };
    const prefix = "{limiters}:";
    const one = createLimiter({ ...options, store: store({}, prefix) });
    const two = createLimiter({ ...options, store: store({}, prefix) });
    const controller = new AbortController();
    setMaxListeners(20, controller.signal); // twelve waiters share it
    let granted = 0;
    let fourGranted!: () => void;
    const four = new Promise<void>((resolve) => {
      fourGranted = resolve;
    });
    const requests = Array.from({ length: 12 }, async (_, i) => {
      const permit = await (i % 2 ? one : two).acquire(
        { rateLimit: null, concurrency: null },
        controller.signal,
      );
      if (++granted === 4) fourGranted();
      permit.release();
    });
    await four;
    await vi.waitFor(() => expect(one.pending + two.pending).toBe(8), { timeout: 20_000 }); // both asked the store and wait
    expect(granted).toBe(4);
    expect(await inspect.zcard(`${prefix}avala:rate:tiny`)).toBe(4);
    controller.abort();
    const outcomes = await Promise.allSettled(requests);
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(8);
  });

  it("cannot foresee a wait, so acquire's maxWaitMs is enforced when the bound passes (no expectedWaitMs)", async () => {
    const prefix = "{bounded}:";
    const limiter = createLimiter({
      rules: { tiny: { requests: 1, windowSeconds: 60, scope: "all" } },
      store: store({}, prefix),
    });
    const op = { rateLimit: null, concurrency: null };
    await limiter.acquire(op, { maxWaitMs: 300 });
    // The window is full for a minute; a memory store would refuse this at once with expectedWaitMs set.
    const refused = await limiter.acquire(op, { maxWaitMs: 300 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LimiterWaitTooLongError);
    expect((refused as LimiterWaitTooLongError).expectedWaitMs).toBeUndefined();
    expect((refused as LimiterWaitTooLongError).maxWaitMs).toBe(300);
    expect(limiter.pending).toBe(0);
    expect(await inspect.zcard(`${prefix}avala:rate:tiny`)).toBe(1);
  });
});

describe("RedisLimiterStore when Redis answers too late or not at all", () => {
  let proxy: ReplyProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it.each(["closed", "open"] as const)(
    "gives back a slot whose script timed out on the client but ran on the server (onUnavailable %s)",
    async (onUnavailable) => {
      proxy = await startReplyProxy(server.port);
      const prefix = `{late-${onUnavailable}}:`;
      const s = store({ redis: proxy.url, timeoutMs: 200, onUnavailable }, prefix);
      await s.pauseRemaining("warm-up"); // connected
      proxy.hold(); // Redis runs what it receives, but its replies stop on the way back
      const outcome = await s.tryAcquireSlot("exports", 1, 600_000, Date.now()).catch((e: unknown) => e);
      if (onUnavailable === "closed") expect(outcome).toBeInstanceOf(LimiterStoreUnavailableError);
      else expect(outcome).toMatch(/^fail-open:/);
      // The script did take the slot on the server; the store removed it again by its token, so the slot is free
      // now and not in 10 minutes (slotTtlMs).
      await vi.waitFor(async () => expect(await inspect.zcard(`${prefix}exports`)).toBe(0), {
        timeout: 10_000,
        interval: 20,
      });
      proxy.release();
      const other = store({}, prefix);
      expect(await other.tryAcquireSlot("exports", 1, 600_000, Date.now())).toEqual(expect.any(String));
    },
  );

  it("keeps a slot release that could not reach Redis and completes it once Redis is back", async () => {
    proxy = await startReplyProxy(server.port);
    const prefix = "{unreturned}:";
    const s = store({ redis: proxy.url, timeoutMs: 200 }, prefix);
    const token = await s.tryAcquireSlot("exports", 1, 600_000, Date.now());
    expect(token).toEqual(expect.any(String));
    expect(await inspect.zcard(`${prefix}exports`)).toBe(1);
    await proxy.cut();
    await s.releaseSlot("exports", token!); // fails open: the holder is done with it either way
    expect(await inspect.zcard(`${prefix}exports`)).toBe(1);
    await proxy.restore();
    await vi.waitFor(
      async () => {
        await s.pauseRemaining("avala:pause"); // any call that reaches Redis again
        expect(await inspect.zcard(`${prefix}exports`)).toBe(0);
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  it("a POST answered after Redis went away stays successful and is sent once (onUnavailable closed)", async () => {
    proxy = await startReplyProxy(server.port);
    const s = store({ redis: proxy.url, timeoutMs: 200, onUnavailable: "closed" }, "{observe}:");
    let received = 0;
    const api = createServer((_req, res) => {
      received += 1;
      // Redis disappears while the request is at the API; the answer asks for a pause, which needs Redis.
      void proxy!.cut().then(() => {
        const reset = String(Math.floor(Date.now() / 1000) + 30);
        res.writeHead(201, {
          "content-type": "application/json",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": reset,
        });
        res.end(JSON.stringify({ uid: "e1", status: "requested" }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = api.address() as AddressInfo;
      const avala = createClient({
        apiKey: "avk_test_0123456789",
        baseUrl: `http://127.0.0.1:${port}/api/v1`,
        limiter: createLimiter({ store: s }),
      });
      const created = await avala.POST("/exports/", {
        body: { name: "n", format: "avala-json-external", datasets: [] },
        retry: true,
      });
      expect(created).toMatchObject({ uid: "e1" });
      expect(received).toBe(1);
    } finally {
      api.closeAllConnections();
      api.close();
    }
  });
});

describe("RedisLimiterStore when Redis is unavailable", () => {
  it("masks secrets in its outage warning: a key written into the Redis URL stays out of the log", async () => {
    const logger = { warn: vi.fn(), info: vi.fn() };
    const s = createRedisStore({ redis: "redis://avk_live_0123456789abcdef.invalid:6379", logger });
    stores.push(s);
    await vi.waitFor(() => expect(logger.warn).toHaveBeenCalled(), { timeout: 30_000, interval: 50 });
    const logged = JSON.stringify(logger.warn.mock.calls);
    expect(logged).toContain("getaddrinfo"); // the reason is still there
    expect(logged).not.toContain("avk_live_0123456789abcdef");
  });

  it("fails open by default: lets requests through and warns once per outage", async () => {
    const logger = { warn: vi.fn(), info: vi.fn() };
    const s = store({ logger });
    const rule: WindowRule = { key: "open", limit: 1, windowMs: 60_000 };
    expect((await s.tryAcquireWindows([rule], Date.now(), TTL)).granted).toBe(true);
    expect((await s.tryAcquireWindows([rule], Date.now(), TTL)).granted).toBe(false);
    await server.stop();
    try {
      for (let i = 0; i < 3; i++) {
        expect(await s.tryAcquireWindows([rule], Date.now(), TTL)).toEqual({ granted: true });
        const token = await s.tryAcquireSlot("exports", 1, 1000, Date.now());
        expect(token).toEqual(expect.any(String));
        await s.releaseSlot("exports", token!);
        await s.pause("avala:pause", 50);
        expect(await s.pauseRemaining("avala:pause")).toBeGreaterThan(0); // the pause this process saw
      }
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0]?.[0]).toMatch(/unavailable.*without shared rate limits/);
    } finally {
      await server.start();
    }
    // Back: state is shared again (the restarted server is empty) and the recovery is logged.
    await vi.waitFor(
      async () => {
        await s.tryAcquireWindows([rule], Date.now(), TTL);
        expect(logger.info).toHaveBeenCalledTimes(1);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect((await s.tryAcquireWindows([rule], Date.now(), TTL)).granted).toBe(false);
    // A second outage warns again.
    await server.stop();
    try {
      await s.tryAcquireWindows([rule], Date.now(), TTL);
      await s.tryAcquireWindows([rule], Date.now(), TTL);
      expect(logger.warn).toHaveBeenCalledTimes(2);
    } finally {
      await server.start();
    }
  });

  it("fails closed on request: rejects with LimiterStoreUnavailableError, and so does the limiter", async () => {
    const s = store({ onUnavailable: "closed" });
    const limiter = createLimiter({
      store: s,
      rules: { r: { requests: 10, windowSeconds: 1, scope: "all" } },
    });
    (await limiter.acquire({ rateLimit: null, concurrency: null })).release();
    await server.stop();
    try {
      const error = await s
        .tryAcquireWindows([{ key: "c", limit: 1, windowMs: 1000 }], Date.now(), TTL)
        .catch((e) => e);
      expect(error).toBeInstanceOf(LimiterStoreUnavailableError);
      expect(error).toBeInstanceOf(AvalaError);
      await expect(s.tryAcquireSlot("exports", 1, 1000, Date.now())).rejects.toBeInstanceOf(
        LimiterStoreUnavailableError,
      );
      await expect(s.pauseRemaining("avala:pause")).rejects.toBeInstanceOf(LimiterStoreUnavailableError);
      await expect(limiter.acquire({ rateLimit: null, concurrency: null })).rejects.toBeInstanceOf(
        LimiterStoreUnavailableError,
      );
    } finally {
      await server.start();
    }
  });

  it("does not stall when Redis was never there", async () => {
    // A timeout longer than the test's own: waiting for it instead of failing on the refused connection would fail
    // the test.
    const s = store({ redis: "redis://127.0.0.1:1", timeoutMs: 120_000 });
    expect(
      (await s.tryAcquireWindows([{ key: "x", limit: 1, windowMs: 1000 }], Date.now(), TTL)).granted,
    ).toBe(true);
  });
});

describe("RedisLimiterStore.close", () => {
  it("closes a connection it opened, and leaves a client it was given alone", async () => {
    const own = createRedisStore({ redis: server.url });
    await own.pauseRemaining("avala:pause");
    await own.close();
    expect(own.redis.status).toBe("end");
    const given = new Redis(server.url);
    const borrowed = createRedisStore({ redis: given });
    await borrowed.pauseRemaining("avala:pause");
    await borrowed.close();
    expect(await given.ping()).toBe("PONG");
    given.disconnect();
  });
});
