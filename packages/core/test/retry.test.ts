import { afterEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIResponseParseError,
  APIUserAbortError,
  createClient,
  InternalServerError,
  RateLimitError,
} from "../src/index.js";
import { type FaultServer, json, startFaultServer } from "./support/fault-server.js";

const UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";
const DATASET = { uid: UID, name: "Highway LiDAR 2026", slug: "highway-lidar-2026", item_count: 1200 };
const fast = { initialDelayMs: 20, maxDelayMs: 100 };
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(extra: Parameters<typeof createClient>[0] extends infer O ? Partial<O> : never = {}) {
  return createClient({
    apiKey: "avk_test_retry",
    baseUrl: server!.baseUrl,
    limiter: false,
    retry: fast,
    ...extra,
  });
}
const getDataset = (c: ReturnType<typeof client>, init: { signal?: AbortSignal } = {}) =>
  c.GET("/datasets/{uid}/", { params: { path: { uid: UID } }, ...init });

describe("retries", () => {
  it("waits for Retry-After on a 429, then succeeds", async () => {
    server = await startFaultServer(({ res, n }) =>
      n === 0
        ? json(res, 429, { detail: "Request was throttled." }, { "retry-after": "1" })
        : json(res, 200, DATASET),
    );
    const started = Date.now();
    const dataset = await getDataset(client());
    expect(dataset.name).toBe("Highway LiDAR 2026");
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("honours an HTTP-date Retry-After and an X-RateLimit-Reset epoch", async () => {
    server = await startFaultServer(({ res, n }) => {
      if (n === 0)
        return json(
          res,
          503,
          { detail: "maintenance" },
          { "retry-after": new Date(Date.now() + 1500).toUTCString() },
        );
      if (n === 1)
        return json(
          res,
          429,
          {},
          { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 1) },
        );
      return json(res, 200, DATASET);
    });
    await getDataset(client());
    const [a, b, c] = server.received;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(400); // HTTP dates have 1 s resolution
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(1);
    expect(server.received).toHaveLength(3);
  });

  it("retries a burst of 503s with backoff and gives up with InternalServerError after maxRetries", async () => {
    server = await startFaultServer(({ res }) =>
      json(res, 503, { detail: "Service temporarily unavailable." }),
    );
    const error = await getDataset(client({ maxRetries: 3 })).catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(503);
    expect(error.message).toContain("Service temporarily unavailable.");
    expect(server.received).toHaveLength(4);
  });

  it("recovers from connection resets", async () => {
    server = await startFaultServer(({ req, res, n }) =>
      n < 2 ? req.socket.destroy() : json(res, 200, DATASET),
    );
    expect((await getDataset(client())).uid).toBe(UID);
    expect(server.received).toHaveLength(3);
  });

  it("surfaces a connection error once retries are exhausted", async () => {
    server = await startFaultServer(({ req }) => req.socket.destroy());
    const error = await getDataset(client({ maxRetries: 1 })).catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain(`GET /api/v1/datasets/${UID}/`);
    expect(server.received).toHaveLength(2);
  });

  it("does not retry POST by default, and re-sends the body intact when the caller opts in", async () => {
    server = await startFaultServer(({ res, n }) =>
      n < 2 ? json(res, 502, { detail: "bad gateway" }) : json(res, 201, { uid: "e1", status: "requested" }),
    );
    const body = { name: "Highway LiDAR – cuboids v3", format: "avala-json-external", datasets: [UID] };
    await expect(client().POST("/exports/", { body })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.received).toHaveLength(1);

    const created = await client().POST("/exports/", { body, retry: true });
    expect(created.uid).toBe("e1");
    expect(server.received).toHaveLength(3);
    expect(JSON.parse(server.received[1]!.body)).toEqual(body);
    expect(server.received[2]!.body).toBe(server.received[1]!.body);
    expect(server.received[2]!.headers["content-type"]).toBe("application/json");
  });

  it("times out slow headers per attempt and retries them", async () => {
    server = await startFaultServer(({ res, n }) => (n === 0 ? undefined : json(res, 200, DATASET)));
    const dataset = await getDataset(client({ timeout: 300 }));
    expect(dataset.uid).toBe(UID);
    expect(server.received).toHaveLength(2);
  });

  it("counts a slow body against the timeout and reports APIConnectionTimeoutError", async () => {
    server = await startFaultServer(({ res }) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"uid": "');
    });
    const error = await getDataset(client({ timeout: 200, maxRetries: 1 })).catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.timeoutMs).toBe(200);
    expect(server.received).toHaveLength(2);
  });

  it("throws RateLimitError at once when the server asks for a wait beyond maxRetryAfterMs", async () => {
    server = await startFaultServer(({ res }) =>
      json(
        res,
        429,
        { detail: "Request was throttled. Expected available in 3600 seconds." },
        { "retry-after": "3600" },
      ),
    );
    const started = Date.now();
    const error = await getDataset(client()).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(3600);
    expect(server.received).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("stops waiting between attempts as soon as the signal aborts", async () => {
    server = await startFaultServer(({ res }) => json(res, 503, {}, { "retry-after": "30" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await getDataset(client(), { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.received).toHaveLength(1);
  });
});

describe("bodies that are not what they claim", () => {
  it("maps an HTML 502 page from a proxy to InternalServerError that says the body was not JSON", async () => {
    server = await startFaultServer(({ res }) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    });
    const error = await getDataset(client({ maxRetries: 0 })).catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.message).toContain("non-JSON body (text/html)");
    expect(error.body).toBeUndefined();
  });

  it("reports a 2xx whose JSON is truncated as APIResponseParseError", async () => {
    server = await startFaultServer(({ res }) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"uid": "3f2c9a1e", "name": "High');
    });
    const error = await getDataset(client()).catch((e) => e);
    expect(error).toBeInstanceOf(APIResponseParseError);
    expect(error.status).toBe(200);
    expect(error.message).toContain(`GET /api/v1/datasets/${UID}/`);
  });

  it("retries a body cut off by the connection and succeeds", async () => {
    server = await startFaultServer(({ res, n }) => {
      if (n > 0) return json(res, 200, DATASET);
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"uid": "');
      setTimeout(() => res.destroy(), 20);
    });
    expect((await getDataset(client())).uid).toBe(UID);
    expect(server.received).toHaveLength(2);
  });
});
