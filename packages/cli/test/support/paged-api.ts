// A stand-in for a paginated list of the API: `GET /api/v1/datasets/` answers `pages` pages of `perPage`
// datasets, each page linking the next one by its cursor (`?cursor=<page number>`, as opaque to the client as the
// API's own). A page can be held back until the test says so (`holdPage`), to order a test's steps by events.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A running paged API; see the module comment. */
export interface PagedApi {
  /** The API root to pass as `AVALA_BASE_URL`, e.g. `http://127.0.0.1:41234/api/v1`. */
  readonly baseUrl: string;
  /** The cursor of page `n` (1-based) as the API writes it into `next` links; page 1 has none. */
  cursorOf(n: number): string;
  /** Answers page `n` only once `until` has settled. */
  holdPage(n: number, until: Promise<unknown>): void;
  /** Query strings of the requests received, in order. */
  readonly queries: URLSearchParams[];
  close(): Promise<void>;
}

/** Name of the `i`-th dataset (0-based) over all pages. */
export const datasetName = (i: number) => `dataset ${i}`;

/** Starts the stand-in on 127.0.0.1. A `limit` query parameter overrides `perPage`, as the API's does. */
export async function startPagedApi(options: { pages: number; perPage: number }): Promise<PagedApi> {
  const held = new Map<number, Promise<unknown>>();
  const queries: URLSearchParams[] = [];
  // A cursor with a space and a quote: continuing commands must quote it for the shell.
  const cursorOf = (n: number) => `page ${n}'s cursor`;
  let baseUrl = "";
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    queries.push(url.searchParams);
    const cursor = url.searchParams.get("cursor");
    const page = cursor === null ? 1 : Number(/^page (\d+)/.exec(cursor)?.[1] ?? "0");
    const perPage = Number(url.searchParams.get("limit") ?? options.perPage);
    if (page < 1 || page > options.pages) {
      res.writeHead(400, { "Content-Type": "application/json" }).end('{"detail":"Invalid cursor."}');
      return;
    }
    await held.get(page);
    const first = (page - 1) * perPage;
    const results = Array.from({ length: perPage }, (_, i) => ({
      uid: `00000000-0000-4000-8000-${String(first + i).padStart(12, "0")}`,
      name: datasetName(first + i),
    }));
    const next =
      page < options.pages ? `${baseUrl}/datasets/?cursor=${encodeURIComponent(cursorOf(page + 1))}` : null;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ next, previous: null, results }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return {
    baseUrl,
    cursorOf,
    holdPage: (n, until) => held.set(n, until),
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
