import {
  type ApiKeySource,
  type AvalaBaseClient,
  type AvalaClient,
  type BaseClientOptions,
  type ClientOptions,
  ConfigurationError,
  createBaseClient,
  createClient,
} from "@avala/core";
import { BrowserApiKeyError } from "./browser-api-key-error.js";
import { isBrowser } from "./environment.js";

/** Options of {@link createAvalaClient}: core's `ClientOptions`, with `apiKey` optional for proxy use. */
export interface AvalaClientOptions extends Omit<ClientOptions, "apiKey" | "baseUrl"> {
  /**
   * The API key. Leave it out in a browser and set `baseUrl` to your proxy (`createProxyHandler` of
   * `@avala/node`), which adds the key on the server. Refused in a browser unless `dangerouslyAllowBrowserApiKey`.
   */
  apiKey?: ApiKeySource;
  /**
   * API root, or the proxy's mount point. In a browser a path (`"/api/avala"`) is resolved against the page's
   * origin. Required when `apiKey` is left out.
   */
  baseUrl?: string;
  /**
   * Allows an `apiKey` in a browser, where every visitor can read it. Only for trusted local tools; never for a
   * site others can open.
   */
  dangerouslyAllowBrowserApiKey?: boolean;
}

/**
 * Options of the client {@link AvalaProvider} makes: {@link AvalaClientOptions} as core's `createBaseClient()`
 * takes them: no `middleware`, and `limiter` a `RateLimiter` from `createLimiter()` or `false`.
 */
export interface AvalaProviderOptions
  extends Omit<AvalaClientOptions, "middleware" | "limiter">,
    Pick<BaseClientOptions, "middleware" | "limiter"> {}

/**
 * Creates a core client for React, safely in browsers:
 *
 * - without `apiKey`: a client for a proxy at `baseUrl` (required) that holds the key; requests carry no key;
 * - with `apiKey` in a browser: throws {@link BrowserApiKeyError} unless `dangerouslyAllowBrowserApiKey: true`;
 * - with `apiKey` on a server (SSR, route handlers, loaders): an ordinary core client.
 *
 * @example
 * const avala = createAvalaClient({ baseUrl: "/api/avala" }); // in the browser, behind createProxyHandler
 */
export function createAvalaClient(options: AvalaClientOptions): AvalaClient {
  return browserSafe(options, createClient);
}

/**
 * The client `AvalaProvider` makes from `options`: the same checks, core's smaller `AvalaBaseClient`.
 *
 * @internal
 */
export function createProviderClient(options: AvalaProviderOptions): AvalaBaseClient {
  // The options' type already keeps to what createBaseClient takes; it checks them again at run time.
  return browserSafe(
    options as AvalaClientOptions,
    createBaseClient as (options: ClientOptions) => AvalaBaseClient,
  );
}

function browserSafe<Client>(
  options: AvalaClientOptions,
  create: (options: ClientOptions) => Client,
): Client {
  // A path such as "/api/avala" is resolved against the page by core, as for any client made in a browser.
  const { apiKey, baseUrl, dangerouslyAllowBrowserApiKey, ...rest } = options ?? {};
  if (apiKey !== undefined) {
    if (isBrowser() && dangerouslyAllowBrowserApiKey !== true) throw new BrowserApiKeyError();
    return create({
      ...rest,
      apiKey,
      ...(baseUrl === undefined ? {} : { baseUrl }),
    });
  }
  if (baseUrl === undefined) {
    throw new ConfigurationError(
      "baseUrl",
      'Without an apiKey, set baseUrl to the proxy that adds the key on the server (e.g. "/api/avala", served ' +
        "by createProxyHandler from @avala/node).",
    );
  }
  // No key at all: the proxy adds the server's key (and drops any a browser sends).
  return create({ ...rest, apiKey: null, baseUrl });
}
