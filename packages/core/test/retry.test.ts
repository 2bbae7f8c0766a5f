import { afterEach, describe, expect, it, vi } from "vitest";
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

/**
 * Collects the client's `retry` events (the delay and cause of every retry, announced before each wait), and
 * its log lines for the checks that are about what a person reads.
 */
function retryLog(onRetry?: (delayMs: number) => void) {
  const delays: number[] = [];
  const causes: string[] = [];
  const lines: string[] = [];
  const write = (line: string) => {
    lines.push(line);
  };
  const watch = <C extends ReturnType<typeof client>>(c: C): C => {
    c.on("retry", (event) => {
      delays.push(event.delayMs);
      causes.push(event.error?.message ?? String(event.status));
      onRetry?.(event.delayMs);
    });
    return c;
  };
  return { delays, causes, lines, watch, logger: { debug: write, info: write, warn: write, error: write } };
}

/** The server's clock, which the tests keep apart from the client's (`Date`, which they skew). */
const serverClock = () => Math.floor(performance.timeOrigin + performance.now());

describe("retries", () => {
  it("waits for Retry-After on a 429, then succeeds", async () => {
    server = await startFaultServer(({ res, n }) =>
      n === 0
        ? json(res, 429, { detail: "Request was throttled." }, { "retry-after": "1" })
        : json(res, 200, DATASET),
    );
    const log = retryLog();
    const dataset = await getDataset(log.watch(client({ logger: log.logger })));
    expect(dataset.name).toBe("Highway LiDAR 2026");
    expect(server.received).toHaveLength(2);
    expect(log.delays).toEqual([1000]);
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  describe("server times measured on the response's Date, whatever the local clock", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it.each([
      ["ahead of", 5 * 60_000],
      ["behind", -5 * 60_000],
    ])("waits until X-RateLimit-Reset with a local clock 5 minutes %s the server's", async (_, skew) => {
      server = await startFaultServer(({ res, n }) => {
        const at = serverClock();
        if (n > 0) return json(res, 200, DATASET);
        const headers = {
          date: new Date(at).toUTCString(),
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(Math.floor(at / 1000) + 1),
        };
        return json(res, 429, { detail: "Request was throttled." }, headers);
      });
      vi.useFakeTimers({ toFake: ["Date"] }); // only the client's clock is off; timers stay real
      vi.setSystemTime(serverClock() + skew);
      const log = retryLog();
      // Ignoring the header would retry at once (a local clock ahead) or give up at once (behind: 5 min > 60 s).
      const dataset = await getDataset(log.watch(client({ logger: log.logger })));
      expect(dataset.uid).toBe(UID);
      expect(log.delays).toEqual([1000]);
      expect(server.received).toHaveLength(2);
    });

    it.each([
      ["ahead of", 5 * 60_000],
      ["behind", -5 * 60_000],
    ])(
      "reads an HTTP-date Retry-After and RateLimitError.retryAfter on the server's clock, local clock 5 minutes %s",
      async (_, skew) => {
        server = await startFaultServer(({ res, n }) => {
          const at = Math.floor(serverClock() / 1000) * 1000;
          const date = new Date(at).toUTCString();
          if (n === 0)
            return json(
              res,
              503,
              { detail: "maintenance" },
              { date, "retry-after": new Date(at + 2000).toUTCString() },
            );
          if (n === 1) return json(res, 200, DATASET);
          return json(res, 429, {}, { date, "x-ratelimit-reset": String(at / 1000 + 7) });
        });
        vi.useFakeTimers({ toFake: ["Date"] });
        vi.setSystemTime(serverClock() + skew);
        const log = retryLog();
        expect((await getDataset(log.watch(client({ logger: log.logger })))).uid).toBe(UID);
        expect(log.delays).toEqual([2000]);
        const limited = await getDataset(client({ maxRetries: 0 })).catch((e) => e);
        expect(limited).toBeInstanceOf(RateLimitError);
        expect(limited.retryAfter).toBe(7);
      },
    );
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
    // Fake timers, moved only while the first request hangs on purpose and when the client announces its retry
    // wait: the second attempt's own timeout never runs, however slowly the machine answers it.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      server = await startFaultServer(({ res, n }) => {
        if (n === 0)
          void vi.advanceTimersByTimeAsync(300); // never answered: only the timeout ends it
        else json(res, 200, DATASET);
      });
      const log = retryLog((delay) => void Promise.resolve().then(() => vi.advanceTimersByTimeAsync(delay)));
      const dataset = await getDataset(log.watch(client({ timeout: 300 })));
      expect(dataset.uid).toBe(UID);
      expect(server.received).toHaveLength(2);
      expect(log.causes[0]).toContain("timed out after 300 ms");
    } finally {
      vi.useRealTimers();
    }
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
    const log = retryLog();
    const error = await getDataset(log.watch(client({ logger: log.logger }))).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(3600);
    expect(server.received).toHaveLength(1);
    expect(log.delays).toEqual([]); // no wait at all
    expect(log.lines.join("\n")).toContain("server asked to wait 3600000 ms, more than maxRetryAfterMs");
  });

  it("stops waiting between attempts as soon as the signal aborts", async () => {
    server = await startFaultServer(({ res }) => json(res, 503, {}, { "retry-after": "60" }));
    const controller = new AbortController();
    // Aborted once the client has started its 60 s wait; a wait that ignored the signal would outlast the test.
    const log = retryLog(() => queueMicrotask(() => controller.abort()));
    const error = await getDataset(log.watch(client({ logger: log.logger })), {
      signal: controller.signal,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(log.delays).toEqual([60_000]);
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
