import { createClient } from "@avala/node";
import { Agent, fetch as undiciFetch, request as undiciRequest } from "undici";
import { API_KEY, limiterFarAbove, RAW_HEADERS } from "../harness/avala.js";
import { startChild } from "../harness/child.js";
import { atMost, type Benchmark, type Figure } from "../harness/report.js";
import { type RssReport, RssSampler } from "../harness/rss.js";
import { interleavedRounds, roundSpread, type Variant } from "../harness/runner.js";
import { serveInChild } from "../harness/servers.js";
import { median, sleep } from "../harness/stats.js";

const TITLE = "3 pagination";
/** Simulated work of the consumer on each page (e.g. writing the items somewhere). */
const CONSUMER_MS = 2;
/**
 * Time the server takes per page in the slow-consumer runs, like the API querying its database. Prefetch can
 * only hide the page fetch behind the consumer's work: against a loopback server answering in ~0.3 ms the best
 * possible ratio is 2 / 2.3 ≈ 0.88, so the run with an instant server is reported for information only.
 */
const SERVER_MS = 2;
/**
 * Ours over the raw `undici.request` loop: what the paginator (and the client's pipeline: key, limiter, retries,
 * error mapping, the next-link checks) may add on top of the transport it runs on.
 */
const FLOOR_TARGET = 1.25;
const SIZES = {
  full: { pages: 1000, perPage: 100, rounds: 5, consumerRounds: 3, warmup: 1 },
  smoke: { pages: 20, perPage: 100, rounds: 2, consumerRounds: 1, warmup: 0 },
};

/**
 * How one pass over the list is walked: through our paginator, or a raw loop following `next` over undici's
 * `fetch` (what a hand-written loop usually is) or over `undici.request` (the transport ours uses: the floor, so
 * the paginator's own cost shows apart from the transport's gain over fetch).
 */
type Walker = "ours" | "ours-pages" | "ours-prefetch" | "raw" | "raw-request";

/** Called after every item; awaits the consumer's work at each page boundary. */
type OnItem = (index: number) => Promise<void> | undefined;

/** Builds a function that walks the list at `baseUrl` (at most `maxPages` pages) and counts the items. */
function walker(kind: Walker, baseUrl: string, onItem: OnItem, maxPages?: number): () => Promise<number> {
  if (kind === "raw") {
    const agent = new Agent({ keepAliveTimeout: 30_000 });
    return async () => {
      let count = 0;
      let url: string | null = `${baseUrl}/datasets/`;
      for (let pages = 0; url && pages < (maxPages ?? Number.POSITIVE_INFINITY); pages++) {
        const response = await undiciFetch(url, { dispatcher: agent, headers: RAW_HEADERS });
        const page = (await response.json()) as { next: string | null; results: unknown[] };
        for (const _ of page.results) await onItem(count++);
        url = page.next;
      }
      return count;
    };
  }
  if (kind === "raw-request") {
    const agent = new Agent({ keepAliveTimeout: 30_000 });
    return async () => {
      let count = 0;
      let url: string | null = `${baseUrl}/datasets/`;
      for (let pages = 0; url && pages < (maxPages ?? Number.POSITIVE_INFINITY); pages++) {
        const response = await undiciRequest(url, { dispatcher: agent, headers: RAW_HEADERS });
        const page = (await response.body.json()) as { next: string | null; results: unknown[] };
        for (const _ of page.results) await onItem(count++);
        url = page.next;
      }
      return count;
    };
  }
  const client = createClient({ apiKey: API_KEY, baseUrl, limiter: limiterFarAbove() });
  if (kind === "ours-pages") {
    return async () => {
      let count = 0;
      const options = maxPages ? { maxPages } : {};
      for await (const page of client.paginate("/datasets/", options).pages()) {
        for (const _ of page.items) await onItem(count++);
      }
      return count;
    };
  }
  return async () => {
    let count = 0;
    const prefetch = kind === "ours-prefetch";
    for await (const _ of client.paginate("/datasets/", { prefetch, ...(maxPages ? { maxPages } : {}) })) {
      await onItem(count++);
    }
    return count;
  };
}

/** A timed variant walking the list; fails if an item is missing, so a short walk cannot look fast. */
function walkVariant(name: string, walk: () => Promise<number>, expected: number): Variant {
  return {
    name,
    async run() {
      const count = await walk();
      if (count !== expected) throw new Error(`${name} saw ${count} items, expected ${expected}`);
    },
  };
}

/** Input of {@link paginationMemoryTask}. */
export interface MemoryInput {
  baseUrl: string;
  kind: Walker;
  items: number;
}

/**
 * Child-process task: walks the list once with RSS sampled on every item and every 5 ms. It runs in a fresh
 * process (with --expose-gc) so the parent's heap, grown by earlier benchmarks, cannot hide or add growth. A
 * first walk of 2 pages loads every code path and opens the connection, so the baseline includes them but
 * not the heap a full walk grows.
 */
export async function paginationMemoryTask(input: MemoryInput): Promise<RssReport> {
  const sampler = new RssSampler();
  const walk = walker(input.kind, input.baseUrl, () => {
    sampler.sample();
    return undefined;
  });
  await walker(input.kind, input.baseUrl, () => undefined, 2)();
  sampler.start();
  const count = await walk();
  const report = sampler.stop();
  if (count !== input.items) throw new Error(`saw ${count} items, expected ${input.items}`);
  return report;
}

/** Benchmark 3: walking 100 000 items, with and without a slow consumer, and the memory it takes. */
export const pagination: Benchmark = {
  title: TITLE,
  method:
    "A keep-alive server in a child process serves 1 000 pages of 100 datasets with absolute `next` links. Ours " +
    'walks them with `for await (… of client.paginate("/datasets/"))` (`@avala/node`, limiter ×10⁶); the ' +
    "baseline is a hand-written loop of undici `fetch` + `.json()` following `next`; `.pages()` walks the same " +
    "pages with a plain `for` over each page's items. The floor is the same loop over `undici.request` + " +
    "`body.json()`, the transport ours runs on: ours against it is the paginator's own cost, ours against the " +
    "fetch loop includes the transport's gain over fetch. Time: ratio of median walk " +
    `times (interleaved). Slow consumer: ${CONSUMER_MS} ms of awaited work per page, the server taking ` +
    `${SERVER_MS} ms per page (as the API's own query time would); ours with \`prefetch: true\` against the ` +
    "sequential raw loop (also shown against an instant server, where the round trip prefetch can hide is " +
    "tiny). Memory: each walk in a fresh process, RSS sampled on every item and every 5 ms; the figure is the " +
    "ratio of peak RSS (growth = peak − baseline after a 2-page warm-up walk and GC, for context); " +
    "'retained' is the heap still in use after a full GC at the end, showing whether anything is kept, " +
    "reported as ours minus the raw loop's. Items " +
    "are counted, never kept.",
  async run({ smoke }) {
    const size = smoke ? SIZES.smoke : SIZES.full;
    const items = size.pages * size.perPage;
    const server = await serveInChild({ kind: "pages", pages: size.pages, perPage: size.perPage });
    const slowServer = await serveInChild({
      kind: "pages",
      pages: size.pages,
      perPage: size.perPage,
      delayMs: SERVER_MS,
    });
    const baseUrl = `${server.url}/api/v1`;
    try {
      const free = () => undefined;
      const plain = await interleavedRounds(
        [
          walkVariant("ours", walker("ours", baseUrl, free), items),
          walkVariant("ours-pages", walker("ours-pages", baseUrl, free), items),
          walkVariant("raw", walker("raw", baseUrl, free), items),
          walkVariant("raw-request", walker("raw-request", baseUrl, free), items),
        ],
        { rounds: size.rounds, warmup: size.warmup },
      );
      const consumer: OnItem = (i) => ((i + 1) % size.perPage === 0 ? sleep(CONSUMER_MS) : undefined);
      const slowWalks = (url: string) =>
        interleavedRounds(
          [
            walkVariant("ours-prefetch", walker("ours-prefetch", url, consumer), items),
            walkVariant("raw", walker("raw", url, consumer), items),
          ],
          { rounds: size.consumerRounds, warmup: size.warmup },
        );
      const slow = await slowWalks(`${slowServer.url}/api/v1`);
      const slowInstant = await slowWalks(baseUrl);
      const memory = async (kind: Walker) =>
        startChild<RssReport>(import.meta.url, "paginationMemoryTask", { baseUrl, kind, items }, [
          "--expose-gc",
        ]).result;
      const rss = { ours: await memory("ours"), raw: await memory("raw") };

      const ms = (list: number[]) => median(list);
      const timeRatio = ms(plain.get("ours")!) / ms(plain.get("raw")!);
      const pagesRatio = ms(plain.get("ours-pages")!) / ms(plain.get("raw")!);
      const floorRatio = ms(plain.get("ours")!) / ms(plain.get("raw-request")!);
      const floorPagesRatio = ms(plain.get("ours-pages")!) / ms(plain.get("raw-request")!);
      const slowRatio = ms(slow.get("ours-prefetch")!) / ms(slow.get("raw")!);
      const instantRatio = ms(slowInstant.get("ours-prefetch")!) / ms(slowInstant.get("raw")!);
      const walkMs = (list: number[]) => `${ms(list).toFixed(0)} ms`;
      return [
        {
          benchmark: TITLE,
          measure: `ours / raw loop, ${items} items (time)`,
          ratio: timeRatio,
          format: "ratio",
          target: atMost(timeRatio, 0.9),
          spread: roundSpread(plain, "ours", "raw"),
          detail: `${walkMs(plain.get("ours")!)} vs ${walkMs(plain.get("raw")!)}`,
        },
        {
          benchmark: TITLE,
          measure: `ours .pages() / raw loop, ${items} items (time)`,
          ratio: pagesRatio,
          format: "ratio",
          target: atMost(pagesRatio, 0.8),
          spread: roundSpread(plain, "ours-pages", "raw"),
          detail: `${walkMs(plain.get("ours-pages")!)} vs ${walkMs(plain.get("raw")!)}`,
        },
        {
          benchmark: TITLE,
          measure: `ours / raw undici.request loop (floor), ${items} items (time)`,
          ratio: floorRatio,
          format: "ratio",
          target: atMost(floorRatio, FLOOR_TARGET),
          spread: roundSpread(plain, "ours", "raw-request"),
          detail: `${walkMs(plain.get("ours")!)} vs ${walkMs(plain.get("raw-request")!)}`,
        },
        {
          benchmark: TITLE,
          measure: `ours .pages() / raw undici.request loop (floor), ${items} items (time)`,
          ratio: floorPagesRatio,
          format: "ratio",
          target: atMost(floorPagesRatio, FLOOR_TARGET),
          spread: roundSpread(plain, "ours-pages", "raw-request"),
          detail: `${walkMs(plain.get("ours-pages")!)} vs ${walkMs(plain.get("raw-request")!)}`,
        },
        {
          benchmark: TITLE,
          measure: `ours prefetch / sequential raw loop, ${CONSUMER_MS} ms consumer, ${SERVER_MS} ms server per page`,
          ratio: slowRatio,
          format: "ratio",
          target: atMost(slowRatio, 0.7),
          spread: roundSpread(slow, "ours-prefetch", "raw"),
          detail: `${walkMs(slow.get("ours-prefetch")!)} vs ${walkMs(slow.get("raw")!)}`,
        },
        {
          benchmark: TITLE,
          measure: `same, instant server (floor ≈ ${CONSUMER_MS} / (${CONSUMER_MS} + round trip))`,
          ratio: instantRatio,
          format: "ratio",
          spread: roundSpread(slowInstant, "ours-prefetch", "raw"),
          detail: `${walkMs(slowInstant.get("ours-prefetch")!)} vs ${walkMs(slowInstant.get("raw")!)}`,
        },
        {
          benchmark: TITLE,
          measure: "ours / raw loop (peak RSS)",
          ratio: rss.ours.peakMb / rss.raw.peakMb,
          format: "ratio",
          target: atMost(rss.ours.peakMb / rss.raw.peakMb, 1.1),
          detail:
            `peak ${rss.ours.peakMb.toFixed(0)} MB vs ${rss.raw.peakMb.toFixed(0)} MB; growth ` +
            `${rss.ours.growthMb.toFixed(1)} MB vs ${rss.raw.growthMb.toFixed(1)} MB`,
        },
        {
          benchmark: TITLE,
          measure: "ours − raw loop (heap retained after a full GC)",
          ratio: rss.ours.retainedMb - rss.raw.retainedMb,
          format: "megabytes",
          target: atMost(rss.ours.retainedMb - rss.raw.retainedMb, 4, " MB"),
          detail: `retained ${rss.ours.retainedMb.toFixed(1)} MB vs ${rss.raw.retainedMb.toFixed(1)} MB`,
        },
      ] satisfies Figure[];
    } finally {
      await Promise.all([server.close(), slowServer.close()]);
    }
  },
};
