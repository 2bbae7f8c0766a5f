import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createProxyHandler, type FetchHandler, type ProxyFetch, toNodeListener } from "@avala/node";
import { type AvalaMock, startAvalaMock } from "@avala/testing";
import { catalog } from "@avala/types/catalog";
import sirv from "sirv";
import type { DocsServerInfo } from "../src/site.ts";

/** Where "Test Request" goes on the docs server's origin. */
export const API_BASE_PATH = "/api";

/** The key the proxy sends to the local mock (the mock wants one; it is no secret and reaches no real API). */
const MOCK_API_KEY = "avk_local_mock";

/** Options of {@link startDocsServer}. */
export interface DocsServerOptions {
  /** The built site (`docs/dist`). */
  siteDir: string;
  /**
   * `"mock"`: a Prism mock of the spec answers (no key, no network). `"api"`: the real API answers, through
   * `@avala/node`'s proxy handler, which adds `apiKey` on the server.
   */
  target: "mock" | "api";
  /** The API key for `"api"` (e.g. `process.env.AVALA_API_KEY`); the browser never sees it. */
  apiKey?: string;
  /** API root for `"api"`. Default `https://api.avala.ai/api/v1`. */
  baseUrl?: string;
  /** fetch the proxy uses upstream (tests). Default: `@avala/node`'s transport. */
  fetch?: ProxyFetch;
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** A running docs server. */
export interface DocsServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** The mock behind the proxy, in `"mock"` mode. */
  mock: AvalaMock | undefined;
  stop(): Promise<void>;
}

/**
 * Serves the static reference and, at {@link API_BASE_PATH} on the same origin, `@avala/node`'s proxy handler
 * for every operation of the spec, in front of a Prism mock or of the real API. The handler holds the key and
 * forwards only the headers the API reads (never a key the browser sends); the page learns where to send
 * "Test Request" from `docs-server.json`.
 */
export async function startDocsServer(options: DocsServerOptions): Promise<DocsServer> {
  if (options.target === "api" && !options.apiKey) {
    throw new Error(
      "The docs server needs an API key to call the real API: set AVALA_API_KEY (it stays on the server), or leave AVALA_DOCS_TARGET unset to try the local mock.",
    );
  }
  const mock = options.target === "mock" ? await startAvalaMock() : undefined;
  const handler: FetchHandler = createProxyHandler({
    apiKey: mock ? MOCK_API_KEY : options.apiKey!,
    allow: catalog.map((op) => op.operationId),
    basePath: API_BASE_PATH,
    ...(mock ? { baseUrl: mock.url, limiter: false } : options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const info: DocsServerInfo = {
    apiUrl: API_BASE_PATH.slice(1),
    description: mock
      ? "Local mock of the API (answers with the spec's examples; no key needed)"
      : "The Avala API through this docs server (it adds the key)",
  };
  const api = toNodeListener(handler);
  const assets = sirv(options.siteDir, { etag: true, dev: false });
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === API_BASE_PATH || path.startsWith(`${API_BASE_PATH}/`)) return api(req, res);
    if (path === "/docs-server.json") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(info));
      return;
    }
    assets(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
    });
  });
  const host = options.host ?? "127.0.0.1";
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, resolve);
    });
  } catch (error) {
    await mock?.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    mock,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mock?.stop();
    },
  };
}
