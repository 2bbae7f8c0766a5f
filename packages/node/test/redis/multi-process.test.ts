import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedisServer } from "@avala-tools/redis-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../proxy/servers.js";
import { tsxLoaderUrl } from "../support/tsx-loader.js";
import { limitEnforcingListener, quantile, tightestSpan } from "./limit-server.js";
import { type JobKind, SCALED_RULES } from "./scaled-limits.js";

// The workers' limiters run with the default margins: a request counts in the windows from its grant until its
// response, so how long it takes to reach the server (a loaded machine, Redis round trips) needs no margin.
const WORKERS = 4;
const TOTAL = 300;

/** 300 jobs: mostly plain reads, 20 inference-class calls (10 / 6 s), 30 export creations (5 at a time). */
function jobs(): JobKind[] {
  return Array.from({ length: TOTAL }, (_, i) =>
    i % 15 === 7 ? "inference" : i % 10 === 3 ? "export" : "list",
  );
}

// The workers run TypeScript through tsx.
const tsx = tsxLoaderUrl();
const workerScript = fileURLToPath(new URL("./fixtures/load-worker.ts", import.meta.url));

let redis: RedisServer;
let api: RunningServer;
let enforced: ReturnType<typeof limitEnforcingListener>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await api?.close();
  await redis?.stop();
});

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<{ ok: number; failures: string[] }>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, ["--import", tsx, workerScript], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines: ((line: string) => void)[] = [];
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
    let newline = stdout.indexOf("\n");
    while (newline >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      lines.shift()?.(line);
      newline = stdout.indexOf("\n");
    }
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) early:\n${stderr}`))),
  );
  const nextLine = () => Promise.race([new Promise<string>((resolve) => lines.push(resolve)), exited]);
  const ready = nextLine().then((line) => {
    if (line !== "ready") throw new Error(`unexpected worker output: ${line}\n${stderr}`);
  });
  const result = ready.then(nextLine).then((line) => JSON.parse(line) as { ok: number; failures: string[] });
  return { child, ready, result };
}

describe("four processes sharing one Redis limiter store", () => {
  it("send 300 requests without a single 429", async () => {
    enforced = limitEnforcingListener();
    api = await listen(enforced.listener);
    const all = jobs();
    const prefix = `{load-${Date.now()}}:`; // one prefix: every worker shares the same limiter state
    const workers = Array.from({ length: WORKERS }, (_, w) =>
      startWorker({
        BASE_URL: api.url,
        REDIS_URL: redis.url,
        REDIS_PREFIX: prefix,
        JOBS: JSON.stringify(all.filter((_, i) => i % WORKERS === w)),
      }),
    );
    await Promise.all(workers.map((w) => w.ready));
    const started = performance.now();
    for (const w of workers) w.child.stdin?.write("go\n");
    const results = await Promise.all(workers.map((w) => w.result));
    const elapsedMs = performance.now() - started;

    const { stats } = enforced;
    const served = stats.served.list + stats.served.inference + stats.served.export;
    const { standard, burst, inference } = SCALED_RULES;
    // Fastest the server's limits allow: request n cannot start before floor(n / 100) standard windows.
    const idealMs = Math.floor((TOTAL - 1) / standard.requests) * standard.windowSeconds * 1000;
    const report = {
      workers: WORKERS,
      served,
      byKind: stats.served,
      rejected429: stats.rejected.length,
      elapsedMs: Math.round(elapsedMs),
      throughputPerSec: +(served / (elapsedMs / 1000)).toFixed(2),
      allowedPerSec: +(standard.requests / standard.windowSeconds).toFixed(2),
      idealElapsedMs: idealMs,
      tightestBurstSpanMs: +tightestSpan(stats.arrivals, burst.requests).toFixed(1),
      tightestStandardSpanMs: +tightestSpan(stats.arrivals, standard.requests).toFixed(1),
      tightestInferenceSpanMs: +tightestSpan(stats.inferenceArrivals, inference.requests).toFixed(1),
      maxExportsInFlight: stats.maxExportsInFlight,
      sendToArrivalMs: {
        p50: quantile(stats.delays, 0.5),
        p99: quantile(stats.delays, 0.99),
        max: Math.max(...stats.delays),
      },
    };
    console.log(`multi-process limiter: ${JSON.stringify(report)}`);
    expect(stats.rejected).toEqual([]);
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.reduce((n, r) => n + r.ok, 0)).toBe(TOTAL);
    expect(served).toBe(TOTAL);
    expect(stats.served).toEqual({ list: 250, inference: 20, export: 30 });
    expect(stats.maxExportsInFlight).toBeLessThanOrEqual(5);
  }, 120_000);
});
