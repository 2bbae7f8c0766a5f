import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AcquireOptions,
  APIUserAbortError,
  ConfigurationError,
  createClient,
  createLimiter,
  type LimitedOperation,
  type LimiterOptions,
  LimiterQueueFullError,
  type LimiterStore,
  LimiterWaitTooLongError,
  MemoryLimiterStore,
  RateLimiter,
} from "../src/index.js";
import { json, useFaultServers } from "./support/fault-server.js";

const PLAIN: LimitedOperation = { rateLimit: null, concurrency: null };
const INFERENCE: LimitedOperation = { rateLimit: "inference", concurrency: null };
const EXPORT: LimitedOperation = { rateLimit: null, concurrency: "exports" };

// The limiter runs on fake timers (setTimeout and Date; setImmediate stays real for `flush`): every grant happens
// at an exact time that the test sets, so no assertion depends on how fast the machine is.
let start = 0;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  start = Date.now();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets promise chains and the limiter's store calls run, without moving the clock. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};
/** Moves the fake clock, running every timer that falls due. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
/** Fake ms since the test started. */
const now = () => Date.now() - start;
const rule = (requests: number, windowMs: number, scope: "all" | "class" = "all") => ({
  requests,
  windowSeconds: windowMs / 1000,
  scope,
});
const limiter = (options: LimiterOptions) =>
  new RateLimiter({ safetyMargin: 0, safetyMarginMs: 0, concurrency: {}, ...options });

/**
 * Acquires `op` for a request that is answered the instant it is granted (its permit released at once);
 * resolves with when it was granted (fake ms since the test started).
 */
function sent(l: RateLimiter, op = PLAIN, options?: AbortSignal | AcquireOptions): Promise<number> {
  return l.acquire(op, options).then((permit) => {
    permit.release();
    return now();
  });
}

/** Acquires `op` `n` times at once; resolves with when each was granted (fake ms since the test started), ascending. */
function grantTimes(l: RateLimiter, n: number, op = PLAIN): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, () => sent(l, op))).then((times) =>
    times.sort((a, b) => a - b),
  );
}

/** Runs the clock until `promise` settles (at most `ms`), and returns it. */
async function within<T>(promise: Promise<T>, ms = 60_000): Promise<T> {
  const state = watch(promise);
  for (let elapsed = 0; !state.settled && elapsed < ms; elapsed += 10) {
    await advance(10);
    await flush();
  }
  return promise;
}

/** A store over `inner` without `earliestGrantMs` (like a shared store), with `overrides` in place of its methods. */
function storeOver(inner: MemoryLimiterStore, overrides: Partial<LimiterStore>): LimiterStore {
  return {
    tryAcquireWindows: (rules, at, ttlMs) => inner.tryAcquireWindows(rules, at, ttlMs),
    finishWindows: (rules, hit, at) => inner.finishWindows(rules, hit, at),
    tryAcquireSlot: (key, max, ttlMs, at) => inner.tryAcquireSlot(key, max, ttlMs, at),
    releaseSlot: (key, token) => inner.releaseSlot(key, token),
    pause: (key, ms) => inner.pause(key, ms),
    pauseRemaining: (key) => inner.pauseRemaining(key),
    ...overrides,
  };
}

/** Lets a test look at whether a promise has settled yet. */
function watch<T>(promise: Promise<T>): { settled: boolean; promise: Promise<T> } {
  const state = { settled: false, promise };
  const done = () => {
    state.settled = true;
  };
  promise.then(done, done);
  return state;
}

describe("sliding-window rules", () => {
  it("admits `requests` at once, then each next request as soon as the oldest leaves the window", async () => {
    const l = limiter({ rules: { burst: rule(5, 200) } });
    expect(await grantTimes(l, 3)).toEqual([0, 0, 0]);
    await advance(100);
    expect(await grantTimes(l, 2)).toEqual([100, 100]);
    const third = grantTimes(l, 4);
    await advance(300);
    // Three go when the three first requests leave the window; the fourth only when the second batch leaves it
    // (a fixed 200 ms bucket would let it go at 200).
    expect(await third).toEqual([200, 200, 200, 300]);
  });

  it("with two rules, the tighter paces bursts and the wider caps the total", async () => {
    const l = limiter({ rules: { standard: rule(6, 300), burst: rule(2, 50) } });
    const t = grantTimes(l, 7);
    await advance(400);
    // The seventh waits for the first to leave the 300 ms window, though the 50 ms rule would admit it at 150.
    expect(await t).toEqual([0, 0, 50, 50, 100, 100, 300]);
  });

  it("a class rule counts only its operations, and other lanes keep going while they wait", async () => {
    const l = limiter({ rules: { standard: rule(20, 1000), inference: rule(2, 300, "class") } });
    expect(await grantTimes(l, 5)).toEqual([0, 0, 0, 0, 0]);

    const inference = grantTimes(l, 3, INFERENCE);
    await flush();
    expect(l.pending).toBe(1);
    expect(await grantTimes(l, 5)).toEqual([0, 0, 0, 0, 0]); // plain requests are not held by the inference lane
    expect(l.pending).toBe(1);

    await advance(300);
    // The five plain requests before did not count against `inference`: two went at once.
    expect(await inference).toEqual([0, 0, 300]);
  });
});

describe("requests in flight (charged from grant until response)", () => {
  it("a request counts in its windows until its permit is released, then as made at that time", async () => {
    const l = limiter({ rules: { burst: rule(2, 100) } });
    const first = await l.acquire(PLAIN);
    const second = await l.acquire(PLAIN);
    const third = watch(sent(l, PLAIN));
    await advance(500);
    await flush();
    // Both still in flight: however long ago they were granted, the server may not have counted them yet.
    expect(third.settled).toBe(false);
    first.release(); // its response arrived at 500: the server counted it at some moment up to then
    await advance(99);
    await flush();
    expect(third.settled).toBe(false);
    await advance(1);
    expect(await third.promise).toBe(600);
    second.release();
  });

  it("the grant-to-arrival delay does not matter: the next request waits for the response, not the grant", async () => {
    const l = limiter({ rules: { burst: rule(1, 1000) } });
    const permit = await l.acquire(PLAIN);
    const next = watch(sent(l, PLAIN));
    await advance(3000); // the request took 3 s to reach the server and be answered
    permit.release();
    await advance(999);
    await flush();
    expect(next.settled).toBe(false);
    await advance(1);
    expect(await next.promise).toBe(4000);
  });

  it("a failed request is released the same way; releasing twice re-stamps nothing", async () => {
    const l = limiter({ rules: { burst: rule(1, 100) } });
    const permit = await l.acquire(PLAIN);
    await advance(50);
    permit.release();
    const next = sent(l, PLAIN);
    await advance(30);
    permit.release(); // a second release at 80 must not push the window further
    await advance(70);
    expect(await next).toBe(150);
  });

  it("a permit never released counts as made requestTtlMs after its grant", async () => {
    const l = limiter({ rules: { burst: rule(1, 100) }, requestTtlMs: 1000 });
    await l.acquire(PLAIN); // never released: its holder died
    const next = watch(sent(l, PLAIN));
    await advance(1099);
    await flush();
    expect(next.settled).toBe(false);
    await advance(1);
    expect(await next.promise).toBe(1100);
  });

  it("MemoryLimiterStore: a full window of hits in flight waits one whole window; finished ones until they leave", () => {
    const store = new MemoryLimiterStore();
    const rules = [{ key: "w", limit: 2, windowMs: 100 }];
    const t = 1_000_000;
    const a = store.tryAcquireWindows(rules, t, 60_000);
    const b = store.tryAcquireWindows(rules, t, 60_000);
    expect(a).toEqual({ granted: true, hit: expect.any(String) });
    expect(store.tryAcquireWindows(rules, t + 5000, 60_000)).toEqual({
      granted: false,
      waitMs: 100,
      rule: "w",
    });
    store.finishWindows(rules, (b as { hit: string }).hit, t + 5000);
    store.finishWindows(rules, (a as { hit: string }).hit, t + 5020);
    // Finished out of order: the earlier finish leaves first.
    expect(store.tryAcquireWindows(rules, t + 5050, 60_000)).toEqual({
      granted: false,
      waitMs: 50,
      rule: "w",
    });
    expect(store.tryAcquireWindows(rules, t + 5100, 60_000).granted).toBe(true);
    expect(store.tryAcquireWindows(rules, t + 5100, 60_000)).toEqual({
      granted: false,
      waitMs: 20,
      rule: "w",
    });
  });

  it("MemoryLimiterStore: decides as a plain list of finishing times does, over thousands of hits leaving", () => {
    // The store drops leaving hits by moving an index and cuts the array now and then: checked against a model
    // that keeps every finishing time and filters it on each call.
    const store = new MemoryLimiterStore();
    const rules = [{ key: "w", limit: 7, windowMs: 50 }];
    const model: number[] = [];
    let state = 1;
    const random = () => {
      state = (state * 48_271) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    let now = 0;
    let granted = 0;
    for (let step = 0; step < 20_000; step++) {
      now += Math.floor(random() * 4);
      const inWindow = model.filter((time) => time > now - rules[0]!.windowMs).sort((a, b) => a - b);
      const result = store.tryAcquireWindows(rules, now, 60_000);
      if (inWindow.length >= 7) {
        const oldest = inWindow[inWindow.length - 7]!;
        expect(result).toEqual({ granted: false, waitMs: Math.max(oldest + 50 - now, 1), rule: "w" });
        continue;
      }
      expect(result.granted).toBe(true);
      granted++;
      const finishedAt = now + Math.floor(random() * 3);
      store.finishWindows(rules, (result as { hit: string }).hit, finishedAt);
      model.push(finishedAt);
    }
    expect(granted).toBeGreaterThan(3_000);
  });
});

describe("what held a request (onWait) and what paused the limiter (observe)", () => {
  it("onWait is not called for a request that goes at once", async () => {
    const l = limiter({ rules: { burst: rule(2, 100) } });
    const onWait = vi.fn();
    await sent(l, PLAIN, { onWait });
    await sent(l, PLAIN, { onWait });
    expect(onWait).not.toHaveBeenCalled();
  });

  it("reports, once, a wait for a window with the rule that held it", async () => {
    const l = limiter({ rules: { standard: rule(20, 10_000), burst: rule(1, 100) } });
    await sent(l, PLAIN);
    const onWait = vi.fn();
    const waited = within(sent(l, PLAIN, { onWait }));
    expect(await waited).toBe(100);
    await flush();
    expect(onWait.mock.calls).toEqual([[{ waitedMs: 100, reason: "window", rule: "burst" }]]);
  });

  it("a request behind others in its lane reports the window that held the lane", async () => {
    const l = limiter({ rules: { burst: rule(1, 100) } });
    const onWait = vi.fn();
    const all = Promise.all([sent(l, PLAIN), sent(l, PLAIN), sent(l, PLAIN, { onWait })]);
    await within(all);
    expect(onWait.mock.calls).toEqual([[{ waitedMs: 200, reason: "window", rule: "burst" }]]);
  });

  it("reports a server-requested pause, and a concurrency cap, as what held the request longest", async () => {
    const l = limiter({ rules: { burst: rule(5, 100) }, concurrency: { exports: { maxConcurrent: 1 } } });
    await l.pause(300);
    const paused = vi.fn();
    await within(sent(l, PLAIN, { onWait: paused }));
    expect(paused.mock.calls).toEqual([[{ waitedMs: 300, reason: "pause" }]]);

    const holder = await l.acquire(EXPORT);
    const capped = vi.fn();
    const waiting = sent(l, EXPORT, { onWait: capped });
    await advance(400);
    holder.release();
    await within(waiting);
    expect(capped.mock.calls).toEqual([[{ waitedMs: 400, reason: "concurrency" }]]);
  });

  it("an onWait that throws does not disturb the limiter", async () => {
    const l = limiter({ rules: { burst: rule(1, 100) } });
    await sent(l, PLAIN);
    const onWait = () => {
      throw new Error("hook failed");
    };
    const times = within(Promise.all([sent(l, PLAIN, { onWait }), sent(l, PLAIN)]));
    expect(await times).toEqual([100, 200]);
  });

  it.each<[string, number, Record<string, string>, { pauseMs: number; reason: string } | undefined]>([
    ["a 429 with Retry-After", 429, { "retry-after": "2" }, { pauseMs: 2000, reason: "retry-after" }],
    [
      "a 429 with only X-RateLimit-Reset",
      429,
      { "x-ratelimit-reset": "RESET" },
      { pauseMs: 3000, reason: "reset" },
    ],
    ["a 429 with neither", 429, {}, { pauseMs: 1000, reason: "retry-after" }],
    [
      "X-RateLimit-Remaining: 0",
      200,
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "RESET" },
      { pauseMs: 3000, reason: "remaining-zero" },
    ],
    ["a 200 with requests left", 200, { "x-ratelimit-remaining": "4" }, undefined],
  ])("observe resolves with the pause it took: %s", async (_, status, headers, expected) => {
    const reset = String((Date.now() + 3000) / 1000);
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace("RESET", reset)]),
    );
    const l = limiter({ rules: {} });
    expect(await l.observe(new Response(null, { status, headers: resolved }))).toEqual(expected);
  });

  it("observe reports the pause as capped by maxPauseMs", async () => {
    const l = limiter({ rules: {}, maxPauseMs: 150 });
    expect(await l.observe(new Response(null, { status: 429, headers: { "retry-after": "3600" } }))).toEqual({
      pauseMs: 150,
      reason: "retry-after",
    });
  });
});

describe("cost as the queue grows", () => {
  /** A MemoryLimiterStore counting the calls the limiter makes into it. */
  function countingStore() {
    const inner = new MemoryLimiterStore();
    const calls = { count: 0 };
    const counted =
      <A extends unknown[], R>(method: (...args: A) => R) =>
      (...args: A) => {
        calls.count++;
        return method(...args);
      };
    const store: LimiterStore = {
      tryAcquireWindows: counted((rules, at, ttl) => inner.tryAcquireWindows(rules, at, ttl)),
      finishWindows: counted((rules, hit, at) => inner.finishWindows(rules, hit, at)),
      tryAcquireSlot: counted((key, max, ttl, at) => inner.tryAcquireSlot(key, max, ttl, at)),
      releaseSlot: counted((key, token) => inner.releaseSlot(key, token)),
      pause: counted((key, ms) => inner.pause(key, ms)),
      pauseRemaining: counted((key) => inner.pauseRemaining(key)),
      earliestGrantMs: counted((rules, ahead, key, at) => inner.earliestGrantMs(rules, ahead, key, at)),
    };
    return { store, calls };
  }

  it("a request queued behind 10 000 others costs no store call, and leaving the queue none either", async () => {
    const { store, calls } = countingStore();
    const l = limiter({ store, rules: { burst: rule(1, 1000) } });
    await sent(l, PLAIN);
    const waiting = Array.from({ length: 10_000 }, () => sent(l, PLAIN).catch(() => "aborted"));
    await flush();
    expect(l.pending).toBe(10_000);
    const before = calls.count;
    const controller = new AbortController();
    const late = l.acquire(PLAIN, controller.signal).catch(() => "aborted");
    await flush();
    // The newcomer joins the end of its lane: the pump that lets the others through reaches it.
    expect(calls.count).toBe(before);
    controller.abort();
    expect(await late).toBe("aborted");
    // Leaving wakes one pump, which looks at the lane's head only: two calls, not one per waiter.
    await flush();
    expect(calls.count - before).toBeLessThanOrEqual(2);
    expect(l.pending).toBe(10_000);
    void waiting;
  });

  it("draining n waiters through a concurrency cap costs a fixed number of store calls per request", async () => {
    const callsFor = async (n: number) => {
      const { store, calls } = countingStore();
      const l = limiter({ store, rules: {}, concurrency: { exports: { maxConcurrent: 1 } } });
      const holder = await l.acquire(EXPORT);
      const all = Promise.all(Array.from({ length: n }, () => sent(l, EXPORT)));
      await flush();
      const before = calls.count;
      holder.release();
      await within(all);
      return (calls.count - before) / n;
    };
    const [small, large] = [await callsFor(100), await callsFor(2000)];
    // Only lane heads are asked about: the same count per request for a queue 20 times as long.
    expect(large).toBeLessThanOrEqual(small * 1.1);
  });

  it("earliestGrantMs's closed form matches granting the queue one by one", () => {
    // The schedule a FIFO queue gets, computed step by step: acquisition m may go once m - limit has left.
    const stepwise = (hits: number[], limit: number, windowMs: number, ahead: number, start: number) => {
      const all = [...hits];
      for (let m = hits.length; m <= hits.length + ahead; m++) {
        const leaving = all[m - limit];
        all.push(leaving === undefined ? start : Math.max(start, leaving + windowMs));
      }
      return all[all.length - 1]!;
    };
    const t = 1_000_000;
    for (const [limit, windowMs, recorded, ahead] of [
      [5, 1000, 0, 0],
      [5, 1000, 3, 0],
      [5, 1000, 5, 0],
      [5, 1000, 5, 12],
      [3, 200, 2, 7],
      [20, 1000, 20, 95],
      [1, 50, 1, 9],
    ] as const) {
      const store = new MemoryLimiterStore();
      const rules = [{ key: "w", limit, windowMs }];
      const hits: number[] = [];
      for (let i = 0; i < recorded; i++) {
        const at = t - windowMs + 10 * (i + 1);
        const granted = store.tryAcquireWindows(rules, at, 60_000) as { hit: string };
        store.finishWindows(rules, granted.hit, at);
        hits.push(at);
      }
      const expected = stepwise(hits, limit, windowMs, ahead, t) - t;
      expect(store.earliestGrantMs(rules, [ahead], "p", t)).toBe(expected);
    }
  });
});

describe("queueing", () => {
  it("grants in request order within a lane", async () => {
    const l = limiter({ rules: { burst: rule(2, 60) } });
    const order: number[] = [];
    const all = Promise.all(Array.from({ length: 8 }, (_, i) => sent(l, PLAIN).then(() => order.push(i))));
    await advance(240);
    await all;
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("does not let a newcomer overtake waiters when a slot frees", async () => {
    const l = limiter({ rules: {}, concurrency: { exports: { maxConcurrent: 1 } } });
    const holder = await l.acquire(EXPORT);
    const order: string[] = [];
    const take = (name: string) =>
      l.acquire(EXPORT).then((permit) => {
        order.push(name);
        permit.release();
      });
    const queued = [take("b"), take("c")];
    await flush();
    holder.release();
    await within(Promise.all([...queued, take("d")]));
    expect(order).toEqual(["b", "c", "d"]);
  });

  it("an aborted waiter rejects at once, leaves the queue, and later waiters are still served", async () => {
    const l = limiter({ rules: { burst: rule(1, 250) } });
    await sent(l, PLAIN);
    const controller = new AbortController();
    const aborted = l.acquire(PLAIN, controller.signal);
    const later = sent(l, PLAIN);
    await flush();
    expect(l.pending).toBe(2);

    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(APIUserAbortError); // the clock has not moved
    expect(now()).toBe(0);
    expect(l.pending).toBe(1);
    // It takes the window slot the aborted request would have had (else it would wait until 500).
    await advance(250);
    expect(await later).toBe(250);

    await expect(l.acquire(PLAIN, AbortSignal.abort())).rejects.toBeInstanceOf(APIUserAbortError);
    expect(l.pending).toBe(0);
  });

  it("rejects with LimiterQueueFullError, without waiting, once maxQueue requests wait", async () => {
    const l = limiter({ rules: { burst: rule(1, 150) }, maxQueue: 2 });
    await sent(l, PLAIN);
    const waiting = [sent(l, PLAIN), sent(l, PLAIN)];
    await flush();
    expect(l.pending).toBe(2);

    const error = await sent(l, PLAIN).catch((e: unknown) => e);
    expect(now()).toBe(0);
    expect(error).toBeInstanceOf(LimiterQueueFullError);
    expect((error as LimiterQueueFullError).maxQueue).toBe(2);
    expect(l.pending).toBe(2);
    await advance(300);
    await Promise.all(waiting);
  });

  it("does not count requests that may go at once against maxQueue", async () => {
    const l = limiter({ rules: { burst: rule(5, 200) }, maxQueue: 1 });
    const results = await Promise.allSettled([l.acquire(PLAIN), l.acquire(PLAIN), l.acquire(PLAIN)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
  });
});

describe("concurrency caps", () => {
  it("never holds more than maxConcurrent permits of a class", async () => {
    const l = limiter({ rules: {}, concurrency: { exports: { maxConcurrent: 2 } } });
    let running = 0;
    let peak = 0;
    const all = Promise.all(
      Array.from({ length: 6 }, async () => {
        const permit = await l.acquire(EXPORT);
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        permit.release();
      }),
    );
    await within(all);
    expect(peak).toBe(2);
  });

  it("a release admits the next waiter; releasing twice frees nothing more", async () => {
    const l = limiter({ rules: {}, concurrency: { exports: { maxConcurrent: 2 } } });
    const a = await l.acquire(EXPORT);
    const b = await l.acquire(EXPORT);
    const c = watch(l.acquire(EXPORT));
    await advance(1000);
    expect(c.settled).toBe(false);
    await l.acquire(PLAIN); // other lanes are not held up by the cap

    a.release();
    const permitC = await within(c.promise);
    a.release();
    const d = watch(l.acquire(EXPORT));
    await advance(1000);
    await flush();
    expect(d.settled).toBe(false); // b and c still hold both slots

    b.release();
    (await within(d.promise)).release();
    permitC.release();
  });

  // A slot may expire, or be freed through a shared store by another limiter (another process), without this
  // limiter seeing a release: a waiter blocked on a slot re-checks the store on a timer.
  it("admits a slot waiter once the holder's slot expires after slotTtlMs", async () => {
    const l = limiter({ rules: {}, concurrency: { exports: { maxConcurrent: 1 } }, slotTtlMs: 100 });
    await l.acquire(EXPORT); // never released: a crashed holder
    const waiter = l.acquire(EXPORT).then(now);
    await advance(100);
    expect(await waiter).toBe(100);
  });

  it("admits a slot waiter when another limiter sharing the store releases the slot", async () => {
    const store = new MemoryLimiterStore();
    const options = { store, rules: {}, concurrency: { exports: { maxConcurrent: 1 } } };
    const [a, b] = [limiter(options), limiter(options)];
    const permit = await a.acquire(EXPORT);
    const waiting = watch(b.acquire(EXPORT).then(now));
    await advance(100);
    expect(waiting.settled).toBe(false);
    permit.release();
    await advance(150); // b's next look at the store, 250 ms after its first
    expect(await waiting.promise).toBe(250);
  });

  it("MemoryLimiterStore: a slot not released within its ttl expires, so a crashed holder cannot keep it", () => {
    const store = new MemoryLimiterStore();
    const t = 1_000_000;
    expect(store.tryAcquireSlot("uploads", 1, 50, t)).not.toBeNull();
    expect(store.tryAcquireSlot("uploads", 1, 50, t + 49)).toBeNull();
    expect(store.tryAcquireSlot("uploads", 1, 50, t + 50)).not.toBeNull();
  });
});

describe("server signals", () => {
  it("a 429 with Retry-After pauses every lane for that long", async () => {
    const l = limiter({ rules: {}, concurrency: { exports: { maxConcurrent: 5 } } });
    await l.observe(new Response(null, { status: 200, headers: { "x-ratelimit-remaining": "3" } }));
    expect(await grantTimes(l, 1)).toEqual([0]); // a response with requests left does not pause

    await l.observe(new Response(null, { status: 429, headers: { "retry-after": "0.3" } }));
    const times = Promise.all([PLAIN, INFERENCE, EXPORT].map((op) => grantTimes(l, 1, op)));
    await advance(299);
    await flush();
    expect(l.pending).toBe(3);
    await advance(1);
    expect(await times).toEqual([[300], [300], [300]]);
  });

  it.each([
    ["5 minutes ahead of", 5 * 60_000],
    ["5 minutes behind", -5 * 60_000],
    ["in step with", 0],
  ])(
    "X-RateLimit-Remaining: 0 pauses until X-RateLimit-Reset, measured on the response's Date, with a local clock %s the server's",
    async (_, skew) => {
      const serverNow = Math.floor(Date.now() / 1000) * 1000; // HTTP dates have whole seconds
      vi.setSystemTime(serverNow + skew);
      start = Date.now();
      const l = limiter({ rules: {} });
      const headers = {
        date: new Date(serverNow).toUTCString(),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(serverNow / 1000 + 30),
      };
      await l.observe(new Response(null, { status: 200, headers }));
      const granted = watch(l.acquire(INFERENCE).then(now));
      await advance(29_999);
      expect(granted.settled).toBe(false);
      await advance(1);
      expect(await granted.promise).toBe(30_000);
    },
  );

  it("without a Date header, X-RateLimit-Reset is measured on the local clock", async () => {
    const l = limiter({ rules: {} });
    const headers = {
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": ((Date.now() + 400) / 1000).toFixed(3),
    };
    await l.observe(new Response(null, { status: 200, headers }));
    const granted = l.acquire(INFERENCE).then(now);
    await advance(400);
    expect(await granted).toBe(400);
  });

  it("maxPauseMs caps a huge Retry-After", async () => {
    const l = limiter({ rules: {}, maxPauseMs: 150 });
    await l.observe(new Response(null, { status: 429, headers: { "retry-after": "3600" } }));
    const at = grantTimes(l, 1);
    await advance(150);
    expect(await at).toEqual([150]);
  });

  it("observe never rejects: a store that fails after the response only loses the pause", async () => {
    const inner = new MemoryLimiterStore();
    const failure = new Error("store unreachable");
    const store = storeOver(inner, {
      pause: () => Promise.reject(failure),
    });
    const l = limiter({ store, rules: {} });
    await expect(
      l.observe(new Response(null, { status: 429, headers: { "retry-after": "5" } })),
    ).resolves.toBeUndefined();
    await expect(l.pause(1000)).rejects.toBe(failure); // an explicit pause still reports the failure
  });
});

describe("robustness", () => {
  it("leaves no timer behind once the queue is empty, whether waits complete or are aborted", async () => {
    const l = limiter({ rules: { burst: rule(1, 100) } });
    const done = Promise.all([sent(l, PLAIN), sent(l, PLAIN), sent(l, PLAIN)]);
    await flush();
    expect(vi.getTimerCount()).toBe(1); // the limiter's wake-up
    await advance(200);
    await done;
    await flush();
    expect(vi.getTimerCount()).toBe(0);

    await l.observe(new Response(null, { status: 429, headers: { "retry-after": "30" } }));
    await flush();
    expect(vi.getTimerCount()).toBe(0); // a pause with nobody waiting needs no timer
    const controller = new AbortController();
    const aborted = l.acquire(PLAIN, controller.signal).catch((e: unknown) => e);
    await flush();
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    expect(await aborted).toBeInstanceOf(APIUserAbortError);
    await flush();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a failing store fails the waiting requests with its error instead of hanging them", async () => {
    const inner = new MemoryLimiterStore();
    const failure = new Error("store unreachable");
    let failing = false;
    const store = storeOver(inner, {
      tryAcquireWindows: (rules, at, ttlMs) =>
        failing ? Promise.reject(failure) : inner.tryAcquireWindows(rules, at, ttlMs),
    });
    const l = limiter({ store, rules: { burst: rule(1, 100) } });
    await sent(l, PLAIN);
    const waiting = [sent(l, PLAIN), sent(l, INFERENCE)].map((p) => p.catch((e: unknown) => e));
    await flush();
    expect(l.pending).toBe(2);

    failing = true;
    await advance(100);
    const [first, second] = await Promise.all(waiting);
    expect(first).toBe(failure);
    expect(second).toBe(failure);
    expect(l.pending).toBe(0);
    failing = false;
    await within(sent(l, PLAIN)); // and it recovers with the store
  });

  it.each<[string, LimiterOptions]>([
    ["limiter.maxQueue", { maxQueue: -1 }],
    ["limiter.safetyMargin", { safetyMargin: Number.NaN }],
    ["limiter.maxPauseMs", { maxPauseMs: Number.POSITIVE_INFINITY }],
    ["limiter.slotTtlMs", { slotTtlMs: 0 }],
    ["limiter.requestTtlMs", { requestTtlMs: -5 }],
    ["limiter.rules.burst", { rules: { burst: rule(5, 0) } }],
    ["limiter.rules.burst", { rules: { burst: rule(0, 1000) } }],
    ["limiter.concurrency.exports", { concurrency: { exports: { maxConcurrent: 1.5 } } }],
  ])("throws ConfigurationError naming %s when it is invalid", (option, options) => {
    let error: unknown;
    try {
      new RateLimiter(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe(option);
    expect((error as ConfigurationError).message).toContain(option);
  });
});

describe("wait bounds (acquire's maxWaitMs)", () => {
  /** The rejection of `promise`, or the string "granted". */
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => "granted",
      (error: unknown) => error,
    );

  it("refuses at once, before the clock moves, a request the windows and the queue ahead would hold too long", async () => {
    const l = limiter({ rules: { burst: rule(2, 1000) } });
    expect(await grantTimes(l, 2)).toEqual([0, 0]);
    // Two more fit in the next window (a 1000 ms wait each), so they queue within a 1500 ms bound.
    const queued = [sent(l, PLAIN, { maxWaitMs: 1500 }), sent(l, PLAIN, { maxWaitMs: 1500 })];
    // The fifth would go only at 2000 ms: refused while the clock still reads 0.
    const refused = await outcome(sent(l, PLAIN, { maxWaitMs: 1500 }));
    expect(now()).toBe(0);
    expect(refused).toBeInstanceOf(LimiterWaitTooLongError);
    expect((refused as LimiterWaitTooLongError).expectedWaitMs).toBe(2000);
    expect((refused as LimiterWaitTooLongError).maxWaitMs).toBe(1500);
    expect(l.pending).toBe(2);
    // With room for that wait it queues, and the estimate was exact: it goes at 2000 ms.
    const fifth = within(sent(l, PLAIN, { maxWaitMs: 2500 }));
    expect(await Promise.all(queued)).toEqual([1000, 1000]);
    expect(await fifth).toBe(2000);
  });

  it("counts only the queue that would go first: another lane held by its own class rule is not ahead", async () => {
    const l = limiter({ rules: { burst: rule(2, 1000), inference: rule(1, 10_000, "class") } });
    await sent(l, INFERENCE);
    // Held 10 s by the inference rule; a plain request overtakes it, so it does not count against the bound.
    const held = sent(l, INFERENCE);
    expect(await outcome(sent(l, PLAIN, { maxWaitMs: 0 }))).toBe("granted");
    expect(await outcome(sent(l, INFERENCE, { maxWaitMs: 5000 }))).toBeInstanceOf(LimiterWaitTooLongError);
    await within(held);
  });

  it("refuses at once while a server-requested pause outlasts the bound", async () => {
    const l = limiter({ rules: { burst: rule(5, 1000) } });
    await l.pause(5000);
    const refused = await outcome(sent(l, PLAIN, { maxWaitMs: 1000 }));
    expect(now()).toBe(0);
    expect((refused as LimiterWaitTooLongError).expectedWaitMs).toBe(5000);
    expect(await within(sent(l, PLAIN, { maxWaitMs: 6000 }))).toBe(5000);
  });

  it("with a store that cannot estimate, a request waits up to the bound, then is refused and leaves the queue", async () => {
    const inner = new MemoryLimiterStore();
    // A store without earliestGrantMs, like a shared one.
    const store = storeOver(inner, {});
    const l = limiter({ store, rules: { burst: rule(1, 10_000) } });
    await sent(l, PLAIN);
    const bounded = watch(outcome(sent(l, PLAIN, { maxWaitMs: 1500 })));
    await advance(1499);
    await flush();
    expect(bounded.settled).toBe(false);
    await advance(1);
    const refused = await bounded.promise;
    expect(now()).toBe(1500);
    expect(refused).toBeInstanceOf(LimiterWaitTooLongError);
    expect((refused as LimiterWaitTooLongError).expectedWaitMs).toBeUndefined();
    expect(l.pending).toBe(0);
    expect(await within(sent(l, PLAIN))).toBe(10_000);
  });

  it("a wait for a concurrency slot, which cannot be foreseen, is refused when the bound passes", async () => {
    const l = limiter({ rules: {}, concurrency: { exports: { maxConcurrent: 1 } } });
    const holder = await l.acquire(EXPORT);
    const bounded = watch(outcome(l.acquire(EXPORT, { maxWaitMs: 1000 })));
    await flush();
    expect(bounded.settled).toBe(false);
    await advance(1000);
    expect(await bounded.promise).toBeInstanceOf(LimiterWaitTooLongError);
    expect(now()).toBe(1000);
    holder.release();
    expect(await outcome(l.acquire(EXPORT, { maxWaitMs: 0 }))).toBe("granted");
  });

  it("rejects an invalid maxWaitMs with ConfigurationError", async () => {
    const l = limiter({});
    for (const maxWaitMs of [-1, Number.NaN]) {
      const error = await outcome(l.acquire(PLAIN, { maxWaitMs }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe("maxWaitMs");
    }
  });
});

describe("the limiter through the client (real local server)", () => {
  const serve = useFaultServers();
  beforeEach(() => {
    vi.useRealTimers(); // real sockets; every wait below is on an event, not on the clock
  });

  it("POST /exports/ runs at most `exports` at once; GETs of the same client are not held by that class", async () => {
    let inFlight = 0;
    let most = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let twoInFlight!: () => void;
    const reachedTwo = new Promise<void>((resolve) => {
      twoInFlight = resolve;
    });
    const api = await serve(async ({ req, res }) => {
      if (req.method === "GET") return json(res, 200, { uid: "d" });
      inFlight += 1;
      most = Math.max(most, inFlight);
      if (inFlight === 2) twoInFlight();
      await gate; // held until the GET below has been answered
      inFlight -= 1;
      return json(res, 201, { uid: "e" });
    });
    const avala = createClient({
      apiKey: "avk_test_0123456789",
      baseUrl: api.baseUrl,
      limiter: new RateLimiter({ concurrency: { exports: { maxConcurrent: 2 } } }),
    });
    const exports = Array.from({ length: 5 }, () => avala.POST("/exports/", { body: { name: "n" } }));
    await reachedTwo;
    // Both export slots are taken and their requests held: the GET still goes through.
    expect(await avala.GET("/datasets/{uid}/", { params: { path: { uid: "d" } } })).toEqual({ uid: "d" });
    open();
    await Promise.all(exports);
    expect(most).toBe(2);
  });

  it("a store that fails after the response (onUnavailable closed) leaves a successful POST successful, sent once", async () => {
    const inner = new MemoryLimiterStore();
    const store = storeOver(inner, {
      // What a shared store created with onUnavailable "closed" does once it loses its server.
      pause: () => Promise.reject(new Error("The shared rate-limiter store is unavailable")),
    });
    const api = await serve(({ res }) =>
      json(
        res,
        201,
        { uid: "e1", status: "requested" },
        {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 5),
        },
      ),
    );
    const avala = createClient({
      apiKey: "avk_test_0123456789",
      baseUrl: api.baseUrl,
      limiter: createLimiter({ store }),
    });
    const created = await avala.POST("/exports/", { body: { name: "n" }, retry: true });
    expect(created).toMatchObject({ uid: "e1" });
    expect(api.received).toHaveLength(1);
  });
});
