import { type AvalaClient, createLimiter, type LimiterOptions, type RateLimiter } from "@avala/core";
import { createClient, createDispatcher } from "@avala/node";
import { createRedisStore } from "@avala/node/redis";
import { startRedisServer } from "@avala-tools/redis-server";
import { fetch as undiciFetch } from "undici";
import { API_KEY } from "../harness/avala.js";
import { type ChildIo, startChild } from "../harness/child.js";
import { idealSpanMs, type LimitStats, WARM_UP_PATH, type WindowLimit } from "../harness/limit-server.js";
import { atLeastPercent, atMost, type Benchmark, type Figure } from "../harness/report.js";
import { callsVariant } from "../harness/runner.js";
import { serveInChild } from "../harness/servers.js";
import { median, quantile } from "../harness/stats.js";

const TITLE = "4 limiter";
/**
 * Time is divided by this on both sides (server windows and client rules), so 1 000 requests at 100 / min
 * take 30 s instead of 10 min.
 */
const TIME_SCALE = 20;
/** The spec's 100 / 60 s and 20 / 1 s, scaled: 100 / 3 s and 20 / 50 ms. */
const RULES = {
  standard: { requests: 100, windowSeconds: 60 / TIME_SCALE, scope: "all" },
  burst: { requests: 20, windowSeconds: 1 / TIME_SCALE, scope: "all" },
} as const;
/** The rules as the enforcing server counts them. */
const limitsOf = (rules: Record<string, { requests: number; windowSeconds: number }>): WindowLimit[] =>
  Object.entries(rules).map(([name, r]) => ({
    name,
    requests: r.requests,
    windowMs: r.windowSeconds * 1000,
  }));
const LIMITS = limitsOf(RULES);
/**
 * The field runs: the windows unscaled (20 / 1 s and 60 / 5 s), since what they test — time between the
 * limiter's grant and the request's arrival, server latency — does not scale; answers after 20–120 ms, and
 * 0–300 ms or 0–1000 ms between the grant and the request leaving.
 */
const FIELD_RULES = {
  burst: { requests: 20, windowSeconds: 1, scope: "all" },
  standard: { requests: 60, windowSeconds: 5, scope: "all" },
} as const;
const FIELD_LIMITS = limitsOf(FIELD_RULES);
const FIELD = {
  latencyMs: [20, 120] as [number, number],
  full: { requests: 240, concurrency: 40 },
  smoke: { requests: 40, concurrency: 40 },
  /** Targets of utilisation by the longest grant-to-send delay (ms). */
  targets: { 300: 0.85, 1000: 0.72 } as Record<number, number>,
};
/** Waiters of the cost runs, and the rounds each is timed (median). */
const COST = {
  full: [
    { waiters: 0, rounds: 7 },
    { waiters: 10_000, rounds: 7 },
    { waiters: 100_000, rounds: 7 },
  ],
  smoke: [
    { waiters: 0, rounds: 1 },
    { waiters: 1000, rounds: 1 },
    { waiters: 2000, rounds: 1 },
  ],
};
const WORKERS = 4;
const SIZES = { full: { requests: 1000, concurrency: 50 }, smoke: { requests: 150, concurrency: 50 } };

/** Outcome counts of one load, as the client saw them. */
interface LoadResult {
  ok: number;
  rateLimited: number;
  failures: string[];
}

/**
 * A client that sends without retries (a 429 must count, not be absorbed) and stamps each request with the
 * time it was handed to fetch — right after the limiter's grant — so the server can report the grant-to-arrival
 * delay. With `grantDelayMs`, fetch first waits a uniform 0 … `grantDelayMs` (a slow network, a busy loop).
 */
function loadClient(
  baseUrl: string,
  limiter: RateLimiter | false,
  grantDelayMs = 0,
): { client: AvalaClient; warm: AvalaClient } {
  const dispatcher = createDispatcher({ connections: 50 });
  const stamped = async (input: Request | string, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    headers.set("x-sent-at", String(Date.now()));
    if (grantDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * grantDelayMs));
    return undiciFetch(input as string, {
      ...(init as object),
      headers: Object.fromEntries(headers),
      dispatcher,
    }) as unknown as Promise<Response>;
  };
  return {
    client: createClient({ apiKey: API_KEY, baseUrl, limiter, maxRetries: 0, fetch: stamped }),
    warm: createClient({ apiKey: API_KEY, baseUrl, limiter: false, dispatcher }),
  };
}

/** Opens the connections and runs first-call code paths, whose cold start would otherwise show as jitter. */
async function warmUp(warm: AvalaClient): Promise<void> {
  await Promise.all(Array.from({ length: 20 }, () => warm.GET(WARM_UP_PATH)));
}

/** Sends `requests` GETs from `concurrency` callers and counts the outcomes. */
async function sendLoad(client: AvalaClient, requests: number, concurrency: number): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, rateLimited: 0, failures: [] };
  const call = () =>
    client.GET("/datasets/").then(
      () => result.ok++,
      (error: { status?: number }) => {
        if (error.status === 429) result.rateLimited++;
        else result.failures.push(String(error));
      },
    );
  await callsVariant("load", call, { calls: requests, concurrency }).run();
  return result;
}

/** Which limiter a load process uses. */
type LimiterKind = { kind: "memory" } | { kind: "off" } | { kind: "redis"; url: string; prefix: string };

/** Input of {@link limiterWorkerTask}. */
export interface WorkerInput {
  baseUrl: string;
  limiter: LimiterKind;
  /** The scaled rules (idle loopback) or the field's. */
  field: boolean;
  grantDelayMs: number;
  requests: number;
  concurrency: number;
}

/**
 * Child-process task: one load process. Every load runs in fresh processes, so the timing of its requests is
 * not disturbed by the garbage collection of the parent's heap, grown by the benchmarks before.
 * Opens its connections, says ready, waits for `go`, then sends its share. The limiter has the default
 * options; only its rules are the server's.
 */
export async function limiterWorkerTask(input: WorkerInput, io: ChildIo): Promise<LoadResult> {
  const spec = input.limiter;
  const store =
    spec.kind === "redis"
      ? createRedisStore({ redis: spec.url, prefix: spec.prefix, onUnavailable: "closed" })
      : undefined;
  const options: LimiterOptions = { rules: input.field ? FIELD_RULES : RULES, concurrency: {} };
  const limiter = spec.kind === "off" ? false : createLimiter(store ? { ...options, store } : options);
  const { client, warm } = loadClient(input.baseUrl, limiter, input.grantDelayMs);
  await store?.pauseRemaining("avala:pause"); // connect to Redis before the start signal
  await warmUp(warm);
  await io.ready();
  const result = await sendLoad(client, input.requests, input.concurrency);
  await store?.close();
  return result;
}

/** How a load is run: how many processes, and (for the field runs) the grant-to-send delay. */
interface LoadShape {
  processes: number;
  requests: number;
  concurrency: number;
  field?: { grantDelayMs: number };
}

/**
 * Runs `requests` from `concurrency` callers split over `processes` load processes against a fresh enforcing
 * server (in its own process too), starting them together; returns what the server saw.
 */
async function runLoad(limiter: LimiterKind, shape: LoadShape): Promise<LimitStats> {
  const { processes, requests, concurrency, field } = shape;
  const server = await serveInChild<LimitStats>(
    field
      ? { kind: "limits", limits: FIELD_LIMITS, latencyMs: FIELD.latencyMs }
      : { kind: "limits", limits: LIMITS },
  );
  const workers = Array.from({ length: processes }, (_, w) =>
    startChild<LoadResult>(import.meta.url, "limiterWorkerTask", {
      baseUrl: `${server.url}/api/v1`,
      limiter,
      field: field !== undefined,
      grantDelayMs: field?.grantDelayMs ?? 0,
      requests: Math.floor(requests / processes) + (w < requests % processes ? 1 : 0),
      concurrency: Math.ceil(concurrency / processes),
    } satisfies WorkerInput),
  );
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const failures = (await Promise.all(workers.map((w) => w.result))).flatMap((r) => r.failures);
    if (failures.length > 0) throw new Error(`requests failed: ${failures.slice(0, 3).join("; ")}`);
  } finally {
    for (const w of workers) w.kill();
  }
  return server.close();
}

/** The load over 4 processes whose limiters share one Redis store (a throwaway redis-server). */
async function overRedis(shape: Omit<LoadShape, "processes">): Promise<LimitStats> {
  const redis = await startRedisServer();
  try {
    // One prefix for all: the workers share one limiter state; a fresh one per run starts with empty windows.
    const prefix = `{bench-${Date.now()}}:`;
    return await runLoad({ kind: "redis", url: redis.url, prefix }, { ...shape, processes: WORKERS });
  } finally {
    await redis.stop();
  }
}

function byRule(stats: LimitStats): string {
  const rules = Object.entries(stats.rejected).map(([rule, n]) => `${rule} ${n}`);
  return rules.length > 0 ? ` (${rules.join(", ")})` : "";
}

function rejectedCount(stats: LimitStats): number {
  return Object.values(stats.rejected).reduce((a, b) => a + b, 0);
}

/** The 429 share and utilisation figures of one run with the limiter on. */
function limitedFigures(
  label: string,
  stats: LimitStats,
  requests: number,
  limits: readonly WindowLimit[],
  target: number,
): Figure[] {
  const rejected = rejectedCount(stats);
  const served = stats.arrivals.length;
  const span = (stats.arrivals.at(-1) ?? 0) - (stats.arrivals[0] ?? 0);
  const ideal = idealSpanMs(served, limits);
  const utilisation = ideal / span;
  const rate = (count: number, ms: number) => `${((count - 1) / (ms / 1000)).toFixed(1)}/s`;
  const jitter = `grant→arrival p99 ${quantile(stats.delays, 0.99)} ms, max ${Math.max(...stats.delays)} ms`;
  return [
    {
      benchmark: TITLE,
      measure: `${label}: 429s / requests`,
      ratio: rejected / requests,
      format: "percent",
      target: { text: "zero 429s", met: rejected === 0 },
      detail: `${rejected} of ${requests}${byRule(stats)}; ${jitter}`,
    },
    {
      benchmark: TITLE,
      measure: `${label}: throughput / allowed rate`,
      ratio: utilisation,
      format: "percent",
      target: atLeastPercent(utilisation, target),
      detail: `${rate(served, span)} over ${(span / 1000).toFixed(2)} s vs ${rate(served, ideal)} over ${(ideal / 1000).toFixed(2)} s`,
    },
  ];
}

/** Input of {@link limiterCostTask}. */
export interface CostInput {
  /** Requests left waiting in the queue while the operations are timed. */
  waiters: number;
  /** Requests waiting in all, the rest in another limiter, so every run's heap is the same size. */
  ballast: number;
  /** Timed rounds (the median is taken). */
  rounds: number;
  /** Operations per round. */
  operations: number;
}

/**
 * Child-process task: the cost of one limiter operation, in µs, while `waiters` requests wait. They wait for an
 * export slot that is held throughout (under a window rule that never fills, so the window bookkeeping runs for
 * every request). Each timed operation is an acquire + release of a plain request (let through at once: the
 * limiter looks at its lanes) and an export request joining the end of the long queue and leaving it (its
 * signal aborts). Before the old limiter's queue became per-lane linked lists, each of these scanned or copied
 * the whole queue. Another limiter holds `ballast - waiters` waiting requests, so the garbage collector walks
 * the same heap in every run and only the queue's length differs. Median of `rounds` rounds, after two untimed
 * ones.
 */
export async function limiterCostTask(input: CostInput): Promise<number> {
  const plain = { rateLimit: null, concurrency: null };
  const exports = { rateLimit: null, concurrency: "exports" };
  const park = async (count: number) => {
    const limiter = createLimiter({
      rules: { all: { requests: 1e9, windowSeconds: 60, scope: "all" } },
      concurrency: { exports: { maxConcurrent: 1 } },
    });
    await limiter.acquire(exports); // held: everything in the exports lane waits
    for (let i = 0; i < count; i++) void limiter.acquire(exports).catch(() => {});
    return limiter;
  };
  const ballast = await park(input.ballast - input.waiters);
  const limiter = await park(input.waiters);
  const perOp: number[] = [];
  for (let round = 0; round < 2 + input.rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < input.operations; i++) {
      (await limiter.acquire(plain)).release();
      const controller = new AbortController();
      const queued = limiter.acquire(exports, controller.signal).catch(() => {});
      controller.abort();
      await queued;
    }
    if (round >= 2) perOp.push(((performance.now() - started) / input.operations) * 1000);
  }
  if (limiter.pending + ballast.pending !== input.ballast) throw new Error("the queues lost requests");
  return median(perOp);
}

/** Benchmark 4: how close the limiter gets to the server's limits without crossing them, and what waiting costs. */
export const limiter: Benchmark = {
  title: TITLE,
  method:
    `**Idle loopback.** A server (own process) enforces 100 / 60 s and 20 / 1 s with time divided by ${TIME_SCALE} ` +
    "(100 / 3 s, 20 / 50 ms), counting on arrival and answering at once, 429 above either; the clients' limiters " +
    "get the same scaled rules and otherwise the default options. 1 000 requests from 50 concurrent callers, no " +
    "retries, `@avala/node` in a fresh load process over keep-alive connections opened before the run. " +
    "**Allowed rate**: the fastest schedule the server's rules admit for the same number of requests (each sent " +
    "the instant both windows allow, zero latency; for 1 000 requests 999 intervals over 27.2 s, ≈ 36.7/s, " +
    "tending to 33.3/s for long runs). **Throughput / allowed rate** = that ideal first-to-last span ÷ the " +
    "measured span between the first and last admitted arrival. Limiter off: the same load, for contrast. " +
    `Redis: ${WORKERS} processes, each with its own limiter on one shared \`createRedisStore\` (a throwaway ` +
    "redis-server on a free port), splitting the requests and callers. " +
    "**Under jitter.** The same, with the windows unscaled (20 / 1 s and 60 / 5 s; delays do not scale), the " +
    "server answering after 20–120 ms, 240 requests from 40 callers, and each request waiting a uniform 0–300 ms " +
    "or 0–1000 ms between the limiter's grant and leaving (a fetch that waits first). The limiter charges a " +
    "request from its grant until its response, so the server never sees a window over its limit; what the " +
    "delays cost is utilisation. **Cost**: the time of one operation (an acquire + release, and a request " +
    "joining the queue and leaving it; see `limiterCostTask`) while 10 000 or 100 000 requests wait, over the " +
    "same with none waiting, each in a fresh process holding the same number of waiting requests in all (the " +
    "rest in an idle second limiter, so the heap is the same size); ≤ 1.5× means flat as the queue grows.",
  async run({ smoke }) {
    const { requests, concurrency } = smoke ? SIZES.smoke : SIZES.full;
    const idle = { requests, concurrency };
    const on = await runLoad({ kind: "memory" }, { ...idle, processes: 1 });
    const off = await runLoad({ kind: "off" }, { ...idle, processes: 1 });
    const shared = await overRedis(idle);
    const offRejected = rejectedCount(off);
    const figures: Figure[] = [
      ...limitedFigures("idle loopback, 1 process", on, requests, LIMITS, 0.95),
      {
        benchmark: TITLE,
        measure: "limiter off: 429s / requests",
        ratio: offRejected / requests,
        format: "percent",
        detail: `${offRejected} of ${requests}${byRule(off)} (contrast)`,
      },
      ...limitedFigures(`idle loopback, ${WORKERS} processes + Redis`, shared, requests, LIMITS, 0.95),
    ];
    const field = smoke ? FIELD.smoke : FIELD.full;
    for (const grantDelayMs of [300, 1000]) {
      const shape = { ...field, field: { grantDelayMs } };
      const target = FIELD.targets[grantDelayMs]!;
      const jitter = `0–${grantDelayMs} ms grant→send`;
      const alone = await runLoad({ kind: "memory" }, { ...shape, processes: 1 });
      figures.push(...limitedFigures(`${jitter}, 1 process`, alone, field.requests, FIELD_LIMITS, target));
      const together = await overRedis(shape);
      figures.push(
        ...limitedFigures(
          `${jitter}, ${WORKERS} processes + Redis`,
          together,
          field.requests,
          FIELD_LIMITS,
          target,
        ),
      );
    }
    const costs: number[] = [];
    const sizes = smoke ? COST.smoke : COST.full;
    const ballast = Math.max(...sizes.map((c) => c.waiters));
    for (const input of sizes) {
      const child = startChild<number>(import.meta.url, "limiterCostTask", {
        ...input,
        ballast,
        operations: smoke ? 1000 : 20_000,
      } satisfies CostInput);
      costs.push(await child.result);
    }
    const counts = sizes.map((c) => c.waiters.toLocaleString("en-US"));
    for (const i of [1, 2]) {
      const ratio = costs[i]! / costs[0]!;
      figures.push({
        benchmark: TITLE,
        measure: `limiter operation, ${counts[i]} waiting / none waiting`,
        ratio,
        format: "ratio",
        target: atMost(ratio, 1.5),
        detail: `${costs[i]!.toFixed(2)} µs vs ${costs[0]!.toFixed(2)} µs per operation`,
      });
    }
    return figures;
  },
};
