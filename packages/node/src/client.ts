import {
  type AvalaClient,
  type ClientOptions,
  ConfigurationError,
  createClient as createCoreClient,
} from "@avala/core";
import type { Dispatcher } from "undici";
import { createDispatcher, type DispatcherOptions, rememberDispatcher } from "./dispatcher.js";
import { dispatcherFetch } from "./dispatcher-fetch.js";
import { userAgent } from "./user-agent.js";

/** Options of the Node `createClient()`: core's options, all optional, plus transport settings. */
export interface NodeClientOptions extends Omit<ClientOptions, "apiKey">, DispatcherOptions {
  /** API key or a function returning it. Default: the `AVALA_API_KEY` environment variable. */
  apiKey?: ClientOptions["apiKey"];
  /** API root. Default: `AVALA_BASE_URL`, else `https://api.avala.ai/api/v1`. */
  baseUrl?: string;
  /** An undici dispatcher to use instead of the built-in keep-alive, proxy-aware one. */
  dispatcher?: Dispatcher;
}

/** Environment variables read by {@link createClient}. */
export const ENV = { apiKey: "AVALA_API_KEY", baseUrl: "AVALA_BASE_URL" } as const;

/**
 * Creates a client of the Avala API for Node.js. With no arguments it reads `AVALA_API_KEY` and
 * `AVALA_BASE_URL`, and sends requests over a keep-alive undici dispatcher that honours proxy variables.
 *
 * @example
 * const avala = createClient();
 * for await (const dataset of avala.paginate("/datasets/")) console.log(dataset.name);
 */
export function createClient(options: NodeClientOptions = {}): AvalaClient {
  const { dispatcher: given, connections, ca, keepAliveTimeout, ...rest } = options;
  const apiKey = rest.apiKey === undefined ? process.env[ENV.apiKey] : rest.apiKey;
  if (apiKey === undefined || apiKey === "") {
    throw new ConfigurationError(
      "apiKey",
      `Missing API key: pass \`apiKey\` to createClient() or set the ${ENV.apiKey} environment variable. ` +
        "Keys are created in Mission Control → Settings → Security.",
    );
  }
  const envBaseUrl = process.env[ENV.baseUrl];
  const baseUrl = rest.baseUrl ?? (envBaseUrl === "" ? undefined : envBaseUrl);
  const dispatcher = given ?? createDispatcher({ connections, ca, keepAliveTimeout });
  const fetch = rest.fetch ?? dispatcherFetch(dispatcher);
  const client = createCoreClient({
    ...rest,
    apiKey,
    ...(baseUrl ? { baseUrl } : {}),
    fetch,
    headers: { "User-Agent": userAgent(), ...rest.headers },
  });
  // Uploads and downloads next to the client go through the same dispatcher (proxy variables, `ca`).
  rememberDispatcher(client, dispatcher);
  return client;
}
