import { createProxyHandler, type NodeListener, toNodeListener } from "@avala/node";
import { type AvalaMock, startAvalaMock } from "@avala/testing";
import { type FakeApi, startFakeApi } from "./fake-api.js";

/** Where the browser reaches the API: the proxy's mount point on the app's own origin. */
export const PROXY_BASE_PATH = "/api/avala";

/**
 * The server-side key. Only the proxy knows it; the end-to-end test checks that no browser request, proxy input
 * or page ever carries it, and that every upstream request does.
 */
export const SERVER_API_KEY = "avk_example_server_side_only_6f1d2c";

/** Operations the browser may call through the proxy; everything else is answered 403 by the proxy. */
export const ALLOWED_OPERATIONS = [
  "listDatasets",
  "getDataset",
  "listDatasetItems",
  "createExport",
  "getExport",
  "listExports",
] as const;

/** What the proxy received from the browser. */
export interface ProxyLogEntry {
  method: string;
  path: string;
  /** The `X-Avala-Api-Key` header the browser sent, or null (the expected case). */
  apiKey: string | null;
  status: number;
}

/** The API side of the example: fake API ← Prism (validating proxy) ← proxy handler. */
export interface ApiStack {
  /** node:http listener of the proxy, to mount at {@link PROXY_BASE_PATH}. */
  listener: NodeListener;
  /** Requests the proxy received from the browser. */
  proxyLog: ProxyLogEntry[];
  fake: FakeApi;
  prism: AvalaMock;
  stop(): Promise<void>;
}

/**
 * Starts the fake API, Prism in proxy mode in front of it (validating requests and responses against the spec,
 * answering violations with errors), and the `@avala/node` proxy handler in front of Prism, holding the key.
 */
export async function startApiStack(): Promise<ApiStack> {
  const fake = await startFakeApi();
  let prism: AvalaMock;
  try {
    prism = await startAvalaMock({ proxyTo: fake.url });
  } catch (error) {
    await fake.close();
    throw error;
  }
  // The fake API's page links point at the API root its clients call, as Avala's point at api.avala.ai.
  fake.setPublicUrl(prism.url);
  // The proxy holds the key and points cursor-page links at itself, so the browser can follow them.
  const handler = createProxyHandler({
    apiKey: SERVER_API_KEY,
    allow: ALLOWED_OPERATIONS,
    basePath: PROXY_BASE_PATH,
    baseUrl: prism.url,
  });
  const proxyLog: ProxyLogEntry[] = [];
  const logged = async (request: Request) => {
    const response = await handler(request);
    proxyLog.push({
      method: request.method,
      path: new URL(request.url).pathname,
      apiKey: request.headers.get("x-avala-api-key"),
      status: response.status,
    });
    return response;
  };
  return {
    listener: toNodeListener(logged),
    proxyLog,
    fake,
    prism,
    async stop() {
      await prism.stop();
      await fake.close();
    },
  };
}
