import {
  type AvalaClient,
  type ClientOptions,
  ConfigurationError,
  createClient as createCoreClient,
  createLimiter,
} from "@avala/core";
import { type AvalaResources, withResources } from "@avala/core/resources";
import type { Dispatcher } from "undici";
import { createDispatcher, type DispatcherOptions, rememberDispatcher } from "./dispatcher.js";
import { createUndiciTransport } from "./transport/undici-transport.js";
import { userAgent } from "./user-agent.js";

/** Options of the Node `createClient()`: core's options, all optional, plus transport settings. */
export interface NodeClientOptions extends Omit<ClientOptions, "apiKey" | "limiter">, DispatcherOptions {
  /** API key or a function returning it. Default: the `AVALA_API_KEY` environment variable. */
  apiKey?: ClientOptions["apiKey"];
  /** API root. Default: `AVALA_BASE_URL`, else `https://api.avala.ai/api/v1`. */
  baseUrl?: string;
  /** An undici dispatcher to use instead of the built-in keep-alive, proxy-aware one. */
  dispatcher?: Dispatcher;
  /**
   * Client-side rate limiter, in core's form: a `RateLimiter` from `createLimiter()` (with options there; share
   * one between clients to share the budget), or `false` for none. On by default here, with the spec's limits.
   */
  limiter?: ClientOptions["limiter"];
}

/** Environment variables read by {@link createClient}. */
export const ENV = { apiKey: "AVALA_API_KEY", baseUrl: "AVALA_BASE_URL" } as const;

/**
 * Creates a client of the Avala API for Node.js. With no arguments it reads `AVALA_API_KEY` and
 * `AVALA_BASE_URL`, and sends requests over a keep-alive undici dispatcher that honours proxy variables.
 *
 * The client has both call styles: resource methods named as the official SDKs name them
 * (`avala.datasets.get(uid)`) and path-style methods (`avala.GET("/datasets/{uid}/", …)`).
 *
 * @example
 * const avala = createClient();
 * for await (const dataset of avala.datasets.list()) console.log(dataset.name);
 */
export function createClient(options: NodeClientOptions = {}): AvalaNodeClient {
  const { dispatcher: given, connections, ca, keepAliveTimeout, limiter, ...rest } = options;
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
  // Requests go straight to undici's dispatcher, not through fetch, unless the caller brings a fetch or transport.
  const transport =
    rest.fetch === undefined && rest.transport === undefined
      ? createUndiciTransport(dispatcher)
      : rest.transport;
  const client = createCoreClient({
    ...rest,
    apiKey,
    ...(baseUrl ? { baseUrl } : {}),
    ...(transport ? { transport } : {}),
    limiter: limiter ?? createLimiter(),
    headers: { "User-Agent": userAgent(), ...rest.headers },
  });
  // Uploads and downloads next to the client go through the same dispatcher (proxy variables, `ca`).
  rememberDispatcher(client, dispatcher);
  return withResources(client);
}

/** The client {@link createClient} returns: core's client with every resource method. */
export type AvalaNodeClient = AvalaClient & AvalaResources;

/**
 * The client as a class, for code written against the official TypeScript SDK (`new Avala()`, `new Avala({
 * apiKey })`): `new Avala(options)` is {@link createClient}`(options)`, the same object and options.
 */
export interface Avala extends AvalaNodeClient {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface types what the constructor returns
export class Avala {
  constructor(options?: NodeClientOptions) {
    // biome-ignore lint/correctness/noConstructorReturn: the client is made by createClient
    return createClient(options) as Avala;
  }
}
