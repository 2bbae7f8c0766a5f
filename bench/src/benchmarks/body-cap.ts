import { createClient } from "@avala/core";
import { API_KEY, limiterFarAbove } from "../harness/avala.js";
import { jsonBody } from "../harness/payloads.js";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { callsVariant, interleavedRounds, roundSpread } from "../harness/runner.js";
import { median } from "../harness/stats.js";

const TITLE = "1b per-call cost of maxResponseBytes";
const BASE_URL = "http://127.0.0.1:9/api/v1"; // never contacted: the clients get the in-process fetch below
const SIZES = {
  full: { calls: 2000, rounds: 21, warmup: 3 },
  smoke: { calls: 50, rounds: 3, warmup: 1 },
};
const CHUNK = 16 * 1024;
const BODIES = { "1 KB": jsonBody(1024), "256 KB in 16 KB chunks": jsonBody(256 * 1024) };

/**
 * An in-process fetch answering with `body` as a stream of 16 KB chunks (as a socket delivers it), so a large
 * body is counted chunk by chunk; no I/O.
 */
function fakeFetch(body: string) {
  const bytes = new TextEncoder().encode(body);
  return async (): Promise<Response> => {
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(at, at + CHUNK));
        at += CHUNK;
      },
    });
    return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
  };
}

/** Benchmark 1b: the default limit on the body against one so large that it never applies. */
export const bodyCap: Benchmark = {
  title: TITLE,
  method:
    "`createClient` as in benchmark 1 (API key, limiter, retries, timeout), on an injected fetch that streams a " +
    "JSON page in 16 KB chunks: once with the default `maxResponseBytes` (32 MiB) and once with " +
    "`Number.MAX_SAFE_INTEGER`, which never applies. The bytes are counted as they are read either way; the " +
    "figure says what the limit itself adds per call. Rounds are interleaved; ratio of median round times.",
  async run({ smoke }) {
    const size = smoke ? SIZES.smoke : SIZES.full;
    const figures: Figure[] = [];
    for (const [label, body] of Object.entries(BODIES)) {
      const client = (maxResponseBytes?: number) =>
        createClient({
          apiKey: API_KEY,
          baseUrl: BASE_URL,
          fetch: fakeFetch(body),
          limiter: limiterFarAbove(),
          ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
        });
      const capped = client();
      const uncapped = client(Number.MAX_SAFE_INTEGER);
      const variants = [
        callsVariant("capped", () => capped.GET("/datasets/"), size),
        callsVariant("uncapped", () => uncapped.GET("/datasets/"), size),
      ];
      const times = await interleavedRounds(variants, size);
      const perCallUs = (name: string) => (median(times.get(name)!) * 1000) / size.calls;
      const ratio = perCallUs("capped") / perCallUs("uncapped");
      figures.push({
        benchmark: TITLE,
        measure: `32 MiB limit / a limit that never applies, ${label}`,
        ratio,
        format: "ratio",
        target: atMost(ratio, 1.05),
        spread: roundSpread(times, "capped", "uncapped"),
        detail: `${perCallUs("capped").toFixed(1)} µs vs ${perCallUs("uncapped").toFixed(1)} µs per call`,
      });
    }
    return figures;
  },
};
