/**
 * What the field suite's server and client processes share: the limits (the API's shape with time divided by
 * {@link TIME_SCALE}), the conditions each case injects, and a seeded random source so a run can be replayed.
 */
import type { RateLimitRule } from "@avala/types";

/** Time is divided by this on both sides, so a case takes seconds; the injected delays are not scaled. */
export const TIME_SCALE = 5;

/** 20 / 1 s and 60 / 5 s, scaled: 20 / 200 ms and 60 / 1 s. */
export const FIELD_RULES = {
  burst: { requests: 20, windowSeconds: 1 / TIME_SCALE, scope: "all" },
  standard: { requests: 60, windowSeconds: 5 / TIME_SCALE, scope: "all" },
} as const satisfies Record<string, RateLimitRule>;

/** What the server injects: latency before each answer, and a delay before reading a new connection. */
export const SERVER_CONDITIONS = {
  /** Each answer after 20–120 ms. */
  latencyMs: [20, 120],
  /** A new connection is read only after 0–300 ms (a slow handshake, a lost SYN's retransmission, scaled). */
  connectMs: [0, 300],
  /** Share of responses sent with `Connection: close`, so clients keep opening connections. */
  closeShare: 0.3,
} as const;

/** A uniform draw in `[min, max)` from `random`. */
export function between(random: () => number, [min, max]: readonly [number, number]): number {
  return min + random() * (max - min);
}

/** mulberry32: a small seeded generator, so the injected delays of a run can be reproduced from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
