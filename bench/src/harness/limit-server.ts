import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

/** A sliding-window limit as the server enforces it: at most `requests` arrivals in any `windowMs`. */
export interface WindowLimit {
  readonly name: string;
  readonly requests: number;
  readonly windowMs: number;
}

/** What the enforcing server saw. */
export interface LimitStats {
  /** Arrival times (ms, performance.now) of admitted requests, ascending. */
  arrivals: number[];
  /** Requests answered 429, by the rule that rejected them. */
  rejected: Record<string, number>;
  /** Send-to-arrival delays (ms) of requests stamped with `x-sent-at` (epoch ms) by the client. */
  delays: number[];
}

/** Requests to this path are answered and never counted: clients use it to open connections before the run. */
export const WARM_UP_PATH = "/agents/";

function countSince(times: readonly number[], since: number): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! > since; i--) n++;
  return n;
}

/**
 * A listener enforcing `limits` the way the API does: windows counted on arrival, a request over any limit
 * answered 429 (with `Retry-After`) and not counted. Arrival is when the server sees the request, so the
 * jitter between a client's limiter granting a request and its arrival counts against the client. Admitted
 * requests are answered after a uniform draw from `latencyMs` (default at once).
 */
export function limitEnforcingListener(
  limits: readonly WindowLimit[],
  latencyMs: readonly [number, number] = [0, 0],
): {
  listener: RequestListener;
  stats: LimitStats;
} {
  const stats: LimitStats = { arrivals: [], rejected: {}, delays: [] };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now();
    req.resume();
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    };
    if (req.url?.endsWith(WARM_UP_PATH)) return answer(200, '{"next":null,"previous":null,"results":[]}');
    const sentAt = Number(req.headers["x-sent-at"]);
    if (sentAt > 0) stats.delays.push(Date.now() - sentAt);
    const over = limits.find((limit) => countSince(stats.arrivals, at - limit.windowMs) >= limit.requests);
    if (over) {
      stats.rejected[over.name] = (stats.rejected[over.name] ?? 0) + 1;
      return answer(429, `{"detail":"rate limit ${over.name} exceeded"}`, { "retry-after": "1" });
    }
    stats.arrivals.push(at);
    const [min, max] = latencyMs;
    const ok = () => answer(200, '{"next":null,"previous":null,"results":[]}');
    if (max > 0) setTimeout(ok, min + Math.random() * (max - min));
    else ok();
  };
  return { listener, stats };
}

/**
 * The shortest span from first to last arrival in which `count` requests can get through `limits`: every
 * request sent the instant the windows allow it, with no latency. This is the "allowed rate" a run is
 * measured against (count − 1 intervals over this span).
 */
export function idealSpanMs(count: number, limits: readonly WindowLimit[]): number {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    let t = times[i - 1] ?? 0;
    for (const limit of limits) {
      const edge = times[i - limit.requests];
      if (edge !== undefined) t = Math.max(t, edge + limit.windowMs);
    }
    times.push(t);
  }
  return times[count - 1] ?? 0;
}
