// Why its own servers: the proxy handler is tested as a server between a browser and the API, so the upstream
// must misbehave at the socket level (redirects off the API's origin, echoed secrets, streamed bodies the browser
// abandons, 429s that pause the limiter) and record exactly what reached it, which the shared mock (Prism) would
// refuse or not expose.
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { toNodeListener } from "../../src/proxy/node-adapter.js";
import { createProxyHandler, type ProxyHandlerOptions } from "../../src/proxy/proxy-handler.js";

/** A node:http server on a free loopback port. */
export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts `listener` on 127.0.0.1 and returns its URL (no trailing slash). */
export async function listen(listener: RequestListener): Promise<RunningServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One request as the recording upstream received it. */
export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  rawHeaders: string[];
  body: Buffer;
}

/**
 * A local upstream that records every request (method, path, headers, body) and answers with `respond`
 * (default: 200 `{"ok":true}`), to assert exactly what the proxy sent.
 */
export async function recordingUpstream(
  respond: (req: IncomingMessage, res: ServerResponse, recorded: Recorded) => void = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"ok":true}');
  },
): Promise<RunningServer & { requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const running = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: Recorded = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      requests.push(recorded);
      respond(req, res, recorded);
    });
  });
  return Object.assign(running, { requests });
}

/** A raw node:http client response: no decompression, no header normalisation beyond Node's. */
export interface RawResponse {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** Sends one request with node:http (unlike fetch it adds no headers of its own and keeps hop-by-hop ones). */
export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Resolves once `condition()` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The server-side API key the proxies of these tests hold. */
export const SERVER_KEY = "avk_server_side_key_123";

/**
 * Servers for one test file, closed after each test: `proxy(options)` runs a proxy handler (the server's key, no
 * operations allowed and no limiter unless `options` say otherwise) behind a real node:http server and returns
 * its public base URL; `upstream(...)` starts a recording upstream; `track(server)` closes any other server too.
 */
export function useProxyServers() {
  const open: RunningServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const track = <S extends RunningServer>(server: S): S => {
    open.push(server);
    return server;
  };
  return {
    track,
    async proxy(options: Partial<ProxyHandlerOptions> & { baseUrl: string }): Promise<string> {
      const handler = createProxyHandler({
        apiKey: SERVER_KEY,
        allow: [],
        basePath: "/api/avala",
        limiter: false,
        ...options,
      });
      const server = track(await listen(toNodeListener(handler)));
      return `${server.url}/api/avala`;
    },
    upstream: async (...args: Parameters<typeof recordingUpstream>) =>
      track(await recordingUpstream(...args)),
  };
}
