import { createHash } from "node:crypto";
import { request } from "node:http";
import { gzipSync } from "node:zlib";
import { ConfigurationError, createLimiter } from "@avala/core";
import { describe, expect, inject, it, vi } from "vitest";
import type {} from "../../../testing/dist/vitest-global-setup.mjs";
import { toNodeListener } from "../../src/proxy/node-adapter.js";
import { createProxyHandler, type ProxyHandlerOptions } from "../../src/proxy/proxy-handler.js";
import { listen, rawRequest, SERVER_KEY, useProxyServers, waitFor } from "./servers.js";

const { proxy, upstream, track } = useProxyServers();

describe("createProxyHandler in front of the Prism mock", () => {
  it("forwards an allowed GET with path parameters and query and returns Prism's JSON", async () => {
    const base = await proxy({ baseUrl: inject("avalaMockUrl"), allow: ["listDatasetItems"] });
    const path = "/datasets/acme-robotics/highway-lidar-2026/items/?limit=2";
    const viaProxy = await fetch(`${base}${path}`);
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.headers.get("content-type")).toContain("application/json");
    const direct = await fetch(`${inject("avalaMockUrl")}${path}`, {
      headers: { "X-Avala-Api-Key": SERVER_KEY },
    });
    const body = (await viaProxy.json()) as { results: unknown[] };
    expect(body).toEqual(await direct.json());
    expect(body.results.length).toBeGreaterThan(0);
  });

  it("passes a POST body through (Prism validates it against the spec)", async () => {
    const base = await proxy({ baseUrl: inject("avalaMockUrl"), allow: ["POST /exports/"] });
    const response = await fetch(`${base}/exports/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "v3",
        format: "avala-json-external",
        datasets: ["3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17"],
      }),
    });
    expect(response.status).toBeLessThan(300);
    expect(await response.json()).toHaveProperty("uid");
  });

  it("Prism refuses what the proxy sends without a server key: the key really is the server's", async () => {
    const base = await proxy({
      baseUrl: inject("avalaMockUrl"),
      allow: ["listDatasets"],
      apiKey: () => SERVER_KEY,
    });
    expect((await fetch(`${base}/datasets/`, { headers: { "X-Avala-Api-Key": "" } })).status).toBe(200);
    const direct = await fetch(`${inject("avalaMockUrl")}/datasets/`);
    expect(direct.status).toBe(401);
  });
});

describe("createProxyHandler in front of a recording upstream", () => {
  it("forwards exactly the path, query and body, with only the server's key", async () => {
    const up = await upstream();
    const base = await proxy({ baseUrl: `${up.url}/api/v1`, allow: ["createExport", "getDataset"] });
    const body = JSON.stringify({ name: "ünïcode ✓", format: "YOLO", datasets: ["a"] });
    const response = await rawRequest(`${base}/exports/?dry=1&x=%2F`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-avala-api-key": "avk_from_the_browser",
        cookie: "session=browser-session",
        authorization: "Bearer browser-token",
        "x-custom": "kept",
      },
      body,
    });
    expect(response.status).toBe(200);
    const seen = up.requests[0]!;
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/api/v1/exports/?dry=1&x=%2F");
    expect(seen.body.toString()).toBe(body);
    expect(seen.headers["x-avala-api-key"]).toBe(SERVER_KEY);
    expect(seen.rawHeaders.filter((h) => h.toLowerCase() === "x-avala-api-key")).toHaveLength(1);
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers["x-custom"]).toBeUndefined();
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(JSON.stringify(seen.rawHeaders)).not.toContain("avk_from_the_browser");
    expect(JSON.stringify(seen.rawHeaders)).not.toContain("browser-session");

    await rawRequest(`${base}/datasets/3f2c%2F9a/`);
    expect(up.requests[1]?.url).toBe("/api/v1/datasets/3f2c%2F9a/");
  });

  it("answers 403 JSON for an operation not allowed, and the upstream sees nothing", async () => {
    const up = await upstream();
    const base = await proxy({ baseUrl: up.url, allow: ["listDatasets"] });
    const response = await rawRequest(`${base}/exports/`, { method: "POST", body: '{"name":"x"}' });
    expect(response.status).toBe(403);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(response.body.toString())).toEqual({
      detail: "createExport (POST /exports/) is not allowed through this proxy.",
      code: "operation_not_allowed",
    });
    const other = await rawRequest(`${base}/datasets/abc/`);
    expect(other.status).toBe(403);
    expect(up.requests).toHaveLength(0);
  });

  it("answers 404 JSON outside basePath or for a path that is no operation", async () => {
    const up = await upstream();
    const base = await proxy({ baseUrl: up.url, allow: ["listDatasets"] });
    const origin = new URL(base).origin;
    for (const url of [
      `${origin}/elsewhere/datasets/`,
      `${origin}/api/avalanche/datasets/`,
      `${base}/nope/`,
      `${base}/datasets`,
    ]) {
      const response = await rawRequest(url);
      expect(response.status, url).toBe(404);
      expect(JSON.parse(response.body.toString()).code).toBe("not_found");
    }
    // Dot segments are resolved before matching, so they cannot reach an operation that is not allowed.
    expect((await rawRequest(`${base}/datasets/x/%2e%2e/`)).status).toBe(200);
    expect(up.requests.map((r) => r.url)).toEqual(["/datasets/"]);
  });

  it("strips hop-by-hop headers both ways, and content-encoding/length of a body fetch decoded", async () => {
    const json = JSON.stringify({ results: Array.from({ length: 200 }, (_, i) => ({ i })) });
    const up = await upstream((_req, res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "keep-alive": "timeout=77",
        "proxy-authenticate": "Basic",
        trailer: "x-checksum",
        connection: "x-upstream-hop",
        "x-upstream-hop": "1",
        "x-request-id": "req_123",
        "set-cookie": "upstream=1",
      });
      res.end(gzipSync(json));
    });
    const base = await proxy({ baseUrl: up.url, allow: ["listDatasets"] });
    const response = await rawRequest(`${base}/datasets/`, {
      headers: {
        connection: "keep-alive, x-browser-hop",
        "x-browser-hop": "1",
        "keep-alive": "timeout=5",
        te: "trailers",
        "proxy-authorization": "Basic abc",
        "accept-encoding": "gzip, br, zstd",
      },
    });
    const sent = up.requests[0]!.headers;
    for (const name of ["x-browser-hop", "keep-alive", "te", "proxy-authorization"])
      expect(sent[name], name).toBeUndefined();
    expect(sent["accept-encoding"]).not.toContain("zstd");
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe(json);
    for (const name of [
      "content-encoding",
      "proxy-authenticate",
      "trailer",
      "x-upstream-hop",
      "set-cookie",
    ]) {
      expect(response.headers[name], name).toBeUndefined();
    }
    // Node's server may add its own Keep-Alive/Connection for the browser's connection, but not the upstream's.
    expect(response.headers["keep-alive"]).not.toBe("timeout=77");
    expect(response.headers.connection ?? "").not.toContain("x-upstream-hop");
    expect(response.headers["x-request-id"]).toBe("req_123");
    expect(response.headers["content-length"]).toBeUndefined();
  });

  it("streams a 20 MB response intact", async () => {
    const chunk = Buffer.alloc(64 * 1024);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) % 251;
    const count = 320; // 20 MiB
    const expected = createHash("sha256");
    for (let i = 0; i < count; i++) expected.update(chunk);
    const up = await upstream(async (_req, res) => {
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": String(chunk.length * count),
      });
      for (let i = 0; i < count; i++) {
        if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
      }
      res.end();
    });
    const base = await proxy({ baseUrl: up.url, allow: ["getExport"] });
    const response = await rawRequest(`${base}/exports/abc/`);
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(chunk.length * count);
    expect(response.headers["content-length"]).toBe(String(chunk.length * count));
    expect(createHash("sha256").update(response.body).digest("hex")).toBe(expected.digest("hex"));
  });

  it("does not follow redirects; passes one under the API root (rewritten to the proxy), refuses others", async () => {
    let location = "";
    const up = await upstream((_req, res) => {
      res.writeHead(302, { location });
      res.end();
    });
    const base = await proxy({ baseUrl: `${up.url}/api/v1`, allow: ["listDatasets"] });
    location = `${up.url}/api/v1/datasets/?cursor=abc`;
    const inside = await rawRequest(`${base}/datasets/`);
    expect(inside.status).toBe(302);
    expect(inside.headers.location).toBe("/api/avala/datasets/?cursor=abc");
    for (const target of ["https://evil.example/api/v1/datasets/", `${up.url}/admin/`, "//evil.example/x"]) {
      location = target;
      const refused = await rawRequest(`${base}/datasets/`);
      expect(refused.status, target).toBe(502);
      expect(JSON.parse(refused.body.toString()).code).toBe("unsafe_redirect");
      expect(refused.headers.location).toBeUndefined();
    }
    expect(up.requests).toHaveLength(4);
  });

  it("answers 502 JSON when the upstream cannot be reached", async () => {
    const up = await upstream();
    const dead = up.url;
    await up.close();
    const base = await proxy({ baseUrl: dead, allow: ["listDatasets"] });
    const response = await rawRequest(`${base}/datasets/`);
    expect(response.status).toBe(502);
    expect(JSON.parse(response.body.toString()).code).toBe("upstream_unreachable");
  });

  it("validates its options at construction", () => {
    const make = (options: Partial<ProxyHandlerOptions>) => () =>
      createProxyHandler({ apiKey: SERVER_KEY, allow: [], basePath: "/p", ...options });
    expect(make({ allow: ["listDatasets", "nope", "PUT /datasets/"] })).toThrow(/"nope", "PUT \/datasets\/"/);
    expect(make({ allow: ["nope"] })).toThrow(ConfigurationError);
    expect(make({ apiKey: "" })).toThrow(ConfigurationError);
    expect(make({ baseUrl: "http://api.avala.ai/api/v1" })).toThrow(/https/);
    expect(make({ basePath: "api" })).toThrow(ConfigurationError);
  });
});

describe("createProxyHandler with a limiter", () => {
  it("holds upstream concurrency of export creations to the cap, counting the body while it streams", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const up = await upstream(async (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.writeHead(201, { "content-type": "application/json" });
      res.write('{"uid":');
      await new Promise((r) => setTimeout(r, 80));
      res.end('"x"}');
      res.once("close", () => inFlight--);
    });
    const limiter = createLimiter({ rules: {}, concurrency: { exports: { maxConcurrent: 2 } } });
    const base = await proxy({ baseUrl: up.url, allow: ["createExport"], limiter });
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => rawRequest(`${base}/exports/`, { method: "POST", body: "{}" })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(responses.every((r) => r.body.toString() === '{"uid":"x"}')).toBe(true);
    expect(maxInFlight).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 80);
  });

  it("spaces requests by the sliding window", async () => {
    let arrived = 0;
    const up = await upstream((_req, res) => {
      arrived += 1;
      res.end("{}");
    });
    const limiter = createLimiter({
      rules: { tiny: { requests: 3, windowSeconds: 0.3, scope: "all" } },
      safetyMargin: 0,
      safetyMarginMs: 0,
    });
    const base = await proxy({ baseUrl: up.url, allow: ["listDatasets"], limiter });
    /** Waits on events (real setImmediate), never on the clock. */
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setImmediate(r));
    };
    // The limiter's clock is fake and moves only once the upstream has everything the window admits, so what
    // reaches the upstream when is decided by the limiter, not by how fast the machine delivers it.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const responses = Promise.all(Array.from({ length: 7 }, () => rawRequest(`${base}/datasets/`)));
      for (const admitted of [3, 6]) {
        await until(() => arrived === admitted && limiter.pending === 7 - admitted);
        await vi.advanceTimersByTimeAsync(299);
        expect(limiter.pending).toBe(7 - admitted); // nothing more before the window has passed
        await vi.advanceTimersByTimeAsync(1);
      }
      await until(() => arrived === 7);
      expect((await responses).every((r) => r.status === 200)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("pauses after a 429 from the upstream", async () => {
    const arrivals: number[] = [];
    const up = await upstream((_req, res) => {
      arrivals.push(Date.now());
      res.writeHead(arrivals.length === 1 ? 429 : 200, { "retry-after": "1" });
      res.end("{}");
    });
    const limiter = createLimiter({ rules: {} });
    const base = await proxy({ baseUrl: up.url, allow: ["listDatasets"], limiter });
    expect((await rawRequest(`${base}/datasets/`)).status).toBe(429);
    expect((await rawRequest(`${base}/datasets/`)).status).toBe(200);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(900);
  });
});

describe("toNodeListener", () => {
  it("aborts the upstream request when the client disconnects while waiting for the answer", async () => {
    let upstreamClosed = false;
    const up = await upstream((_req, res) => {
      res.once("close", () => {
        upstreamClosed = true;
      });
      // never answers
    });
    const base = await proxy({ baseUrl: up.url, allow: ["listDatasets"] });
    const req = request(`${base}/datasets/`, { agent: false });
    req.on("error", () => {});
    req.end();
    await waitFor(() => up.requests.length === 1);
    req.destroy();
    await waitFor(() => upstreamClosed, 3000);
  });

  it("aborts the upstream body when the client disconnects mid-stream, and releases the limiter slot", async () => {
    let upstreamClosed = 0;
    const up = await upstream((_req, res) => {
      res.writeHead(201);
      const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024)), 5);
      res.once("close", () => {
        clearInterval(timer);
        upstreamClosed++;
      });
    });
    const limiter = createLimiter({ rules: {}, concurrency: { exports: { maxConcurrent: 1 } } });
    const base = await proxy({ baseUrl: up.url, allow: ["createExport"], limiter });
    for (let round = 1; round <= 2; round++) {
      // With a cap of 1, the second round only starts if the first released its slot.
      await new Promise<void>((resolve, reject) => {
        const req = request(`${base}/exports/`, { method: "POST", agent: false }, (res) => {
          res.once("data", () => {
            req.destroy();
            resolve();
          });
        });
        req.on("error", () => {});
        req.once("timeout", () => reject(new Error("no response")));
        req.end("{}");
      });
      await waitFor(() => upstreamClosed === round, 3000);
    }
  });

  it("serves Express-style mounting: req.url stripped, req.originalUrl full, basePath = mount path", async () => {
    const up = await upstream();
    const listener = toNodeListener(
      createProxyHandler({
        apiKey: SERVER_KEY,
        allow: ["listDatasets"],
        basePath: "/api/avala",
        baseUrl: up.url,
        limiter: false,
      }),
    );
    const server = await listen((req, res) => {
      // What `app.use("/api/avala", listener)` does before calling the middleware.
      const originalUrl = req.url ?? "/";
      Object.assign(req, { originalUrl, url: originalUrl.slice("/api/avala".length) || "/" });
      listener(req, res);
    });
    track(server);
    const response = await rawRequest(`${server.url}/api/avala/datasets/?limit=1`);
    expect(response.status).toBe(200);
    expect(up.requests[0]?.url).toBe("/datasets/?limit=1");
  });

  it("streams a request body through without buffering it first", async () => {
    const up = await upstream((_req, res, recorded) => {
      res.end(
        JSON.stringify({
          bytes: recorded.body.length,
          sha: createHash("sha256").update(recorded.body).digest("hex"),
        }),
      );
    });
    const base = await proxy({ baseUrl: up.url, allow: ["createDatasetFromManualUpload"] });
    const payload = Buffer.alloc(5 * 1024 * 1024, 7);
    const response = await rawRequest(`${base}/datasets/manual-upload/`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: payload,
    });
    expect(JSON.parse(response.body.toString())).toEqual({
      bytes: payload.length,
      sha: createHash("sha256").update(payload).digest("hex"),
    });
    expect(up.requests[0]?.headers["content-length"]).toBe(String(payload.length));
  });
});

describe("cursor pages through the proxy", () => {
  it("points next/previous links at the proxy so a browser client can follow them", async () => {
    let upstreamRoot = "";
    const up = await upstream((req, res) => {
      const page = req.url?.includes("cursor=p2")
        ? { next: null, previous: `${upstreamRoot}/datasets/?limit=1`, results: [{ uid: "b" }] }
        : { next: `${upstreamRoot}/datasets/?cursor=p2&limit=1`, previous: null, results: [{ uid: "a" }] };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(page));
    });
    upstreamRoot = `${up.url}/api/v1`;
    const base = await proxy({ baseUrl: upstreamRoot, allow: ["listDatasets"] });
    const first = (await (await fetch(`${base}/datasets/?limit=1`)).json()) as {
      next: string;
      results: unknown[];
    };
    expect(first.next).toBe(`${base}/datasets/?cursor=p2&limit=1`);
    const second = (await (await fetch(first.next)).json()) as {
      next: null;
      previous: string;
      results: { uid: string }[];
    };
    expect(second.results[0]?.uid).toBe("b");
    expect(second.previous).toBe(`${base}/datasets/?limit=1`);
    expect(up.requests.map((r) => r.url)).toEqual([
      "/api/v1/datasets/?limit=1",
      "/api/v1/datasets/?cursor=p2&limit=1",
    ]);
  });

  it("leaves links that are not under the API root alone", async () => {
    const up = await upstream((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          next: "https://elsewhere.example/api/v1/datasets/?cursor=x",
          previous: null,
          results: [],
        }),
      );
    });
    const base = await proxy({ baseUrl: `${up.url}/api/v1`, allow: ["listDatasets"] });
    const page = (await (await fetch(`${base}/datasets/`)).json()) as { next: string };
    expect(page.next).toBe("https://elsewhere.example/api/v1/datasets/?cursor=x");
  });
});
