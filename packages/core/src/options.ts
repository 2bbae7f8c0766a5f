import type { Middleware } from "openapi-fetch";
import { ConfigurationError } from "./errors/configuration-error.js";
import type { RateLimiter } from "./limiter/limiter.js";
import { LOG_LEVELS, type Logger, type LogLevel } from "./logger.js";
import { API_KEY_HEADER } from "./redact.js";
import {
  DEFAULT_RETRY_POLICY,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
} from "./retry/retry-policy.js";
import { type ApiRoot, parseBaseUrl } from "./transport/base-url.js";
import { createFetchTransport, type FetchFunction } from "./transport/fetch-transport.js";
import type { HttpTransport } from "./transport/http-transport.js";

/** The API key, or a function returning it (called before every attempt, so keys can rotate). */
export type ApiKeySource = string | (() => string | Promise<string>);

/** Options of `createClient()`. Only `apiKey` is required. */
export interface ClientOptions {
  /**
   * API key (`avk_…`), or a sync/async function that returns the current key. `null` sends no key at all: for a
   * client whose `baseUrl` is a proxy that adds the key on the server (e.g. `createProxyHandler` of @avala/node).
   */
  apiKey: ApiKeySource | null;
  /**
   * API root. Default `https://api.avala.ai/api/v1`. Must be https (http only for localhost). In a browser a path
   * (`"/api/avala"`, a same-origin proxy) is resolved against the page's `location`; elsewhere it must be absolute.
   */
  baseUrl?: string;
  /** Timeout of each attempt (headers and body), in ms. Default 30 000; 0 disables it. */
  timeout?: number;
  /**
   * Most bytes of one response body a call reads, counted after decompression while the body arrives; past it
   * the call stops reading and throws `ResponseTooLargeError` (not retried). Default 32 MiB (33 554 432); 0 turns
   * the limit off. A call's own `maxResponseBytes` overrides it. Export downloads of @avala/node are not limited.
   */
  maxResponseBytes?: number;
  /** Retries after the first attempt. Default 2. Shorthand for `retry.maxRetries`. */
  maxRetries?: number;
  /** Retry policy overrides (backoff, ceiling on server-requested waits, statuses, POST/PATCH opt-in). */
  retry?: RetryOptions;
  /**
   * Client-side rate limiter, in the same form for `@avala/core`, `@avala/node` and `@avala/react`: a
   * `RateLimiter` from `createLimiter()` (share one between clients to share the budget; pass options there), or
   * `false` for none. Off by default here and in `@avala/react`, so a bundle that does not ask for a limiter
   * carries none of its code (a browser app behind the proxy handler of @avala/node is limited there);
   * `@avala/node` makes one with the spec's limits by default.
   */
  limiter?: RateLimiter | false;
  /** fetch implementation. Default `globalThis.fetch`, looked up at each call. */
  fetch?: FetchFunction;
  /**
   * How requests go over the wire, below auth, limiter, retries, redirect rules and timeout. Default: `fetch`.
   * `@avala/node` passes one on undici's dispatcher. Set `fetch` or `transport`, not both.
   */
  transport?: HttpTransport;
  /** Extra headers sent with every request (not the API key: use `apiKey`). */
  headers?: Record<string, string>;
  /** Where to log; nothing is logged without one. Secrets are always masked. */
  logger?: Partial<Logger>;
  /** Lowest level written to `logger`. Default `info` when a logger is given. */
  logLevel?: LogLevel | "off";
  /** openapi-fetch middleware, run on every request in order (see openapi-fetch's docs). */
  middleware?: Middleware[];
}

/** Options of `createBaseClient()`: {@link ClientOptions} without `middleware`, which need `createClient()`. */
export interface BaseClientOptions extends Omit<ClientOptions, "middleware"> {
  /** Not taken: middleware need `createClient()`. */
  middleware?: never;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  apiKey: ApiKeySource | null;
  root: ApiRoot;
  timeoutMs: number;
  maxResponseBytes: number;
  retry: RetryPolicy;
  limiter: RateLimiter | null;
  http: HttpTransport;
  headers: Record<string, string>;
  logger: Partial<Logger> | undefined;
  logLevel: LogLevel | "off";
  middleware: Middleware[];
}

/** Default API root. */
export const DEFAULT_BASE_URL = "https://api.avala.ai/api/v1";

const MISSING_KEY =
  "Missing API key: pass `apiKey` to createClient() (or set AVALA_API_KEY with @avala/node); keys are made in " +
  "Mission Control → Settings → Security. Behind a proxy that adds the key, pass apiKey: null.";

/** `value` when it is a finite number ≥ 0 (an integer if asked), undefined when absent; else a ConfigurationError. */
export function nonNegative(option: string, value: unknown, integer = false): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== "number" ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigurationError(
      option,
      `${option} must be a finite, non-negative ${integer ? "integer" : "number"}; got ${String(value)}.`,
    );
  }
  return value;
}

function checkRetry(options: RetryOptions | undefined): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) {
    throw new ConfigurationError("retry", "retry must be an object of retry settings.");
  }
  nonNegative("retry.maxRetries", options.maxRetries, true);
  nonNegative("retry.initialDelayMs", options.initialDelayMs);
  nonNegative("retry.maxDelayMs", options.maxDelayMs);
  nonNegative("retry.maxRetryAfterMs", options.maxRetryAfterMs);
  if (
    options.statuses !== undefined &&
    !(Array.isArray(options.statuses) && options.statuses.every(Number.isInteger))
  ) {
    throw new ConfigurationError("retry.statuses", "retry.statuses must be an array of HTTP status codes.");
  }
}

// Duck-typed so a limiter from another copy of this package (ESM next to CJS) is still shared, not rebuilt.
function isLimiter(value: unknown): value is RateLimiter {
  const v = value as RateLimiter | null;
  return (
    typeof v === "object" && v !== null && typeof v.acquire === "function" && typeof v.observe === "function"
  );
}

/** Validates `createClient()` options; every problem is a `ConfigurationError` naming the option. */
export function resolveOptions(options: ClientOptions, full = false): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new ConfigurationError("apiKey", MISSING_KEY);
  const { apiKey } = options;
  if (apiKey === undefined || (typeof apiKey === "string" && apiKey.trim() === "")) {
    throw new ConfigurationError("apiKey", MISSING_KEY);
  }
  if (apiKey === null) {
    // No key on purpose: a proxy in front of the API adds it.
  } else if (typeof apiKey === "string") {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\s\u0000-\u001f\u007f]/.test(apiKey)) {
      throw new ConfigurationError(
        "apiKey",
        "apiKey contains whitespace or control characters; check how it was read.",
      );
    }
  } else if (typeof apiKey !== "function") {
    throw new ConfigurationError("apiKey", "apiKey must be a string or a function returning the key.");
  }
  const root = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const timeoutMs = nonNegative("timeout", options.timeout) ?? 30_000;
  const maxResponseBytes = nonNegative("maxResponseBytes", options.maxResponseBytes, true) ?? 33_554_432; // 32 MiB
  checkRetry(options.retry);
  const maxRetries = nonNegative("maxRetries", options.maxRetries, true);
  const retry = resolveRetryPolicy(
    { ...options.retry, ...(maxRetries !== undefined ? { maxRetries } : {}) },
    DEFAULT_RETRY_POLICY,
  );
  for (const name of ["fetch", "transport"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new ConfigurationError(name, `${name} must be a function.`);
    }
  }
  if (options.fetch && options.transport) {
    throw new ConfigurationError("transport", "Pass transport or fetch, not both.");
  }
  let transport = options.transport;
  if (transport === undefined) {
    if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
      throw new ConfigurationError(
        "fetch",
        "No global fetch in this runtime: pass a `fetch` implementation.",
      );
    }
    // Without a fetch of the caller's, the global one is looked up at each call, not bound here, so a fetch
    // patched in after the client was created (MSW, tracing) still sees every request.
    transport = createFetchTransport(options.fetch ?? ((input, init) => globalThis.fetch(input, init)));
  }
  const headers = { ...(options.headers ?? {}) };
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === API_KEY_HEADER.toLowerCase()) {
      throw new ConfigurationError(
        "headers",
        `Do not put ${API_KEY_HEADER} in headers; pass the key as apiKey.`,
      );
    }
  }
  // The limiter is passed in, never built here, so bundles that do not ask for one carry none of its code.
  let limiter: RateLimiter | null;
  if (options.limiter === undefined || options.limiter === false) limiter = null;
  else if (isLimiter(options.limiter)) limiter = options.limiter;
  else {
    throw new ConfigurationError(
      "limiter",
      "limiter must be a RateLimiter from createLimiter() (pass its options there) or false.",
    );
  }
  if (options.middleware !== undefined && !Array.isArray(options.middleware)) {
    throw new ConfigurationError("middleware", "middleware must be an array of middleware objects.");
  }
  // createBaseClient() has no middleware pipeline.
  if (!full && options.middleware?.length) {
    throw new ConfigurationError(
      "middleware",
      "middleware need createClient() (createAvalaClient() in @avala/react), not createBaseClient().",
    );
  }
  if (options.logLevel !== undefined && !LOG_LEVELS.includes(options.logLevel)) {
    throw new ConfigurationError("logLevel", `logLevel must be one of ${LOG_LEVELS.join(", ")}.`);
  }
  return {
    apiKey,
    root,
    timeoutMs,
    maxResponseBytes,
    retry,
    limiter,
    http: transport,
    headers,
    logger: options.logger,
    logLevel: options.logLevel ?? "info",
    middleware: options.middleware ?? [],
  };
}
