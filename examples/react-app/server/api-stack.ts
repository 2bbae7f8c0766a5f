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

/**
 * How the proxy learns the origin the browser sees, to point the rewritten page links at it — needed behind a
 * TLS-terminating reverse proxy, where requests reach this server as plain http on another host and port.
 */
export interface PublicOriginOptions {
  /** The origin the browser sees, e.g. `https://app.example.com` (preferred: nothing a client sends can change it). */
  publicOrigin?: string;
  /** Take it from `Forwarded`/`X-Forwarded-Proto`/`X-Forwarded-Host`; only behind a proxy that overwrites them. */
  trustForwardedHeaders?: boolean;
}

/**
 * The {@link PublicOriginOptions} from the environment: `AVALA_PUBLIC_ORIGIN` and `AVALA_TRUST_FORWARDED_HEADERS`
 * (`1`/`true` or `0`/`false`). Throws naming the variable when a value is not one of those.
 */
export function publicOriginFromEnv(env: NodeJS.ProcessEnv = process.env): PublicOriginOptions {
  const options: PublicOriginOptions = {};
  if (env.AVALA_PUBLIC_ORIGIN) options.publicOrigin = env.AVALA_PUBLIC_ORIGIN;
  const trust = env.AVALA_TRUST_FORWARDED_HEADERS?.trim().toLowerCase();
  if (trust === "1" || trust === "true") options.trustForwardedHeaders = true;
  else if (trust !== undefined && trust !== "" && trust !== "0" && trust !== "false") {
    throw new Error(
      `AVALA_TRUST_FORWARDED_HEADERS must be 1, true, 0 or false; got ${JSON.stringify(env.AVALA_TRUST_FORWARDED_HEADERS)}.`,
    );
  }
  return options;
}

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
export async function startApiStack(origin: PublicOriginOptions = {}): Promise<ApiStack> {
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
    ...origin,
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
