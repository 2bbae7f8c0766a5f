import { createServer, request as httpRequest } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { ConfigurationError } from "@avala/core";
import { Agent, type Dispatcher } from "undici";
import { afterEach, describe, expect, inject, it } from "vitest";
import type {} from "../../testing/dist/vitest-global-setup.mjs";
import { createClient, packageVersion } from "../src/index.js";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("createClient (Node)", () => {
  it("reads AVALA_API_KEY and AVALA_BASE_URL when called without arguments", async () => {
    process.env.AVALA_API_KEY = "avk_from_env_123";
    process.env.AVALA_BASE_URL = inject("avalaMockUrl");
    const avala = createClient();
    expect(avala.baseUrl).toBe(inject("avalaMockUrl"));
    const dataset = await avala.GET("/datasets/{uid}/", {
      params: { path: { uid: "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17" } },
    });
    expect(dataset.slug).toBe("highway-lidar-2026");
  });

  it("fails at construction without a key, naming the option and the variable", () => {
    delete process.env.AVALA_API_KEY;
    const error = (() => {
      try {
        createClient();
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error?.message).toContain("`apiKey`");
    expect(error?.message).toContain("AVALA_API_KEY");
  });

  it("sends a User-Agent naming the package, its version and Node's", async () => {
    const agents: string[] = [];
    const server = createServer((req, res) => {
      agents.push(req.headers["user-agent"] ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ next: null, previous: null, results: [] }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const avala = createClient({ apiKey: "avk_ua_test", baseUrl: `http://127.0.0.1:${port}/api/v1` });
      await avala.GET("/datasets/");
      expect(agents[0]).toBe(
        `avala-node/${packageVersion} (node ${process.version}; ${process.platform} ${process.arch})`,
      );
    } finally {
      server.close();
    }
  });

  it("goes through HTTP_PROXY when the environment names one", async () => {
    const proxied: string[] = [];
    const proxy = createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      const target = new URL(req.url ?? "");
      const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    // Proxies tunnel with CONNECT (undici does so for http targets too).
    proxy.on("connect", (req, client, head) => {
      proxied.push(`CONNECT ${req.url}`);
      const [host, port] = (req.url ?? "").split(":");
      const upstream = connect(Number(port), host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    try {
      const { port } = proxy.address() as AddressInfo;
      process.env.HTTP_PROXY = `http://127.0.0.1:${port}`;
      process.env.NO_PROXY = "";
      const mock = inject("avalaMockUrl").replace("127.0.0.1", "localhost");
      const avala = createClient({ apiKey: "avk_proxy_test", baseUrl: mock, timeout: 5000, maxRetries: 0 });
      const page = await avala.GET("/datasets/");
      expect(page.results.length).toBeGreaterThan(0);
      const target = new URL(mock);
      expect(proxied.length).toBe(1);
      expect([`GET ${mock}/datasets/`, `CONNECT ${target.host}`]).toContain(proxied[0]);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it("sends requests through a dispatcher the caller supplies", async () => {
    const seen: string[] = [];
    const dispatcher = new Agent().compose((dispatch: Dispatcher["dispatch"]) => (options, handler) => {
      seen.push(`${options.method} ${options.path}`);
      return dispatch(options, handler);
    });
    const avala = createClient({
      apiKey: "avk_dispatcher_test",
      baseUrl: inject("avalaMockUrl"),
      dispatcher,
    });
    await avala.GET("/datasets/");
    expect(seen).toEqual(["GET /datasets/"]);
  });
});
