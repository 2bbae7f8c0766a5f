import { describe, expect, it } from "vitest";
import { createClient, InvalidRequestError, UnsafeRedirectError } from "../src/index.js";
import { type FaultServer, json, useFaultServers } from "./support/fault-server.js";

const KEY = "avk_live_SECRET_0123456789";
const serve = useFaultServers();
const client = (server: FaultServer) =>
  createClient({ apiKey: KEY, baseUrl: server.baseUrl, limiter: false, maxRetries: 0 });
const DATASET = {
  uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17",
  name: "Highway LiDAR 2026",
  slug: "highway-lidar-2026",
  item_count: 1,
};

describe("redirects", () => {
  it.each([301, 302, 307, 308])(
    "does not follow a %i to another origin, names its host, and sends it nothing",
    async (status) => {
      const attacker = await serve(({ res }) => json(res, 200, DATASET));
      const api = await serve(({ res }) => {
        res.writeHead(status, { location: `${attacker.origin}/steal` });
        res.end();
      });
      const error = await client(api)
        .GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } })
        .catch((e) => e);
      expect(error).toBeInstanceOf(UnsafeRedirectError);
      expect(error.locationHost).toBe(new URL(attacker.origin).host);
      expect(error.message).toContain(new URL(attacker.origin).host);
      expect(attacker.received).toHaveLength(0);
    },
  );

  it("follows a same-origin redirect under the base URL with the key, re-sending a 307 body", async () => {
    const api = await serve(({ req, res }) => {
      if (req.url === "/api/v1/exports/") {
        res.writeHead(307, { location: "/api/v1/exports/v2/" });
        return res.end();
      }
      json(res, 201, { uid: "e1", status: "requested" });
    });
    const created = await client(api).POST("/exports/", { body: { name: "n" } });
    expect(created.uid).toBe("e1");
    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /api/v1/exports/",
      "POST /api/v1/exports/v2/",
    ]);
    expect(api.received[1]!.headers["x-avala-api-key"]).toBe(KEY);
    expect(JSON.parse(api.received[1]!.body)).toEqual({ name: "n" });
  });

  it("refuses a same-origin redirect outside the base path", async () => {
    const api = await serve(({ res }) => {
      res.writeHead(302, { location: "/admin/" });
      res.end();
    });
    await expect(client(api).GET("/datasets/")).rejects.toBeInstanceOf(UnsafeRedirectError);
    expect(api.received).toHaveLength(1);
  });
});

describe("the API key", () => {
  it("travels only in the X-Avala-Api-Key header, never in the URL", async () => {
    const api = await serve(({ res }) => json(res, 200, { next: null, previous: null, results: [] }));
    await client(api).GET("/datasets/", { params: { query: { name: "x" } } });
    expect(api.received[0]!.headers["x-avala-api-key"]).toBe(KEY);
    expect(api.received[0]!.url).not.toContain(KEY);
  });

  it("is read from a function before every attempt, so keys can rotate", async () => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    let n = 0;
    const avala = createClient({
      apiKey: async () => `avk_rotated_${++n}`,
      baseUrl: api.baseUrl,
      limiter: false,
    });
    await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(api.received.map((r) => r.headers["x-avala-api-key"])).toEqual(["avk_rotated_1", "avk_rotated_2"]);
  });

  it("sends no key at all with apiKey: null (a client of a proxy that adds the key)", async () => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    const avala = createClient({ apiKey: null, baseUrl: api.baseUrl, limiter: false });
    await avala.GET("/datasets/{uid}/", {
      params: { path: { uid: DATASET.uid } },
      headers: { "X-Avala-Api-Key": "avk_smuggled" },
    });
    expect(api.received[0]!.headers["x-avala-api-key"]).toBeUndefined();
  });

  it("replaces a key header set by middleware or per request, and is not sent to unauthenticated operations", async () => {
    const api = await serve(({ res }) => json(res, 201, { user: {}, api_key: "avk_new" }));
    const avala = client(api);
    await avala.POST("/signup/", {
      body: {
        email: "john.doe@acme-robotics.com",
        password: "correct horse battery",
        first_name: "John",
        last_name: "Doe",
      },
      headers: { "X-Avala-Api-Key": "avk_injected" },
    });
    expect(api.received[0]!.headers["x-avala-api-key"]).toBeUndefined();
  });
});

describe("path parameters", () => {
  it("encodes values so they cannot change the path", async () => {
    const api = await serve(({ res }) => json(res, 200, DATASET));
    const avala = client(api);
    for (const uid of ["../admin", "a/b", "x?y=1", "z#frag", "%2e%2e"]) {
      await avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
    }
    expect(api.received.map((r) => r.url)).toEqual([
      "/api/v1/datasets/..%2Fadmin/",
      "/api/v1/datasets/a%2Fb/",
      "/api/v1/datasets/x%3Fy%3D1/",
      "/api/v1/datasets/z%23frag/",
      "/api/v1/datasets/%252e%252e/",
    ]);
  });

  it.each(["..", ".", ""])(
    "refuses %j, which would address another resource, before sending anything",
    async (uid) => {
      const api = await serve(({ res }) => json(res, 200, DATASET));
      const error = await client(api)
        .GET("/datasets/{uid}/", { params: { path: { uid } } })
        .catch((e) => e);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.message).toContain('Path parameter "uid"');
      expect(api.received).toHaveLength(0);
    },
  );
});

describe("logging", () => {
  it("logs nothing by default and masks the key when a logger is given", async () => {
    const api = await serve(({ res, n }) =>
      n === 0 ? json(res, 503, { detail: `bad key ${KEY}` }) : json(res, 200, DATASET),
    );
    const lines: string[] = [];
    const sink = (line: string, details?: unknown) => lines.push(`${line} ${JSON.stringify(details ?? {})}`);
    const avala = createClient({
      apiKey: KEY,
      baseUrl: api.baseUrl,
      limiter: false,
      retry: { initialDelayMs: 1 },
      logger: { debug: sink, info: sink, warn: sink, error: sink },
      logLevel: "debug",
    });
    await avala.GET("/datasets/{uid}/", { params: { path: { uid: DATASET.uid } } });
    expect(lines.some((l) => l.includes("retrying GET"))).toBe(true);
    expect(lines.join("\n")).not.toContain(KEY);
  });
});
