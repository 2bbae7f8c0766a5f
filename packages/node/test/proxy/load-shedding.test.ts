// Several hundred browsers at once through the proxy, with the spec's limits on: none may wait past
// `maxWaitMs` (a load balancer would answer 504 first), those that would are answered at once (not after
// holding their connection for the bound), none may reach the API above its limits, and each ends as 200 or
// 429. Timers and clocks are fake, so the waits are the limiter's schedule, not the machine's speed: the test
// first lets the real event loop run with the clock stopped (what is answered then is answered at arrival),
// then advances time in steps and lets the real sockets to the upstream run in between.
import { createLimiter } from "@avala/core";
import { type RateLimitRule, rateLimits } from "@avala/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDispatcher } from "../../src/dispatcher.js";
import { dispatcherFetch } from "../../src/dispatcher-fetch.js";
import { createProxyHandler } from "../../src/proxy/proxy-handler.js";
import { recordingUpstream } from "./servers.js";

const REQUESTS = 300;
const MAX_WAIT_MS = 10_000;
/** A window as the limiter measures it: the spec's, plus its default safety margins (2 % and 50 ms). */
const limiterWindowMs = (rule: RateLimitRule) => rule.windowSeconds * 1000 * 1.02 + 50;

afterEach(() => {
  vi.useRealTimers();
});

/** Most timestamps of `times` (sorted) inside any window of `windowMs`. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("load shedding under a burst", () => {
  it(`${REQUESTS} concurrent requests: none waits past maxWaitMs, none exceeds the limits, each ends 200 or 429`, async () => {
    const up = await recordingUpstream();
    const dispatcher = createDispatcher();
    const send = dispatcherFetch(dispatcher);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const arrivedAt = new Map<string, number>();
      /** Fake time at which each request was let through to the upstream. */
      const sentAt = new Map<string, number>();
      const handler = createProxyHandler({
        apiKey: "avk_load_test_key",
        allow: ["getDataset"],
        basePath: "/api/avala",
        baseUrl: up.url,
        limiter: createLimiter(), // the spec's windows: 20 per second, 100 per minute
        maxWaitMs: MAX_WAIT_MS,
        fetch: (url, init) => {
          sentAt.set(new URL(url).searchParams.get("i")!, Date.now());
          return send(url, init);
        },
      });

      const outcomes = Array.from({ length: REQUESTS }, (_, n) => {
        const i = String(n);
        arrivedAt.set(i, Date.now());
        return handler(new Request(`http://app.test/api/avala/datasets/ds-${n}/?i=${i}`)).then(
          async (response) => {
            const answeredAt = Date.now();
            const body = await response.text();
            return {
              i,
              status: response.status,
              answeredAt,
              retryAfter: response.headers.get("retry-after"),
              body,
            };
          },
        );
      });
      let settled = false;
      const all = Promise.all(outcomes).finally(() => {
        settled = true;
      });
      const answeredWhileStopped = new Set<string>();
      for (const [n, outcome] of outcomes.entries()) {
        void outcome.then(() => {
          if (!clockMoved) answeredWhileStopped.add(String(n));
        });
      }

      // The clock stands still: only real turns of the event loop (setImmediate is not faked), enough for the
      // shed answers and the first second's requests to the upstream to complete.
      let clockMoved = false;
      for (
        let turn = 0;
        turn < 2_000 && answeredWhileStopped.size < REQUESTS - rateLimits.standard.requests;
        turn++
      ) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(Date.now(), "the clock has not moved yet").toBe(arrivedAt.get("0"));
      clockMoved = true;

      // Fake time moves only here; real sockets get turns in between.
      for (let step = 0; !settled && step < 20_000; step++) {
        // 25 ms steps up to 125 s of fake time (past any window), then only real turns for the last bodies.
        await vi.advanceTimersByTimeAsync(step < 5_000 ? 25 : 0);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const results = await all;

      const ok = results.filter((r) => r.status === 200);
      const shed = results.filter((r) => r.status === 429);
      expect(ok.length + shed.length, "every request ends as 200 or 429").toBe(REQUESTS);
      // 100 per minute: the first 100 go (20 a second, the last after about 4 s); the other 200 would wait a
      // minute, which the limiter foresees, so they are refused at arrival.
      expect(ok).toHaveLength(rateLimits.standard.requests);
      expect(ok.map((r) => r.i)).toEqual(Array.from({ length: ok.length }, (_, n) => String(n)));

      // Times on the fake clock (Date is faked and moves only in the steps above): the limiter's schedule, the
      // same on any machine, not how long the test took.
      for (const r of results) {
        const fakeWaitMs = (r.status === 200 ? sentAt.get(r.i)! : r.answeredAt) - arrivedAt.get(r.i)!;
        expect(fakeWaitMs, `request ${r.i} waited ${fakeWaitMs} ms of fake time`).toBeLessThanOrEqual(
          MAX_WAIT_MS,
        );
      }
      const longestWindowS = Math.ceil(limiterWindowMs(rateLimits.standard) / 1000);
      for (const r of shed) {
        expect(answeredWhileStopped.has(r.i), `request ${r.i} was answered before the clock moved`).toBe(
          true,
        );
        expect(r.answeredAt).toBe(arrivedAt.get(r.i));
        // Retry-After: when the request could have gone, more than the bound and at most a full window away.
        const retryAfter = Number(r.retryAfter);
        expect(
          Number.isInteger(retryAfter) && retryAfter > MAX_WAIT_MS / 1000,
          `Retry-After ${r.retryAfter}`,
        ).toBe(true);
        expect(retryAfter).toBeLessThanOrEqual(longestWindowS);
        expect(JSON.parse(r.body)).toMatchObject({ code: "rate_limited" });
      }

      // What reached the upstream: exactly the 200s, and never more than the spec's windows allow.
      expect(up.requests).toHaveLength(ok.length);
      const sent = [...sentAt.values()].sort((a, b) => a - b);
      expect(busiestWindow(sent, 1000)).toBeLessThanOrEqual(rateLimits.burst.requests);
      expect(busiestWindow(sent, 60_000)).toBeLessThanOrEqual(rateLimits.standard.requests);
    } finally {
      vi.useRealTimers();
      await dispatcher.close();
      await up.close();
    }
  });
});
