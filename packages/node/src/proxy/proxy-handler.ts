import {
  APIUserAbortError,
  type ApiKeySource,
  ConfigurationError,
  createLimiter,
  DEFAULT_BASE_URL,
  type LimiterPermit,
  LimiterQueueFullError,
  LimiterWaitTooLongError,
  type RateLimiter,
} from "@avala/core";
import { API_KEY_HEADER, type ApiRoot, NULL_BODY_STATUS, parseBaseUrl, redact } from "@avala/core/internal";
import type { Dispatcher } from "undici";
import { dispatcherOf } from "../dispatcher.js";
import { dispatcherFetch } from "../dispatcher-fetch.js";
import { createRouteTable } from "../route-table.js";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "./headers.js";
import { jsonError } from "./json-error.js";
import { rewritePageLinks } from "./page-links.js";
import { type LimitedRequest, ProxyLimiters } from "./proxy-limiters.js";
import { parsePublicOrigin, requestOrigin } from "./public-origin.js";
import { releaseOnDone } from "./release-on-done.js";

/** A Fetch-API request handler, as Next.js route handlers, Hono, Bun and Deno take them. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** fetch as the proxy calls it (the global one, undici's, or a test double). */
export type ProxyFetch = (input: string, init: RequestInit) => Promise<Response>;

/** The operation a proxied request was matched to, as `authorize` sees it. */
export interface ProxyOperation {
  /** The spec's operationId, e.g. `listDatasets`. */
  readonly operationId: string;
  /** HTTP method, upper case. */
  readonly method: string;
  /** The spec's path template, e.g. `/datasets/{uid}/`. */
  readonly path: string;
}

/**
 * What `authorize` decides: `true` or `{ allow: true }` lets the request through (optionally rate-limited in a
 * namespace of its own as well, e.g. per user); `false` refuses it with 403; `{ allow: false, status }` refuses
 * it with 401 (not signed in) or 403 (not permitted) and an optional `detail` for the browser.
 */
export type ProxyDecision =
  | boolean
  | { readonly allow: true; readonly limiterNamespace?: string }
  | { readonly allow: false; readonly status: 401 | 403; readonly detail?: string };

/** The `authorize` hook of {@link createProxyHandler}: sync or async, called for each allowed operation. */
export type ProxyAuthorize = (
  request: Request,
  operation: ProxyOperation,
) => ProxyDecision | Promise<ProxyDecision>;

/** Options of {@link createProxyHandler}. */
export interface ProxyHandlerOptions {
  /** The server's API key (or a sync/async function returning it, called per request so keys can rotate). */
  apiKey: ApiKeySource;
  /**
   * Operations the browser may call: operationIds (`"listDatasets"`) and/or `"METHOD /path/template/"`
   * (`"GET /datasets/{uid}/"`) exactly as in the spec. Anything else is answered 403.
   */
  allow: readonly string[];
  /**
   * Path prefix the handler is mounted under, e.g. `/api/avala`; the rest of the request path is matched
   * against the spec's templates. It is matched against the full request URL path: with `toNodeListener` under
   * Express that is `req.originalUrl`, so pass the mount path (`app.use("/api/avala", …)` → `"/api/avala"`).
   * `""` or `"/"` when the handler serves the whole origin.
   */
  basePath: string;
  /**
   * Rate limiter applied to every forwarded request, shared by every browser behind this server (and, with a
   * Redis store, by every server). Default: a new limiter with the spec's limits; `false` turns it off.
   */
  limiter?: RateLimiter | false;
  /** Avala API root. Default `https://api.avala.ai/api/v1`; plain http only for localhost. */
  baseUrl?: string;
  /**
   * fetch used for upstream requests. Default: undici's fetch over `dispatcher`, so `HTTPS_PROXY`/`NO_PROXY` and
   * `ca` apply as for the client's own calls.
   */
  fetch?: ProxyFetch;
  /**
   * undici dispatcher for upstream requests, e.g. the one of a client (`dispatcherOf(avala)`). Default: one
   * shared one from `createDispatcher()` (keep-alive, proxy variables honoured). Ignored when `fetch` is given.
   */
  dispatcher?: Dispatcher;
  /**
   * Decides, per request, whether the browser may go on: put the proxy behind the app's own session (read a
   * cookie, look the session up). Runs after the operation matched `allow` and before the rate limiter. A throw
   * is answered 500 without details.
   */
  authorize?: ProxyAuthorize;
  /**
   * Limiter of a namespace chosen by `authorize` (`{ allow: true, limiterNamespace }`), applied in addition to
   * `limiter`: e.g. `(ns) => createLimiter({ namespace: ns, rules: { perUser: { requests: 30, windowSeconds:
   * 60, scope: "all" } } })` so one user cannot take the whole key's budget. Called once per namespace; the
   * 1000 most recently used are kept. Default: a limiter with the spec's limits in that namespace.
   */
  limiterFor?: (namespace: string) => RateLimiter;
  /**
   * Longest a request may wait for the rate limiter, in ms. A request that would wait longer is answered 429
   * with `Retry-After` and `{"detail", "code": "rate_limited"}` (which core's clients and the React hooks back
   * off from), instead of holding its connection past a load balancer's idle timeout: at once when the limiter
   * can foresee the wait (core's in-memory store: the windows, the requests queued ahead, a pause), otherwise
   * (a Redis store, a wait for a concurrency slot) when the bound passes. Default 10 000; `Infinity` waits as
   * long as it takes.
   */
  maxWaitMs?: number;
  /**
   * The origin browsers reach this proxy at (e.g. `https://app.example.com`), used for the `next`/`previous`
   * links of cursor pages. Set it behind a TLS-terminating load balancer, where the request itself arrives as
   * plain http. Default: taken from the request (see `trustForwardedHeaders`).
   */
  publicOrigin?: string;
  /**
   * Take the public scheme and host from `Forwarded` (RFC 7239) or `X-Forwarded-Proto`/`X-Forwarded-Host`.
   * Only behind a proxy that sets (and overwrites) them, since any browser can send them. Default false.
   */
  trustForwardedHeaders?: boolean;
}

type UpstreamInit = RequestInit & { duplex?: "half" };

const DEFAULT_MAX_WAIT_MS = 10_000;

function parseBasePath(value: unknown): string {
  if (typeof value !== "string" || !(value === "" || value.startsWith("/"))) {
    throw new ConfigurationError(
      "basePath",
      'basePath must be a path starting with "/" (or "" for the root).',
    );
  }
  return value.replace(/\/+$/, "");
}

function checkApiKey(apiKey: unknown): void {
  // Same rule as core: a key with whitespace or control characters was read wrongly (e.g. a trailing newline).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  const wellFormed = typeof apiKey === "string" && /^[^\s\u0000-\u001f\u007f]+$/.test(apiKey);
  if (!(typeof apiKey === "function" || wellFormed)) {
    throw new ConfigurationError(
      "apiKey",
      "apiKey must be the server's Avala API key (a non-empty string without whitespace) or a function returning it.",
    );
  }
}

/**
 * Creates a server-side proxy that lets browser code call chosen Avala operations without ever seeing the API
 * key. Requests under `basePath` are matched against the spec; allow-listed ones are forwarded to Avala with the
 * server's key (any key, cookie or authorization the browser sent is dropped), through the rate limiter, and the
 * answer is streamed back. Everything else gets a JSON error: 404 for no operation, 403 for one not allowed.
 *
 * @example
 * // Next.js: app/api/avala/[...path]/route.ts
 * const handler = createProxyHandler({ apiKey: process.env.AVALA_API_KEY!, allow: ["listDatasets"], basePath: "/api/avala" });
 * export { handler as GET, handler as POST };
 */
export function createProxyHandler(options: ProxyHandlerOptions): FetchHandler {
  checkApiKey(options.apiKey);
  if (!Array.isArray(options.allow)) {
    throw new ConfigurationError("allow", "allow must be an array of operationIds or METHOD /path/ strings.");
  }
  const routes = createRouteTable();
  const allowed = routes.resolve(options.allow, "allow");
  const basePath = parseBasePath(options.basePath);
  const root = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const limiter = options.limiter === false ? null : (options.limiter ?? createLimiter());
  for (const name of ["fetch", "authorize", "limiterFor"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new ConfigurationError(name, `${name} must be a function.`);
    }
  }
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  if (typeof maxWaitMs !== "number" || Number.isNaN(maxWaitMs) || maxWaitMs < 0) {
    throw new ConfigurationError(
      "maxWaitMs",
      "maxWaitMs must be a number of milliseconds >= 0 (or Infinity).",
    );
  }
  const origin = {
    publicOrigin: parsePublicOrigin(options.publicOrigin),
    trustForwardedHeaders: options.trustForwardedHeaders === true,
  };
  const limiters = new ProxyLimiters(
    limiter,
    options.limiterFor ?? ((namespace) => createLimiter({ namespace })),
    maxWaitMs,
  );
  const fetchImpl: ProxyFetch = options.fetch ?? dispatcherFetch(options.dispatcher ?? dispatcherOf());
  const { apiKey, authorize } = options;
  const currentKey = async () => (typeof apiKey === "function" ? await apiKey() : apiKey);

  return async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const inside = basePath === "" || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
    const rest = inside ? url.pathname.slice(basePath.length) || "/" : undefined;
    if (rest === undefined) return jsonError(404, "not_found", `${url.pathname} is not under ${basePath}.`);
    const match = routes.match(method, rest);
    if (!match) return jsonError(404, "not_found", `No Avala API operation matches ${method} ${rest}.`);
    const { operation } = match;
    if (!allowed.has(operation.operationId)) {
      return jsonError(
        403,
        "operation_not_allowed",
        `${operation.operationId} (${operation.method} ${operation.path}) is not allowed through this proxy.`,
      );
    }

    let namespace: string | undefined;
    if (authorize) {
      let decision: ProxyDecision;
      try {
        decision = await authorize(request, {
          operationId: operation.operationId,
          method: operation.method,
          path: operation.path,
        });
      } catch {
        return jsonError(500, "proxy_error", "The proxy failed to authorize the request.");
      }
      const refusal = refusalOf(decision);
      if (refusal) return refusal;
      if (typeof decision === "object" && decision.allow) namespace = decision.limiterNamespace;
    }

    const limited: LimitedRequest = { operation, namespace, signal: request.signal };
    let permit: LimiterPermit | undefined;
    try {
      permit = await limiters.acquire(limited);
    } catch (error) {
      if (error instanceof APIUserAbortError)
        return jsonError(499, "client_closed_request", "Request aborted.");
      if (error instanceof LimiterQueueFullError) {
        return jsonError(503, "rate_limiter_busy", "Too many requests are waiting for the rate limiter.");
      }
      if (error instanceof LimiterWaitTooLongError) return limiters.shedResponse(error);
      return jsonError(503, "rate_limiter_unavailable", "The rate limiter is unavailable; try again later.");
    }

    // The permit is released once, in `finally`, when the answer is complete; a streamed body takes it over and
    // releases it when the browser has read it to the end or gone away.
    let streaming = false;
    try {
      const upstreamUrl = `${root.origin}${root.prefix.slice(0, -1)}${rest}${url.search}`;
      let upstream: Response;
      let key: string | undefined;
      try {
        const headers = upstreamRequestHeaders(request.headers);
        if (operation.authenticated) {
          key = await currentKey();
          headers.set(API_KEY_HEADER, key);
        }
        const hasBody = method !== "GET" && method !== "HEAD" && request.body !== null;
        const init: UpstreamInit = {
          method,
          headers,
          redirect: "manual",
          signal: request.signal,
          ...(hasBody ? { body: request.body, duplex: "half" } : {}),
        };
        upstream = await fetchImpl(upstreamUrl, init);
      } catch {
        if (request.signal.aborted) return jsonError(499, "client_closed_request", "Request aborted.");
        return jsonError(502, "upstream_unreachable", "The Avala API could not be reached.");
      }
      // A 429 or an exhausted window pauses every request sharing the limiter; a failing store must not lose
      // the answer that already arrived.
      await limiters.observe(limited, upstream);

      const isRedirect =
        upstream.type === "opaqueredirect" ||
        (upstream.status >= 300 && upstream.status < 400 && upstream.status !== 304);
      const headers = downstreamResponseHeaders(upstream.headers);
      const init = { status: upstream.status, statusText: upstream.statusText, headers };
      if (
        isRedirect ||
        upstream.body === null ||
        method === "HEAD" ||
        NULL_BODY_STATUS.has(upstream.status)
      ) {
        await upstream.body?.cancel().catch(() => {});
        if (isRedirect) {
          const target = safeLocation(upstream.headers.get("location"), upstreamUrl, root, basePath);
          if (target === undefined) {
            return jsonError(
              502,
              "unsafe_redirect",
              "The Avala API redirected outside itself; not passed on.",
            );
          }
          headers.set("location", target);
        }
        return new Response(null, init);
      }
      if (upstream.status >= 400) {
        // Error bodies are small; whatever the API echoed (a secret field, the key itself) is masked with core's
        // redaction, as core's own errors and logs are, before it reaches the browser.
        const text = await upstream.text();
        headers.delete("content-length");
        return new Response(redactBody(text, key), init);
      }
      if (operation.paginated && upstream.ok) {
        // Cursor pages are small: buffer them to point their links at this proxy instead of at Avala.
        const text = await upstream.text();
        headers.delete("content-length");
        const roots = { api: root, proxy: `${requestOrigin(request, url, origin)}${basePath}` };
        return new Response(rewritePageLinks(text, roots), init);
      }
      streaming = true;
      return new Response(
        releaseOnDone(upstream.body, () => permit?.release()),
        init,
      );
    } finally {
      if (!streaming) permit?.release();
    }
  };
}

/** The answer for a refusing decision of `authorize`, or undefined when it lets the request through. */
function refusalOf(decision: ProxyDecision): Response | undefined {
  if (decision === true) return undefined;
  if (decision === false) return jsonError(403, "forbidden", "Not allowed.");
  if (typeof decision === "object" && decision !== null) {
    const { limiterNamespace } = decision as { limiterNamespace?: unknown };
    const namespaceOk =
      limiterNamespace === undefined || (typeof limiterNamespace === "string" && limiterNamespace !== "");
    if (decision.allow === true && namespaceOk) return undefined;
    if (decision.allow === false && (decision.status === 401 || decision.status === 403)) {
      const detail = decision.detail ?? (decision.status === 401 ? "Sign in first." : "Not allowed.");
      return jsonError(decision.status, decision.status === 401 ? "unauthorized" : "forbidden", detail);
    }
  }
  // Anything else is a bug in the hook: refuse rather than guess.
  return jsonError(500, "proxy_error", "The proxy failed to authorize the request.");
}

/** An upstream error body with secrets masked: JSON field by field, anything else as text. */
function redactBody(text: string, key: string | undefined): string {
  const secrets = key === undefined ? [] : [key];
  try {
    return JSON.stringify(redact(JSON.parse(text) as unknown, secrets));
  } catch {
    return redact(text, secrets);
  }
}

/**
 * The `Location` to hand to the browser for an upstream redirect: one under the API root is rewritten to the
 * same path under this proxy (path-absolute, so it resolves against the proxy's own origin); anything else
 * (another origin, or outside the API's path) is refused, so the browser is never sent off the API.
 */
function safeLocation(
  location: string | null,
  upstreamUrl: string,
  root: ApiRoot,
  basePath: string,
): string | undefined {
  if (!location) return undefined;
  let next: URL;
  try {
    next = new URL(location, upstreamUrl);
  } catch {
    return undefined;
  }
  if (next.origin !== root.origin || !next.pathname.startsWith(root.prefix)) return undefined;
  return `${basePath}${next.pathname.slice(root.prefix.length - 1)}${next.search}`;
}
