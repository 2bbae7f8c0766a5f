import { createClient } from "@avala/node";
import { Agent, fetch as undiciFetch, request as undiciRequest } from "undici";
import { API_KEY, limiterFarAbove, RAW_HEADERS } from "../harness/avala.js";
import { startChild } from "../harness/child.js";
import { otherNodeRuntimes } from "../harness/node-runtimes.js";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { byRound, callsVariant, interleavedRounds, pairedRatio, spreadOf } from "../harness/runner.js";
import { serveInChild } from "../harness/servers.js";
import { median } from "../harness/stats.js";

const TITLE = "2 round trip";
const BODY_SIZES = [1024, 100 * 1024];
const CONCURRENCIES = [1, 50];
const SIZES = {
  full: { calls: { 1: 400, 50: 2000 } as Record<number, number>, rounds: 9, warmup: 2 },
  smoke: { calls: { 1: 20, 50: 100 } as Record<number, number>, rounds: 2, warmup: 1 },
};
/** Targets of ours / raw undici fetch by body size (issue 15): below what a hand-written fetch costs. */
const FETCH_TARGET: Record<number, number> = { 1024: 0.8, [100 * 1024]: 0.95 };
/** Target of ours / raw `undici.request`, the floor: what everything the client adds may cost on top. */
const REQUEST_TARGET = 1.35;

function kb(bytes: number): string {
  return `${bytes / 1024} KB`;
}

/** Input of {@link roundTripTask}. */
export interface RoundTripInput {
  /** URL of the sized-body server. */
  url: string;
  size: keyof typeof SIZES;
  /** Appended to each measure, e.g. ` (Node 22)`; empty for the runtime of the run itself. */
  label: string;
}

/**
 * The round trips of every body size and concurrency: ours, raw undici `fetch` and raw `undici.request`
 * interleaved in one run. Exported so it can run in a child process on another Node major.
 */
export async function roundTripTask(input: RoundTripInput): Promise<Figure[]> {
  const size = SIZES[input.size];
  const figures: Figure[] = [];
  for (const bytes of BODY_SIZES) {
    for (const concurrency of CONCURRENCIES) {
      const baseUrl = `${input.url}/${bytes}`;
      const ours = createClient({ apiKey: API_KEY, baseUrl, limiter: limiterFarAbove(), connections: 50 });
      const fetchAgent = new Agent({ keepAliveTimeout: 30_000, connections: 50 });
      const requestAgent = new Agent({ keepAliveTimeout: 30_000, connections: 50 });
      const rawFetch = async () =>
        (await undiciFetch(`${baseUrl}/datasets/`, { dispatcher: fetchAgent, headers: RAW_HEADERS })).json();
      const rawRequest = async () =>
        (
          await undiciRequest(`${baseUrl}/datasets/`, { dispatcher: requestAgent, headers: RAW_HEADERS })
        ).body.json();
      const calls = size.calls[concurrency]!;
      const latencies = { ours: [] as number[], fetch: [] as number[], request: [] as number[] };
      const times = await interleavedRounds(
        [
          callsVariant("ours", () => ours.GET("/datasets/"), {
            calls,
            concurrency,
            latencies: latencies.ours,
          }),
          callsVariant("fetch", rawFetch, { calls, concurrency, latencies: latencies.fetch }),
          callsVariant("request", rawRequest, { calls, concurrency, latencies: latencies.request }),
        ],
        size,
      );
      await Promise.all([fetchAgent.close(), requestAgent.close()]);
      // Warm-up rounds come first in each list: drop their calls.
      const p50 = (list: number[]) => median(list.slice(size.warmup * calls));
      const us = (list: number[]) => `${(p50(list) * 1000).toFixed(0)} µs`;
      const throughput = (baseline: string) => median(times.get(baseline)!) / median(times.get("ours")!);
      const where = `${kb(bytes)}, ${concurrency} concurrent (p50 latency)${input.label}`;
      // Each timed round's own p50 latency: the figure is the median of the per-round ratios (the rounds of the
      // three were interleaved), the spread their range.
      const roundP50 = (list: number[]) => byRound(list.slice(size.warmup * calls), calls).map(median);
      const vsFetch = pairedRatio(roundP50(latencies.ours), roundP50(latencies.fetch));
      const vsRequest = pairedRatio(roundP50(latencies.ours), roundP50(latencies.request));
      figures.push(
        {
          benchmark: TITLE,
          measure: `ours / raw undici fetch, ${where}`,
          ratio: vsFetch,
          format: "ratio",
          target: atMost(vsFetch, FETCH_TARGET[bytes]!),
          spread: spreadOf(roundP50(latencies.ours), roundP50(latencies.fetch)),
          detail: `p50 ${us(latencies.ours)} vs ${us(latencies.fetch)}; throughput ${(throughput("fetch") * 100).toFixed(0)} % of raw fetch`,
        },
        {
          benchmark: TITLE,
          measure: `ours / raw undici.request (floor), ${where}`,
          ratio: vsRequest,
          format: "ratio",
          target: atMost(vsRequest, REQUEST_TARGET),
          spread: spreadOf(roundP50(latencies.ours), roundP50(latencies.request)),
          detail: `p50 ${us(latencies.ours)} vs ${us(latencies.request)}; raw request / raw fetch ${(p50(latencies.request) / p50(latencies.fetch)).toFixed(2)}×`,
        },
      );
    }
  }
  return figures;
}

/** Benchmark 2: round trips through @avala/node against raw undici fetch and raw undici.request. */
export const roundTrip: Benchmark = {
  title: TITLE,
  method:
    "A keep-alive `node:http` server in a child process (its CPU on the other core) answers a JSON list page of " +
    "1 KB or 100 KB. Ours is `@avala/node` `createClient` (undici dispatcher, the limiter with the spec's rules " +
    "×10⁶, retries, the per-attempt timeout covering the body, redirect rules, error mapping); the baselines are " +
    "hand-written undici `fetch` + `.json()` and, as the floor, `undici.request` + `body.json()`, each with its " +
    "own keep-alive `Agent` and the same headers (key, accept, user agent). Every pool is capped at 50 " +
    "connections, so none queues for a socket at 50 concurrent calls. Rounds of the three are interleaved; the " +
    "figure is the median over the timed rounds of the ratio of their median per-request latencies (each ratio pairs " +
    "rounds run next to each other), the spread the range of those ratios. The same measurement then runs " +
    "in a child process on each other supported Node major (the official binary from the npm package " +
    "`node-<platform>-<arch>`, as the consumer test installs it), with the same rounds, and is held to the same " +
    "targets: a target that holds on one supported Node line only does not hold. A line that cannot be " +
    "installed is reported as not measured, with a missed target.",
  async run({ smoke }) {
    const server = await serveInChild({ kind: "sized" });
    try {
      const figures = await roundTripTask({
        url: server.url,
        size: smoke ? "smoke" : "full",
        label: smoke ? "" : ` (Node ${process.versions.node.split(".")[0]})`,
      });
      // Downloads and minutes per runtime: only in a full run.
      if (smoke) return figures;
      for (const runtime of await otherNodeRuntimes()) {
        const label = ` (Node ${runtime.major})`;
        if ("error" in runtime) {
          figures.push({
            benchmark: TITLE,
            measure: `ours / raw undici fetch${label}`,
            ratio: Number.NaN,
            format: "ratio",
            target: { text: "measured", met: false },
            detail: `not measured: ${runtime.error}`,
          });
          continue;
        }
        // The same rounds and calls as on the host's line: with fewer, the first calls' JIT tiers (Maglev on 22+)
        // weigh on the median and a line reads slower than it runs once warm.
        const input: RoundTripInput = { url: server.url, size: "full", label };
        const child = startChild<Figure[]>(import.meta.url, "roundTripTask", input, [], {
          execPath: runtime.bin,
        });
        figures.push(...(await child.result));
      }
      return figures;
    } finally {
      await server.close();
    }
  },
};
