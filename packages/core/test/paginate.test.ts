import { describe, expect, it } from "vitest";
import { APIUserAbortError, createClient, PaginationError } from "../src/index.js";
import { type FaultServer, json, page, useFaultServers } from "./support/fault-server.js";

const serve = useFaultServers();

const ds = (i: number) => ({
  uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  name: `dataset ${i}`,
  slug: `d${i}`,
  item_count: i,
});

/** A list of `total` datasets in pages of `size`, linked by opaque cursors the server invents. */
function pagedServer(total: number, size: number, delayMs = 0) {
  return serve(async ({ req, res }) => {
    const url = new URL(req.url ?? "/", "http://x");
    const start = Number(url.searchParams.get("cursor")?.replace("c", "") ?? 0);
    const results = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, k) =>
      ds(start + k),
    );
    const next = start + size < total ? `/api/v1/datasets/?cursor=c${start + size}&limit=${size}` : null;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    json(res, 200, page(`http://${req.headers.host}`, results, next));
  });
}

const client = (server: FaultServer) =>
  createClient({ apiKey: "avk_page_key", baseUrl: server.baseUrl, limiter: false });

describe("paginate", () => {
  it("yields every item across pages and follows next links exactly as sent", async () => {
    const server = await pagedServer(7, 3);
    const names: string[] = [];
    for await (const dataset of client(server).paginate("/datasets/", { params: { query: { limit: 3 } } }))
      names.push(dataset.name);
    expect(names).toEqual(Array.from({ length: 7 }, (_, i) => `dataset ${i}`));
    expect(server.received.map((r) => r.url)).toEqual([
      "/api/v1/datasets/?limit=3",
      "/api/v1/datasets/?cursor=c3&limit=3",
      "/api/v1/datasets/?cursor=c6&limit=3",
    ]);
    expect(server.received.every((r) => r.headers["x-avala-api-key"] === "avk_page_key")).toBe(true);
  });

  it("yields pages with the official SDKs' CursorPage fields", async () => {
    const server = await pagedServer(5, 3);
    const pages = [];
    for await (const p of client(server)
      .paginate("/datasets/", { params: { query: { limit: 3 } } })
      .pages())
      pages.push(p);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatchObject({ hasMore: true, nextCursor: "c3", previous: null, previousCursor: null });
    expect(pages[0]!.items).toHaveLength(3);
    expect(pages[1]).toMatchObject({ hasMore: false, next: null, nextCursor: null });
  });

  it("respects maxItems and maxPages and fetches no further page than needed", async () => {
    const server = await pagedServer(100, 10);
    const items = await client(server).paginate("/datasets/", { maxItems: 15 }).toArray();
    expect(items).toHaveLength(15);
    expect(server.received).toHaveLength(2);
    const pages = [];
    for await (const p of client(server).paginate("/datasets/", { maxPages: 3 }).pages()) pages.push(p);
    expect(pages).toHaveLength(3);
    expect(server.received).toHaveLength(5);
  });

  it("stops fetching when the consumer breaks out of the loop", async () => {
    const server = await pagedServer(100, 10);
    const avala = client(server);
    const sent: string[] = [];
    avala.on("request", (event) => sent.push(event.path));
    let seen = 0;
    for await (const _ of avala.paginate("/datasets/")) {
      if (++seen === 12) break;
    }
    // A call made after the loop, through the same pipeline: a page request still under way would have gone on
    // the wire before it, so the order of the client's events shows it (no waiting for one to arrive).
    await avala.GET("/datasets/{uid}/", { params: { path: { uid: "after-the-loop" } } });
    expect(sent).toEqual(["/api/v1/datasets/", "/api/v1/datasets/", "/api/v1/datasets/after-the-loop/"]);
  });

  it("ends cleanly on an empty page, even when it carries a next link", async () => {
    const server = await serve(({ req, res }) =>
      json(res, 200, page(`http://${req.headers.host}`, [], "/api/v1/datasets/?cursor=more")),
    );
    expect(await client(server).paginate("/datasets/").toArray()).toEqual([]);
    expect(server.received).toHaveLength(1);
  });

  it("refuses a next link on another origin and never contacts it", async () => {
    const elsewhere = await serve(({ res }) => json(res, 200, page("", [], null)));
    const server = await serve(({ res }) =>
      json(res, 200, page("", [ds(1)], `${elsewhere.origin}/api/v1/datasets/?cursor=x`)),
    );
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of client(server).paginate("/datasets/")) items.push(item);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.message).toContain(new URL(elsewhere.origin).host);
    expect(items).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });

  it("refuses a next link outside the base path on the same origin", async () => {
    const server = await serve(({ req, res }) =>
      json(res, 200, page(`http://${req.headers.host}`, [ds(1)], "/admin/datasets/?cursor=x")),
    );
    await expect(client(server).paginate("/datasets/").toArray()).rejects.toBeInstanceOf(PaginationError);
    expect(server.received).toHaveLength(1);
  });

  it("stops with an error instead of looping when next repeats a fetched page", async () => {
    const server = await serve(({ req, res }) =>
      json(res, 200, page(`http://${req.headers.host}`, [ds(1)], "/api/v1/datasets/?cursor=same")),
    );
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of client(server).paginate("/datasets/")) items.push(item);
    })().catch((e) => e);
    expect(items).toHaveLength(2);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.message).toContain("already fetched");
    expect(server.received).toHaveLength(2);
  });

  it("prefetches the next page while the consumer works on the current one", async () => {
    const server = await pagedServer(30, 10);
    const avala = client(server);
    /** Resolves once the server has received `n` requests (waits on the server, not on a clock). */
    const received = async (n: number) => {
      while (server.received.length < n) await new Promise((r) => setImmediate(r));
    };
    // Without prefetch nothing is requested while the consumer holds a page.
    for await (const p of avala.paginate("/datasets/").pages()) {
      expect(p.items).toHaveLength(10);
      await new Promise((r) => setImmediate(r));
      expect(server.received).toHaveLength(1);
      break;
    }
    // With it, the next page is requested before the consumer is done with the current one (this would wait forever
    // otherwise).
    let pages = 0;
    for await (const p of avala.paginate("/datasets/", { prefetch: true }).pages()) {
      expect(p.items).toHaveLength(10);
      pages += 1;
      if (pages < 3) await received(1 + pages + 1);
    }
    expect(pages).toBe(3);
    expect(server.received).toHaveLength(4);
  });

  it("aborts the iteration and the request in flight when the signal aborts", async () => {
    const controller = new AbortController();
    let closed!: () => void;
    const requestClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = await serve(({ req, res }) => {
      if (req.url?.includes("cursor")) {
        res.on("close", () => closed());
        controller.abort(); // the second page is in flight and never answered
        return;
      }
      json(res, 200, page(`http://${req.headers.host}`, [ds(0)], "/api/v1/datasets/?cursor=c1"));
    });
    const error = await client(server)
      .paginate("/datasets/", { signal: controller.signal })
      .toArray()
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await requestClosed; // the client dropped the request it had in flight
    expect(server.received).toHaveLength(2);
  });

  it("rejects invalid limits with a clear error", () => {
    const avala = createClient({ apiKey: "k_123456", baseUrl: "http://127.0.0.1:1/api/v1" });
    expect(() => avala.paginate("/datasets/", { maxItems: 0 })).toThrow(
      /maxItems must be a positive integer/,
    );
  });
});

describe("client.page", () => {
  it("fetches the first page, then the page at a next link exactly as sent", async () => {
    const server = await pagedServer(5, 3);
    const avala = client(server);
    const first = await avala.page("/datasets/", { params: { query: { limit: 3 } } });
    expect(first.items.map((d) => d.name)).toEqual(["dataset 0", "dataset 1", "dataset 2"]);
    const second = await avala.page("/datasets/", undefined, first.next);
    expect(second).toMatchObject({ hasMore: false, next: null });
    expect(server.received.map((r) => r.url)).toEqual([
      "/api/v1/datasets/?limit=3",
      "/api/v1/datasets/?cursor=c3&limit=3",
    ]);
  });

  it("refuses a next link off the base URL without sending anything", async () => {
    const server = await pagedServer(5, 3);
    await expect(
      client(server).page("/datasets/", undefined, "https://evil.example/api/v1/datasets/?cursor=x"),
    ).rejects.toBeInstanceOf(PaginationError);
    expect(server.received).toHaveLength(0);
  });
});
