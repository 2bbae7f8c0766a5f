/**
 * The limiter in the field: zero 429s from a server that counts requests on arrival, whatever happens between
 * the limiter's grant and that arrival. The server runs in its own process (20–120 ms latency, new connections
 * read only after 0–300 ms, a share of connections closed after each response); the clients run in their own
 * processes with 0–300 ms or 0–1000 ms injected between grant and send and an event loop that keeps stalling;
 * one process with the in-memory store, or four sharing one redis-server. Every limiter has the default
 * options (only the rules are the server's, scaled in time).
 *
 * Zero 429s holds however slow or loaded the machine is: a request counts in the limiter's windows from its
 * grant until its response, and the server counts it in between, so a slower machine only makes the run
 * longer. Nothing here asserts a duration.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedisServer } from "@avala-tools/redis-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quantile } from "../redis/limit-server.js";
import { tsxLoaderUrl } from "../support/tsx-loader.js";

const tsx = tsxLoaderUrl();
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const CALLS = 240;
const CONCURRENCY = 40;

interface ServerStats {
  arrivals: number[];
  rejected: Record<string, number>;
  delays: number[];
}
interface WorkerResult {
  ok: number;
  rateLimited: number;
  failures: string[];
}

const children: ChildProcess[] = [];
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await redis?.stop();
});

/** Starts the counting server in its own process; resolves once it listens. */
async function startServer(seed: number) {
  const child = fork(fixture("arrival-server.ts"), [], {
    execArgv: ["--import", tsx],
    env: { ...process.env, FIELD_SEED: String(seed) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { port: number }));
    child.once("exit", (code) => reject(new Error(`the server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () =>
      new Promise<ServerStats>((resolve) => {
        child.once("message", (m) => resolve(m as ServerStats));
        child.send("stats");
      }),
  };
}

/** Starts one client process; `ready` once its connections are open, `result` once its calls are done. */
function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", tsx, fixture("field-worker.ts")], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffered = "";
  child.stdout?.on("data", (d: Buffer) => {
    buffered += d.toString();
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      const take = waiting.shift();
      if (take) take(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`a client process exited (${code}) early:\n${stderr}`))),
  );
  const nextLine = () =>
    Promise.race([
      new Promise<string>((resolve) => {
        const line = lines.shift();
        if (line !== undefined) resolve(line);
        else waiting.push(resolve);
      }),
      exited,
    ]);
  const ready = nextLine().then((line) => {
    if (line !== "ready") throw new Error(`unexpected output: ${line}\n${stderr}`);
  });
  const result = ready.then(nextLine).then((line) => JSON.parse(line) as WorkerResult);
  return { go: () => child.stdin?.write("go\n"), ready, result };
}

/** Runs one case: CALLS calls from CONCURRENCY callers over `processes` client processes. */
async function runCase(processes: number, grantDelayMs: number, seed: number) {
  const server = await startServer(seed);
  const shared: Record<string, string> =
    processes > 1 ? { REDIS_URL: redis.url, REDIS_PREFIX: `{field-${seed}}:` } : {};
  const workers = Array.from({ length: processes }, (_, w) =>
    startWorker({
      BASE_URL: `${server.url}/api/v1`,
      CALLS: String(CALLS / processes),
      CONCURRENCY: String(CONCURRENCY / processes),
      GRANT_DELAY_MS: String(grantDelayMs),
      FIELD_SEED: String(seed * 10 + w),
      ...shared,
    }),
  );
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  const results = await Promise.all(workers.map((w) => w.result));
  const stats = await server.stats();
  const span = (stats.arrivals.at(-1) ?? 0) - (stats.arrivals[0] ?? 0);
  console.log(
    `limiter field, ${processes} process(es), 0–${grantDelayMs} ms grant→send: ${JSON.stringify({
      served: stats.arrivals.length,
      rejected: stats.rejected,
      spanMs: Math.round(span),
      grantToArrivalMs: {
        p50: quantile(stats.delays, 0.5),
        p99: quantile(stats.delays, 0.99),
        max: Math.max(...stats.delays),
      },
    })}`,
  );
  return { stats, results };
}

describe("the limiter in the field (default options, a server counting on arrival)", () => {
  it.each([
    [1, 300],
    [1, 1000],
    [4, 300],
    [4, 1000],
  ])(
    "%i process(es), 0–%i ms between grant and send, a stalling event loop: zero 429s",
    async (processes, grantDelayMs) => {
      const { stats, results } = await runCase(processes, grantDelayMs, processes * 10_000 + grantDelayMs);
      expect(stats.rejected).toEqual({});
      expect(results.flatMap((r) => r.failures)).toEqual([]);
      expect(results.reduce((n, r) => n + r.rateLimited, 0)).toBe(0);
      expect(results.reduce((n, r) => n + r.ok, 0)).toBe(CALLS);
      expect(stats.arrivals).toHaveLength(CALLS);
    },
    180_000,
  );
});
