import { ConfigurationError } from "../errors/configuration-error.js";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The API root every request must stay under: same origin, path starting with `prefix`.
 *
 * @internal
 */
export interface ApiRoot {
  /** Normalised base URL without a trailing slash, e.g. `https://api.avala.ai/api/v1`. */
  readonly href: string;
  readonly origin: string;
  /** Path prefix with a trailing slash, e.g. `/api/v1/`. */
  readonly prefix: string;
}

/**
 * Validates a base URL as `createClient` does — https, or http only on loopback; no credentials, query or
 * fragment — and splits it into origin and path prefix. A path (`/api/avala`, a same-origin proxy) is resolved
 * against `location` where there is one (a browser); elsewhere it is refused. Invalid values are a
 * `ConfigurationError` on `baseUrl`.
 *
 * @internal
 */
export function parseBaseUrl(value: unknown): ApiRoot {
  let url: URL;
  try {
    if (typeof value !== "string") throw value;
    url = new URL(value, globalThis.location?.href);
  } catch {
    throw new ConfigurationError(
      "baseUrl",
      `baseUrl is not a valid absolute URL such as https://api.avala.ai/api/v1: ${JSON.stringify(value)}.`,
    );
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new ConfigurationError(
      "baseUrl",
      `baseUrl must use https (http only for localhost, 127.0.0.1 and [::1]); got ${url.protocol}//${url.host}.`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigurationError(
      "baseUrl",
      "baseUrl must not contain credentials; pass the API key as apiKey.",
    );
  }
  if (url.search || url.hash) {
    throw new ConfigurationError("baseUrl", "baseUrl must not contain a query string or a fragment.");
  }
  const path = url.pathname.replace(/\/+$/, "");
  return { href: `${url.origin}${path}`, origin: url.origin, prefix: `${path}/` };
}

/** Whether `url` is under the API root (same origin and path prefix). */
export function isUnderRoot(url: URL, root: ApiRoot): boolean {
  return url.origin === root.origin && url.pathname.startsWith(root.prefix);
}
