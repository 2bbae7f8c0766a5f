import { createClient } from "@avala/node";
import { Agent, fetch as undiciFetch } from "undici";
import { API_KEY, limiterFarAbove, RAW_HEADERS } from "../harness/avala.js";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { callsVariant, interleavedRounds } from "../harness/runner.js";
import { serveInChild } from "../harness/servers.js";
import { median } from "../harness/stats.js";

const TITLE = "2 round trip";
const BODY_SIZES = [1024, 100 * 1024];
const CONCURRENCIES = [1, 50];
const SIZES = {
  full: { calls: { 1: 400, 50: 2000 } as Record<number, number>, rounds: 9, warmup: 2 },
  smoke: { calls: { 1: 20, 50: 100 } as Record<number, number>, rounds: 2, warmup: 1 },
};

function kb(bytes: number): string {
  return `${bytes / 1024} KB`;
}

/** Benchmark 2: round trips through @avala/node against raw undici fetch, both over keep-alive. */
export const roundTrip: Benchmark = {
  title: TITLE,
  method:
    "A keep-alive `node:http` server in a child process (its CPU on the other core) answers a JSON list page of " +
    "1 KB or 100 KB. Ours is `@avala/node` `createClient` (undici, the limiter with the spec's rules ×10⁶, retries, " +
    "timeout); the baseline is undici `fetch` with a keep-alive `Agent`, the same headers (key, accept, user agent) and `.json()`. Both pools are capped at 50 " +
    "connections, so neither queues for a socket at 50 concurrent calls. Rounds are interleaved; the figure is the " +
    "ratio of median per-request latencies over all timed rounds.",
  async run({ smoke }) {
    const size = smoke ? SIZES.smoke : SIZES.full;
    const server = await serveInChild({ kind: "sized" });
    const figures: Figure[] = [];
    try {
      for (const bytes of BODY_SIZES) {
        for (const concurrency of CONCURRENCIES) {
          const baseUrl = `${server.url}/${bytes}`;
          const ours = createClient({
            apiKey: API_KEY,
            baseUrl,
            limiter: limiterFarAbove(),
            connections: 50,
          });
          const agent = new Agent({ keepAliveTimeout: 30_000, connections: 50 });
          const raw = async () =>
            (await undiciFetch(`${baseUrl}/datasets/`, { dispatcher: agent, headers: RAW_HEADERS })).json();
          const calls = size.calls[concurrency]!;
          const latencies = { ours: [] as number[], raw: [] as number[] };
          const times = await interleavedRounds(
            [
              callsVariant("ours", () => ours.GET("/datasets/"), {
                calls,
                concurrency,
                latencies: latencies.ours,
              }),
              callsVariant("raw", raw, { calls, concurrency, latencies: latencies.raw }),
            ],
            size,
          );
          await agent.close();
          // Warm-up rounds come first in each list: drop their calls.
          const p50 = (list: number[]) => median(list.slice(size.warmup * calls));
          const ratio = p50(latencies.ours) / p50(latencies.raw);
          const throughput = median(times.get("raw")!) / median(times.get("ours")!);
          figures.push({
            benchmark: TITLE,
            measure: `ours / raw undici, ${kb(bytes)}, ${concurrency} concurrent (p50 latency)`,
            ratio,
            format: "ratio",
            target: atMost(ratio, 1.1),
            detail:
              `p50 ${(p50(latencies.ours) * 1000).toFixed(0)} µs vs ${(p50(latencies.raw) * 1000).toFixed(0)} µs; ` +
              `throughput ${(throughput * 100).toFixed(0)} % of raw`,
          });
        }
      }
    } finally {
      await server.close();
    }
    return figures;
  },
};
