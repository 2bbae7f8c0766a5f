// Request options on every call (resource and path-style), response metadata (`withResponse`, `asResponse`,
// error headers), the client's events, and list pages — against real local servers.
import { describe, expect, it } from "vitest";
import {
  APIConnectionTimeoutError,
  APIPromise,
  APIUserAbortError,
  type ClientEvents,
  createLimiter,
  InternalServerError,
  InvalidRequestError,
  LimiterWaitTooLongError,
  NotFoundError,
  PaginationError,
} from "../src/index.js";
import { createClient } from "../src/resources/index.js";
import { json, page, useFaultServers } from "./support/fault-server.js";
import { transportUnderTest } from "./support/transport-under-test.js";

const startServer = useFaultServers();
const KEY = "avk_options_0123456789abcdef";
const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const fast = { initialDelayMs: 1, maxDelayMs: 2 };

function clientFor(baseUrl: string, options: { maxRetries?: number } = {}) {
  return createClient({ apiKey: KEY, baseUrl, transport: transportUnderTest(), retry: fast, ...options });
}

describe("request options", () => {
  it("timeout applies to one call only", async () => {
    const server = await startServer(({ req, res }) => {
      if (req.headers["x-stall"]) return; // never answers
      json(res, 200, { uid: UID });
    });
    const avala = clientFor(server.baseUrl, { maxRetries: 0 });
    await expect(
      avala.datasets.get(UID, { timeout: 50, headers: { "x-stall": "1" } }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await expect(avala.datasets.get(UID)).resolves.toEqual({ uid: UID });
  });

  it("maxRetries overrides the client's for one call, on resource and path-style calls", async () => {
    const server = await startServer(({ res }) => json(res, 503, { detail: "busy" }));
    const avala = clientFor(server.baseUrl, { maxRetries: 5 });
    await expect(avala.datasets.get(UID, { maxRetries: 1 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.received).toHaveLength(2);
    await expect(
      avala.GET("/datasets/{uid}/", { params: { path: { uid: UID } }, maxRetries: 0 }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(server.received).toHaveLength(3);
  });

  it("refuses a maxRetries that is not a non-negative integer, sending nothing", async () => {
    const server = await startServer(({ res }) => json(res, 200, {}));
    const avala = clientFor(server.baseUrl);
    await expect(avala.datasets.get(UID, { maxRetries: -1 })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.received).toHaveLength(0);
  });

  it("signal aborts the call", async () => {
    const server = await startServer(() => {});
    const avala = clientFor(server.baseUrl);
    const controller = new AbortController();
    const call = avala.datasets.get(UID, { signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("headers are sent with the call, the API key stays the client's", async () => {
    const server = await startServer(({ res }) => json(res, 200, { uid: UID }));
    const avala = clientFor(server.baseUrl);
    await avala.datasets.get(UID, { headers: { "X-Trace": "t-1" } });
    expect(server.received[0]!.headers["x-trace"]).toBe("t-1");
    expect(server.received[0]!.headers["x-avala-api-key"]).toBe(KEY);
  });

  it("a POST without an idempotency key is sent once; with one it is retried, the same key on every attempt", async () => {
    const server = await startServer(({ res }) => json(res, 503, { detail: "busy" }));
    const avala = clientFor(server.baseUrl, { maxRetries: 2 });
    await expect(avala.exports.create({ dataset: UID })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.headers["idempotency-key"]).toBeUndefined();

    await expect(
      avala.exports.create({ dataset: UID }, { idempotencyKey: "export-v3" }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(server.received).toHaveLength(4);
    expect(server.received.slice(1).map((r) => r.headers["idempotency-key"])).toEqual([
      "export-v3",
      "export-v3",
      "export-v3",
    ]);
  });

  it("retry: false wins over an idempotency key", async () => {
    const server = await startServer(({ res }) => json(res, 503, {}));
    const avala = clientFor(server.baseUrl, { maxRetries: 2 });
    await expect(
      avala.POST("/exports/", { body: { dataset: UID }, idempotencyKey: "k", retry: false }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(server.received).toHaveLength(1);
  });
});

describe("resource method arguments", () => {
  it("path parameters go positionally into the path, query parameters and body fields to their places", async () => {
    const server = await startServer(({ res }) => json(res, 200, page("", [], null)));
    const avala = clientFor(server.baseUrl);
    await avala.datasets.listItems("acme robotics", "lidar/2026", { limit: 5 });
    expect(server.received[0]!.url).toBe("/api/v1/datasets/acme%20robotics/lidar%2F2026/items/?limit=5");
    await avala.agents.update(UID, { name: "qa", is_active: false });
    expect(server.received[1]!.method).toBe("PATCH");
    expect(JSON.parse(server.received[1]!.body)).toEqual({ name: "qa", is_active: false });
  });

  it("an array body is the params argument itself", async () => {
    const server = await startServer(({ res }) => json(res, 200, {}));
    const avala = clientFor(server.baseUrl);
    const edits: Parameters<typeof avala.annotations.bulkEdit>[2] = [{ action: "delete", object_uuid: UID }];
    await avala.annotations.bulkEdit("acme-robotics", "highway", edits);
    expect(JSON.parse(server.received[0]!.body)).toEqual(edits);
  });

  it("a missing path parameter is refused before sending", async () => {
    const server = await startServer(({ res }) => json(res, 200, {}));
    const avala = clientFor(server.baseUrl);
    // @ts-expect-error the uid is required
    await expect(avala.datasets.get()).rejects.toBeInstanceOf(InvalidRequestError);
    expect(server.received).toHaveLength(0);
  });

  it("options other than the request options are not passed on (no base URL or fetch option from there)", async () => {
    const server = await startServer(({ res }) => json(res, 200, { uid: UID }));
    const avala = clientFor(server.baseUrl);
    const sneaky = { baseUrl: "http://127.0.0.1:9/", cache: "no-store", timeout: 5_000 };
    await expect(avala.datasets.get(UID, sneaky as object)).resolves.toEqual({ uid: UID });
    expect(server.received).toHaveLength(1);
  });
});

describe("response metadata", () => {
  it("withResponse() gives the data and the response; asResponse() the response; the call is sent once", async () => {
    const server = await startServer(({ res }) =>
      json(res, 200, { uid: UID }, { "x-request-id": "req-1", "x-ratelimit-remaining": "99" }),
    );
    const avala = clientFor(server.baseUrl);
    const call = avala.datasets.get(UID);
    expect(call).toBeInstanceOf(APIPromise);
    expect(call).toBeInstanceOf(Promise);
    const { data, response } = await call.withResponse();
    expect(data).toEqual({ uid: UID });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(await response.json()).toEqual({ uid: UID });
    expect(await call).toEqual({ uid: UID });
    const raw = await call.asResponse();
    expect(raw.headers.get("x-ratelimit-remaining")).toBe("99");
    expect(server.received).toHaveLength(1);

    const viaPath = await avala.GET("/datasets/{uid}/", { params: { path: { uid: UID } } }).withResponse();
    expect(viaPath.response.status).toBe(200);
  });

  it("a 204 gives undefined data and a response without a body", async () => {
    const server = await startServer(({ res }) => res.writeHead(204).end());
    const avala = clientFor(server.baseUrl);
    const { data, response } = await avala.webhooks.delete(UID).withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(204);
  });

  it("errors carry the response headers, with the API key masked", async () => {
    const server = await startServer(({ res }) =>
      json(res, 404, { detail: "Not found." }, { "x-request-id": "req-404", "x-echo": `key ${KEY}` }),
    );
    const avala = clientFor(server.baseUrl);
    const error = await avala.datasets.get(UID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const headers = (error as NotFoundError).headers;
    expect(headers["x-request-id"]).toBe("req-404");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-echo"]).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
    await expect(avala.datasets.get(UID).withResponse()).rejects.toBeInstanceOf(NotFoundError);
    await expect(avala.datasets.get(UID).finally(() => {})).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("client events", () => {
  it("report each attempt, its response and the retry between them", async () => {
    const server = await startServer(({ res, n }) =>
      n === 0 ? json(res, 503, {}, { "retry-after": "0" }) : json(res, 200, { uid: UID }),
    );
    const avala = clientFor(server.baseUrl);
    const events: [keyof ClientEvents, unknown][] = [];
    for (const name of ["request", "response", "retry", "rateLimit"] as const) {
      avala.on(name, (event) => events.push([name, event]));
    }
    await avala.datasets.get(UID);
    const path = `/api/v1/datasets/${UID}/`;
    expect(events.map(([name]) => name)).toEqual(["request", "response", "retry", "request", "response"]);
    expect(events[0]![1]).toEqual({ method: "GET", path, attempt: 1 });
    expect(events[1]![1]).toMatchObject({ method: "GET", path, attempt: 1, status: 503 });
    expect(events[2]![1]).toEqual({ method: "GET", path, attempt: 1, delayMs: 0, status: 503 });
    expect(events[4]![1]).toMatchObject({ attempt: 2, status: 200 });
  });

  it("unsubscribe stops the listener; a throwing listener does not break the call", async () => {
    const server = await startServer(({ res }) => json(res, 200, { uid: UID }));
    const avala = clientFor(server.baseUrl);
    let seen = 0;
    const off = avala.on("request", () => {
      seen++;
    });
    avala.on("response", () => {
      throw new Error("listener bug");
    });
    await avala.datasets.get(UID);
    off();
    await expect(avala.datasets.get(UID)).resolves.toEqual({ uid: UID });
    expect(seen).toBe(1);
  });
});

describe("rate-limit events and the per-call wait bound", () => {
  it("a wait for a window is reported with the rule that held the attempt", async () => {
    const server = await startServer(({ res }) => json(res, 200, { uid: UID }));
    const limiter = createLimiter({ rules: { tiny: { requests: 1, windowSeconds: 0.05, scope: "all" } } });
    const avala = createClient({
      apiKey: KEY,
      baseUrl: server.baseUrl,
      transport: transportUnderTest(),
      limiter,
    });
    const events: ClientEvents["rateLimit"][] = [];
    const order: string[] = [];
    avala.on("rateLimit", (event) => {
      events.push(event);
      order.push(event.kind);
    });
    avala.on("request", () => order.push("request"));
    await Promise.all([avala.datasets.get(UID), avala.datasets.get(UID)]);
    expect(events).toEqual([expect.objectContaining({ kind: "wait", reason: "tiny", attempt: 1 })]);
    // The held attempt is reported before it goes out, after the one the window let through.
    expect(order).toEqual(["request", "wait", "request"]);
  });

  it("a response that exhausts the window pauses the limiter: a pause event, and maxWaitMs refuses at once", async () => {
    const server = await startServer(({ res }) =>
      json(
        res,
        200,
        { uid: UID },
        {
          date: new Date().toUTCString(),
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 30),
        },
      ),
    );
    const avala = createClient({
      apiKey: KEY,
      baseUrl: server.baseUrl,
      transport: transportUnderTest(),
      limiter: createLimiter(),
    });
    const events: ClientEvents["rateLimit"][] = [];
    avala.on("rateLimit", (event) => events.push(event));
    await avala.datasets.get(UID);
    expect(events).toEqual([expect.objectContaining({ kind: "pause", reason: "remaining-zero" })]);
    const refused = await avala.datasets.get(UID, { maxWaitMs: 10 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LimiterWaitTooLongError);
    // The refusal foresees what is left of the pause the event announced: never more than it.
    expect((refused as LimiterWaitTooLongError).expectedWaitMs).toBeLessThanOrEqual(events[0]!.ms);
    expect(server.received).toHaveLength(1);
  });
});

describe("list methods", () => {
  function threePages(origin: string, url: string) {
    const base = "/api/v1/datasets/";
    const cursor = new URL(url, origin).searchParams.get("cursor");
    if (cursor === null) return page(origin, [{ uid: "a" }, { uid: "b" }], `${base}?cursor=p2`);
    if (cursor === "p2") return page(origin, [{ uid: "c" }], `${base}?cursor=p3`, base);
    return page(origin, [{ uid: "d" }], null, `${base}?cursor=p2`);
  }

  it("await gives the first page; getNextPage() follows next; for await yields every item; pages() every page", async () => {
    const server = await startServer(({ req, res }) => json(res, 200, threePages(server.origin, req.url!)));
    const avala = clientFor(server.baseUrl);
    const first = await avala.datasets.list({ limit: 2 });
    expect(first.results.map((d) => d.uid)).toEqual(["a", "b"]);
    expect(first.items).toBe(first.results);
    expect(first.hasNextPage()).toBe(true);
    expect(first.nextCursor).toBe("p2");
    const second = await first.getNextPage();
    expect(second.results.map((d) => d.uid)).toEqual(["c"]);
    expect(server.received[1]!.url).toBe("/api/v1/datasets/?cursor=p2");

    const items: string[] = [];
    for await (const dataset of avala.datasets.list({ limit: 2 })) items.push(dataset.uid);
    expect(items).toEqual(["a", "b", "c", "d"]);

    const sizes: number[] = [];
    for await (const p of avala.datasets.list({ limit: 2 }).pages()) sizes.push(p.results.length);
    expect(sizes).toEqual([2, 1, 1]);
    const last = await (await (await avala.datasets.list()).getNextPage()).getNextPage();
    expect(last.hasNextPage()).toBe(false);
    await expect(last.getNextPage()).rejects.toBeInstanceOf(PaginationError);
  });

  it("a next link off the API's origin is not followed (the key stays home)", async () => {
    const server = await startServer(({ res }) =>
      json(res, 200, page(server.origin, [{ uid: "a" }], "https://evil.example/api/v1/datasets/?cursor=x")),
    );
    const avala = clientFor(server.baseUrl);
    const first = await avala.datasets.list();
    await expect(first.getNextPage()).rejects.toBeInstanceOf(PaginationError);
    expect(server.received).toHaveLength(1);
  });

  it("a next link that repeats stops the walk instead of looping", async () => {
    const server = await startServer(({ res }) =>
      json(res, 200, page(server.origin, [{ uid: "a" }], "/api/v1/datasets/?cursor=same")),
    );
    const avala = clientFor(server.baseUrl);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const dataset of avala.datasets.list()) seen.push(dataset.uid);
      })(),
    ).rejects.toBeInstanceOf(PaginationError);
    expect(seen.length).toBeLessThanOrEqual(3);
  });
});
