import type { IncomingMessage, ServerResponse } from "node:http";
import { CONCURRENCY, type JobKind, SCALED_RULES } from "./scaled-limits.js";

/** What the enforcing server saw. */
export interface LimitStats {
  served: Record<JobKind, number>;
  rejected: { rule: string; kind: JobKind; at: number }[];
  /** Arrival times (ms, performance.now) of admitted requests, all kinds. */
  arrivals: number[];
  inferenceArrivals: number[];
  maxExportsInFlight: number;
  /** Send-to-arrival delays (ms) of requests stamped with `x-sent-at` by the client. */
  delays: number[];
}

function kindOf(req: IncomingMessage): JobKind | undefined {
  if (req.method === "GET" && req.url?.startsWith("/datasets/")) return "list";
  if (req.method === "POST" && /^\/inference-providers\/[^/]+\/test\/$/.test(req.url ?? ""))
    return "inference";
  if (req.method === "POST" && req.url === "/exports/") return "export";
  return undefined;
}

function countSince(times: number[], since: number): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) > since; i--) n++;
  return n;
}

/**
 * A node:http listener enforcing the scaled limits like the API would: sliding windows counted on arrival
 * (a request over a limit is answered 429 and not counted), and at most 5 export creations in flight (each
 * takes `exportMs`). Arrival is the moment the server sees the request, so client-to-server jitter counts.
 */
export function limitEnforcingListener(exportMs = 150) {
  const stats: LimitStats = {
    served: { list: 0, inference: 0, export: 0 },
    rejected: [],
    arrivals: [],
    inferenceArrivals: [],
    maxExportsInFlight: 0,
    delays: [],
  };
  let exportsInFlight = 0;

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now();
    const sentAt = Number(req.headers["x-sent-at"]);
    if (sentAt > 0) stats.delays.push(Date.now() - sentAt);
    const kind = kindOf(req);
    req.resume();
    if (!kind) {
      // GET /agents/ is the workers' warm-up: answered, not counted.
      const warmUp = req.method === "GET" && req.url === "/agents/";
      res.writeHead(warmUp ? 200 : 404, { "content-type": "application/json" });
      res.end(warmUp ? '{"next":null,"previous":null,"results":[]}' : "{}");
      return;
    }
    const reject = (rule: string) => {
      stats.rejected.push({ rule, kind, at });
      res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
      res.end(JSON.stringify({ detail: `rate limit ${rule} exceeded` }));
    };
    const { standard, burst, inference } = SCALED_RULES;
    if (countSince(stats.arrivals, at - standard.windowSeconds * 1000) >= standard.requests)
      return reject("standard");
    if (countSince(stats.arrivals, at - burst.windowSeconds * 1000) >= burst.requests) return reject("burst");
    if (
      kind === "inference" &&
      countSince(stats.inferenceArrivals, at - inference.windowSeconds * 1000) >= inference.requests
    ) {
      return reject("inference");
    }
    if (kind === "export" && exportsInFlight >= CONCURRENCY.exports.maxConcurrent) return reject("exports");
    stats.arrivals.push(at);
    if (kind === "inference") stats.inferenceArrivals.push(at);
    const answer = () => {
      stats.served[kind]++;
      res.writeHead(kind === "export" ? 201 : 200, { "content-type": "application/json" });
      res.end(kind === "list" ? '{"next":null,"previous":null,"results":[]}' : '{"uid":"x"}');
    };
    if (kind !== "export") return answer();
    exportsInFlight++;
    stats.maxExportsInFlight = Math.max(stats.maxExportsInFlight, exportsInFlight);
    res.once("finish", () => exportsInFlight--);
    setTimeout(answer, exportMs);
  };
  return { listener, stats };
}

/** Shortest span (ms) covering `count + 1` consecutive arrivals: how close the run came to a window of `count`. */
export function tightestSpan(times: readonly number[], count: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let min = Number.POSITIVE_INFINITY;
  for (let i = count; i < sorted.length; i++)
    min = Math.min(min, (sorted[i] ?? 0) - (sorted[i - count] ?? 0));
  return min;
}

/** The q-quantile (0..1) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
