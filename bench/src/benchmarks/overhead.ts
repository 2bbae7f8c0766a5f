import { createClient } from "@avala/core";
import type { paths } from "@avala/types";
import { request } from "@octokit/request";
import ky from "ky";
import OpenAI from "openai";
import createOpenApiClient from "openapi-fetch";
import { API_KEY, limiterFarAbove } from "../harness/avala.js";
import { jsonBody } from "../harness/payloads.js";
import { atMost, type Benchmark, below, type Figure } from "../harness/report.js";
import { callsVariant, interleavedRounds, roundSpread } from "../harness/runner.js";
import { median } from "../harness/stats.js";

const TITLE = "1 per-call overhead";
const BASE_URL = "http://127.0.0.1:9/api/v1"; // never contacted: every client gets the in-process fetch below
const BODY = jsonBody(1024);
const SIZES = {
  full: { calls: 2000, rounds: 21, warmup: 3 },
  smoke: { calls: 50, rounds: 3, warmup: 1 },
};

/**
 * The injected fetch: a new 1 KB JSON Response per call (a Response body can be read once), no I/O, so the
 * time measured is each client's own work: building the request, its middleware/hooks, parsing.
 */
const fakeFetch = async (_input?: unknown, _init?: unknown): Promise<Response> =>
  new Response(BODY, { status: 200, headers: { "content-type": "application/json" } });

type Call = () => Promise<unknown>;

/** One GET of a list page through each client, all built once with the in-process fetch. */
function contenders(): Record<string, Call> {
  const ours = createClient({
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    fetch: fakeFetch,
    limiter: limiterFarAbove(),
  });
  const bare = createOpenApiClient<paths>({ baseUrl: BASE_URL, fetch: fakeFetch });
  const kyClient = ky.create({ prefixUrl: BASE_URL, fetch: fakeFetch });
  const openai = new OpenAI({ apiKey: API_KEY, baseURL: BASE_URL, fetch: fakeFetch });
  const octokit = request.defaults({ baseUrl: BASE_URL, request: { fetch: fakeFetch } });
  return {
    ours: () => ours.GET("/datasets/"),
    "openapi-fetch": () => bare.GET("/datasets/"),
    ky: () => kyClient.get("datasets/").json(),
    "openai-node": () => openai.get("/datasets/"),
    "@octokit/request": () => octokit("GET /datasets/"),
    "fetch + JSON.parse": async () => JSON.parse(await (await fakeFetch(`${BASE_URL}/datasets/`)).text()),
  };
}

/** Fails loudly if a contender does not return the parsed page: a broken setup would otherwise look fast. */
async function check(name: string, call: Call): Promise<void> {
  const value = (await call()) as { results?: unknown[]; data?: { results?: unknown[] } };
  const results = value.results ?? value.data?.results;
  if (!Array.isArray(results) || results.length === 0) throw new Error(`${name} did not return the page`);
}

/** Benchmark 1: per-call overhead of each client over an in-process fetch. */
export const overhead: Benchmark = {
  title: TITLE,
  method:
    "Every client calls an injected fetch that returns a new 1 KB JSON `Response` (no I/O), so the time is the " +
    "client's own work. Ours is `createClient` with everything on: API key, a limiter with the spec's rules ×10⁶ " +
    "(every call goes through the limiter but never waits), retries, timeout, error mapping. openapi-fetch is " +
    "bare; ky, openai-node (`client.get`) and @octokit/request use their defaults. Rounds of sequential calls are " +
    "interleaved across clients; the figure is the ratio of median round times.",
  async run({ smoke }) {
    const size = smoke ? SIZES.smoke : SIZES.full;
    const calls = contenders();
    for (const [name, call] of Object.entries(calls)) await check(name, call);
    const variants = Object.entries(calls).map(([name, call]) => callsVariant(name, call, size));
    const times = await interleavedRounds(variants, size);
    const perCallUs = (name: string) => (median(times.get(name)!) * 1000) / size.calls;
    const ours = perCallUs("ours");
    const figure = (baseline: string, target?: (ratio: number) => Figure["target"]): Figure => {
      const ratio = ours / perCallUs(baseline);
      return {
        benchmark: TITLE,
        measure: `ours / ${baseline}`,
        ratio,
        format: "ratio",
        ...(target ? { target: target(ratio) } : {}),
        spread: roundSpread(times, "ours", baseline),
        detail: `${ours.toFixed(1)} µs vs ${perCallUs(baseline).toFixed(1)} µs per call`,
      };
    };
    return [
      figure("openapi-fetch", (r) => atMost(r, 1.5)),
      figure("openai-node", (r) => below(r, 1)),
      figure("@octokit/request", (r) => below(r, 1)),
      figure("ky"),
      figure("fetch + JSON.parse"),
    ];
  },
};
