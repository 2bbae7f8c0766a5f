// createBaseClient: the typed methods and page() over the same pipeline as createClient, without raw, middleware
// and paginate (so a browser bundle does not carry them); what it cannot build it refuses before sending.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type AvalaBaseClient,
  ConfigurationError,
  createBaseClient,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
} from "../src/index.js";
import { type FaultServer, json, useFaultServers } from "./support/fault-server.js";

const KEY = "avk_live_BASESECRET_0123456789";
const serve = useFaultServers();
const base = (server: FaultServer, options: { maxRetries?: number } = {}) =>
  createBaseClient({ apiKey: KEY, baseUrl: server.baseUrl, limiter: false, maxRetries: 0, ...options });
const DATASET = { uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17", name: "Highway LiDAR 2026" };

describe("createBaseClient", () => {
  it("has the typed methods and page(), and none of raw, use, eject or paginate", async () => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    const avala: AvalaBaseClient = base(api);
    expect(Object.keys(avala).sort()).toEqual(
      ["DELETE", "GET", "PATCH", "POST", "PUT", "baseUrl", "limiter", "on", "page", "request"].sort(),
    );
    expect(avala.baseUrl).toBe(api.baseUrl);
    expect(JSON.stringify(avala)).not.toContain(KEY);
  });

  it("sends a typed GET with the key in its header, never in the URL, and resolves the data", async () => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    const data = await base(api).GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(data).toEqual(DATASET);
    expect(api.received).toHaveLength(1);
    expect(api.received[0]!.headers["x-avala-api-key"]).toBe(KEY);
    expect(api.received[0]!.url).toBe(`/api/v1/datasets/${DATASET.uid}/`);
  });

  it("sends call headers given as a plain object or a Headers instance, over the client's", async () => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    const avala = createBaseClient({
      apiKey: KEY,
      baseUrl: api.baseUrl,
      limiter: false,
      headers: { "x-team": "a" },
    });
    const init = { params: { path: { uid: DATASET.uid } } };
    await avala.GET("/datasets/{uid}/", { ...init, headers: { "X-Team": "b" } });
    await avala.GET("/datasets/{uid}/", { ...init, headers: new Headers({ "x-team": "c" }) });
    await avala.GET("/datasets/{uid}/", init);
    expect(api.received.map((r) => r.headers["x-team"])).toEqual(["b", "c", "a"]);
  });

  it("sends a JSON body and throws core's typed errors", async () => {
    const api = await serve(({ req, res }) =>
      req.method === "POST" ? json(res, 404, { detail: "No such project." }) : json(res, 200, {}),
    );
    const error = await base(api)
      .POST("/exports/", { body: { project: "p1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain("No such project.");
    expect(api.received[0]!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(api.received[0]!.body)).toEqual({ project: "p1" });
  });

  it("retries through the same pipeline (a 429 with Retry-After, then the data)", async () => {
    let calls = 0;
    const api = await serve(({ res }) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(429, { "retry-after": "0", "content-type": "application/json" });
        return res.end(JSON.stringify({ detail: "Slow down." }));
      }
      return json(res, 200, DATASET);
    });
    const data = await base(api, { maxRetries: 1 }).GET("/datasets/{uid}/", {
      params: { path: { uid: DATASET.uid } },
    });
    expect(data).toEqual(DATASET);
    expect(api.received).toHaveLength(2);
    const once = base(api, { maxRetries: 0 });
    calls = 0;
    await expect(
      once.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } }),
    ).rejects.toBeInstanceOf(RateLimitError);
  });

  it("loads pages with page(), following a next link under the base URL", async () => {
    const api = await serve(({ req, res }) => {
      const second = req.url?.includes("cursor=c2");
      json(res, 200, {
        next: second ? null : `${api.baseUrl}/datasets/?cursor=c2`,
        previous: null,
        results: [second ? { uid: "b" } : { uid: "a" }],
      });
    });
    const avala = base(api);
    const first = await avala.page("/datasets/");
    expect(first.items).toEqual([{ uid: "a" }]);
    expect(first.nextCursor).toBe("c2");
    const second = await avala.page("/datasets/", undefined, first.next);
    expect(second.items).toEqual([{ uid: "b" }]);
    expect(second.hasMore).toBe(false);
    expect(api.received.map((r) => r.url)).toEqual(["/api/v1/datasets/", "/api/v1/datasets/?cursor=c2"]);
  });

  it("builds what it can send as text: a bodySerializer returning a string, querySerializer options", async () => {
    const api = await serve(({ res }) => json(res, 200, {}));
    const call = base(api).POST as unknown as (path: string, init: object) => Promise<unknown>;
    await call("/exports/", {
      body: { project: "p1" },
      bodySerializer: (b: unknown) => JSON.stringify({ wrapped: b }),
      params: { query: { ids: [1, 2] } },
      querySerializer: { array: { style: "form", explode: false } },
    });
    expect(api.received[0]!.url).toBe("/api/v1/exports/?ids=1,2");
    expect(JSON.parse(api.received[0]!.body)).toEqual({ wrapped: { project: "p1" } });
  });

  it.each([
    ["parseAs", { parseAs: "text" }],
    ["per-call middleware", { middleware: [{ onRequest: () => undefined }] }],
    ["a FormData body", { body: new FormData() }],
    ["a fetch option", { cache: "no-store" }],
  ])("refuses %s with InvalidRequestError naming createClient, and sends nothing", async (_what, init) => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    const call = base(api).POST as unknown as (path: string, init: object) => Promise<unknown>;
    const error = await call("/exports/", init).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toContain("createClient()");
    expect(api.received).toHaveLength(0);
  });

  it("refuses middleware at construction with ConfigurationError", () => {
    let error: unknown;
    try {
      // @ts-expect-error -- the types refuse middleware too; this is for callers they do not reach.
      createBaseClient({ apiKey: KEY, middleware: [{ onRequest: () => undefined }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe("middleware");
    expect((error as Error).message).toContain("createClient()");
  });

  it("validates its options like createClient", () => {
    expect(() => createBaseClient({ apiKey: KEY, baseUrl: "http://api.example.com/api/v1" })).toThrow(
      ConfigurationError,
    );
    expect(() => createBaseClient({ apiKey: "" })).toThrow(ConfigurationError);
  });
});

describe("a relative baseUrl (a same-origin proxy path)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("is resolved against the page's location in a browser, and requests go there", async () => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    const origin = new URL(api.baseUrl).origin;
    vi.stubGlobal("location", new URL(`${origin}/app/datasets?tab=1`));
    const avala = createBaseClient({ apiKey: null, baseUrl: "/api/v1", limiter: false });
    expect(avala.baseUrl).toBe(`${origin}/api/v1`);
    await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(api.received[0]!.url).toBe(`/api/v1/datasets/${DATASET.uid}/`);
    expect(api.received[0]!.headers["x-avala-api-key"]).toBeUndefined();
  });

  it("is a ConfigurationError asking for an absolute URL where there is no page (Node)", () => {
    expect(globalThis.location).toBeUndefined();
    let error: unknown;
    try {
      createBaseClient({ apiKey: null, baseUrl: "/api/avala" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe("baseUrl");
    expect((error as Error).message).toMatch(/absolute URL such as https:\/\/api\.avala\.ai\/api\/v1/);
    expect((error as Error).message).toContain('"/api/avala"');
  });
});
