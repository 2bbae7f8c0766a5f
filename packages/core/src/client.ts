import { type OperationTraits, operationTraits, type PaginatedPath, type paths } from "@avala/types";
import createOpenApiClient, { defaultPathSerializer, type Middleware } from "openapi-fetch";
import type {
  AvalaMethod,
  PageInit,
  PageOf,
  PaginateArgs,
  PaginatedPathArg,
  PaginatorOf,
  RawClient,
  RequestOptions,
} from "./call-types.js";
import { createAPIError } from "./errors/api-error.js";
import { AvalaError, INSPECT } from "./errors/avala-error.js";
import { APIResponseParseError, InvalidRequestError } from "./errors/misc-errors.js";
import type { RateLimiter } from "./limiter/limiter.js";
import { createLevelLogger } from "./logger.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { nextPageUrl, type PaginateOptions, Paginator, toPage } from "./paginate.js";
import { parseRateLimitInfo } from "./rate-limit-info.js";
import { maskString, REDACTED, redact } from "./redact.js";
import { serverRequestedDelayMs } from "./retry/retry-after.js";
import { type DirectSettings, directRequest } from "./transport/direct-request.js";
import { fromFetchRequest, toFetchResponse } from "./transport/openapi-fetch-bridge.js";
import { createTransport } from "./transport/transport.js";

/** The client returned by {@link createClient}. */
export interface AvalaClient {
  /** GET a path of the API; resolves with the data, throws a typed error. */
  GET: AvalaMethod<"get">;
  /** POST to a path of the API. Not retried unless `retry: true` (or `retry.retryNonIdempotent`). */
  POST: AvalaMethod<"post">;
  /** PUT a path of the API. */
  PUT: AvalaMethod<"put">;
  /** PATCH a path of the API. Not retried unless `retry: true`. */
  PATCH: AvalaMethod<"patch">;
  /** DELETE a path of the API. */
  DELETE: AvalaMethod<"delete">;
  /** HEAD a path of the API. */
  HEAD: AvalaMethod<"head">;
  /** OPTIONS a path of the API. */
  OPTIONS: AvalaMethod<"options">;
  /**
   * openapi-fetch's own client over the same transport (auth, limiter, retries, redirect rules): calls resolve
   * with `{ data, error, response }` and do not throw for error statuses.
   */
  raw: RawClient;
  /**
   * Iterates a cursor-paginated list: items with `for await`, pages with `.pages()`. Any other path is a
   * compile error saying it is not cursor-paginated.
   */
  paginate<Path extends keyof paths>(
    path: PaginatedPathArg<Path>,
    ...init: PaginateArgs<Path>
  ): PaginatorOf<Path>;
  /**
   * Fetches one page of a cursor-paginated list: the first page, or — with `next` — the page at the server's
   * `next` link, requested exactly as sent after the same checks as `paginate` (on the base URL's origin and
   * under its path; anything else is a `PaginationError` and nothing is sent). For UIs that load page by page,
   * e.g. infinite scrolling.
   */
  page<Path extends PaginatedPath>(
    path: Path,
    init?: PageInit<Path> | undefined,
    next?: string | null,
  ): Promise<PageOf<Path>>;
  /** Adds openapi-fetch middleware. */
  use(...middleware: Middleware[]): void;
  /** Removes openapi-fetch middleware. */
  eject(...middleware: Middleware[]): void;
  /** The API root requests go to. */
  readonly baseUrl: string;
  /** The client's rate limiter (shared if one was passed in), or null when off. */
  readonly limiter: RateLimiter | null;
}

/** Traits of every operation not listed in `operationTraits`. */
const DEFAULT_TRAITS: OperationTraits = { rateLimit: null, concurrency: null, authenticated: true };

// openapi-fetch encodes each value with encodeURIComponent, so `/`, `?` and `#` cannot leave their segment;
// "." and ".." survive encoding (and %2E%2E is still a dot segment to URL parsers), so they are refused here.
function safePathSerializer(pathname: string, params: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(params)) {
    const text = value === undefined || value === null ? "" : String(value);
    if (text === "" || text === "." || text === "..") {
      throw new InvalidRequestError(
        `Path parameter "${name}" must not be empty, "." or ".."; got ${JSON.stringify(text)}. Nothing was sent.`,
      );
    }
  }
  return defaultPathSerializer(pathname, params);
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
const decoder = new TextDecoder();

/** What a call saw of its request, for error messages. */
interface Seen {
  response?: { status: number; headers: Pick<Headers, "get"> };
  url?: string;
}

const isOk = (status: number) => status >= 200 && status < 300;

/**
 * A JSON body: undefined when empty; an error status with a body that is not JSON yields the raw text (the
 * caller reports it as non-JSON); a successful one with broken JSON throws SyntaxError.
 */
function parseText(ok: boolean, text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (ok) throw error;
    return text;
  }
}

/**
 * Creates a typed client of the Avala API.
 *
 * @example
 * const avala = createClient({ apiKey: process.env.AVALA_API_KEY! });
 * const dataset = await avala.GET("/datasets/{uid}/", { params: { path: { uid } } });
 * for await (const d of avala.paginate("/datasets/")) console.log(d.name);
 */
export function createClient(options: ClientOptions): AvalaClient {
  const resolved = resolveOptions(options);
  const secrets: string[] = typeof resolved.apiKey === "string" ? [resolved.apiKey] : [];
  const source = resolved.apiKey;
  const apiKey = async (): Promise<string | null> => {
    if (source === null) return null;
    const key = typeof source === "string" ? source : await source();
    if (typeof key !== "string" || key.trim() === "") {
      throw new AvalaError(
        "The apiKey function returned no key; return the current API key as a non-empty string.",
      );
    }
    if (!secrets.includes(key)) {
      secrets.push(key);
      if (secrets.length > 4) secrets.shift();
    }
    return key;
  };
  const mask = (value: unknown) => redact(value, secrets);
  const logger = createLevelLogger(resolved.logger, resolved.logger ? resolved.logLevel : "off", mask);
  // The resolved options carry the transport's root, http, timeoutMs, retry and limiter under their names.
  const transport = createTransport({ ...resolved, apiKey, logger });

  const defaultHeaders: Record<string, string> = { Accept: "application/json", ...resolved.headers };
  const base = createOpenApiClient<paths>({
    baseUrl: resolved.root.href,
    headers: defaultHeaders,
    pathSerializer: safePathSerializer,
  });
  const direct: DirectSettings = {
    baseUrl: resolved.root.href,
    headers: Object.fromEntries(
      Object.entries(defaultHeaders).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    pathSerializer: safePathSerializer,
  };
  // Middleware sees openapi-fetch's Request and Response; without any, calls skip building them.
  let middlewareCount = resolved.middleware.length;
  if (middlewareCount > 0) base.use(...resolved.middleware);
  const use = (...mw: Middleware[]) => {
    middlewareCount += mw.length;
    base.use(...mw);
  };
  const eject = (...mw: Middleware[]) => base.eject(...mw);

  /** Calls openapi-fetch with a per-call fetch that carries this call's operation and options to the transport. */
  function callRaw(
    method: string,
    path: string,
    init: (Record<string, unknown> & RequestOptions) | undefined,
    seen?: Seen,
  ) {
    const { retry, timeout, ...rest } = init ?? {};
    const operation = operationTraits[`${method} ${path}`] ?? DEFAULT_TRAITS;
    const fetch = async (request: Request) => {
      if (seen) seen.url = request.url;
      const wire = await transport(await fromFetchRequest(request), {
        operation,
        retry,
        timeout,
        signal: request.signal,
      });
      const response = toFetchResponse(wire);
      if (seen) seen.response = response;
      return response;
    };
    // biome-ignore lint/suspicious/noExplicitAny: the typed surface is AvalaMethod / RawClient; this is the untyped core
    return (base.request as any)(method.toLowerCase(), path, { ...rest, fetch }) as Promise<{
      data?: unknown;
      error?: unknown;
      response: Response;
    }>;
  }

  async function call(
    method: string,
    path: string,
    init?: Record<string, unknown> & RequestOptions,
    seen: Seen = {},
  ): Promise<unknown> {
    const { retry, timeout, ...rest } = init ?? {};
    const built = middlewareCount === 0 ? directRequest(direct, method, path, rest) : undefined;
    // Unless the caller chose a parseAs, the body is parsed here, so an unparseable success is a typed error.
    const ownParse = init?.parseAs === undefined;
    let response: { status: number; statusText: string; headers: Pick<Headers, "get"> };
    let data: unknown;
    let errorBody: unknown;
    try {
      if (built) {
        seen.url = built.request.url;
        const operation = operationTraits[`${method} ${path}`] ?? DEFAULT_TRAITS;
        const wire = await transport(built.request, { operation, retry, timeout, signal: built.signal });
        seen.response = response = wire;
        data = errorBody = parseText(isOk(wire.status), wire.body ? decoder.decode(wire.body) : "");
      } else {
        const result = await callRaw(method, path, ownParse ? { ...init, parseAs: "text" } : init, seen);
        response = result.response;
        // openapi-fetch hands over an error body already parsed when it is JSON, else as text.
        data =
          ownParse && result.response.ok ? parseText(true, result.data as string | undefined) : result.data;
        errorBody = result.error;
      }
    } catch (error) {
      if (error instanceof SyntaxError && seen.response) {
        throw new APIResponseParseError(
          {
            status: seen.response.status,
            method,
            path: maskString(new URL(seen.url ?? resolved.root.href).pathname, secrets),
            contentType: seen.response.headers.get("content-type") ?? "",
          },
          error,
        );
      }
      throw error;
    }
    if (isOk(response.status)) return data;
    const isJson = typeof errorBody === "object" && errorBody !== null;
    const delayMs = serverRequestedDelayMs(response);
    throw createAPIError({
      status: response.status,
      statusText: response.statusText,
      body: isJson ? mask(errorBody) : undefined,
      nonJsonContentType: isJson ? undefined : (response.headers.get("content-type") ?? ""),
      method,
      path: maskString(new URL(seen.url ?? resolved.root.href).pathname, secrets),
      requestId: response.headers.get("x-request-id") ?? undefined,
      rateLimit: parseRateLimitInfo(response.headers),
      retryAfter: delayMs === undefined ? undefined : delayMs / 1000,
    });
  }

  const raw: Record<string, unknown> = {
    request: (m: string, path: string, init?: Record<string, unknown>) =>
      callRaw(m.toUpperCase(), path, init),
    use,
    eject,
  };
  const client: Record<string | symbol, unknown> = {
    raw,
    paginate,
    page,
    use,
    eject,
    baseUrl: resolved.root.href,
    limiter: resolved.limiter,
    toJSON: () => ({ baseUrl: resolved.root.href, apiKey: REDACTED }),
    [INSPECT]: () => `AvalaClient { baseUrl: '${resolved.root.href}', apiKey: ${REDACTED} }`,
  };
  for (const name of METHODS) {
    raw[name] = (path: string, init?: Record<string, unknown>) => callRaw(name, path, init);
    // openapi-fetch's client has TRACE; the throwing client keeps to the methods the spec uses.
    if (name !== "TRACE") {
      client[name] = (path: string, init?: Record<string, unknown> & RequestOptions) =>
        call(name, path, init);
    }
  }

  // A next link is requested exactly as sent, through openapi-fetch so middleware sees every page.
  const fetchAt = (path: string, request: Record<string, unknown>, url: URL, signal?: AbortSignal) =>
    call("GET", path, {
      ...request,
      ...(signal ? { signal } : {}),
      params: { path: {}, query: {} },
      pathSerializer: () => `${url.origin}${url.pathname}`,
      querySerializer: () => url.search.replace(/^\?/, ""),
    });

  function paginate(path: string, init?: Record<string, unknown> & PaginateOptions & RequestOptions) {
    const { maxItems, maxPages, prefetch, signal, ...request } = init ?? {};
    return new Paginator(
      {
        root: resolved.root,
        path,
        first: async (pageSignal) => {
          const seen: { url?: string } = {};
          const data = await call("GET", path, { ...request, signal: pageSignal }, seen);
          return { data, url: seen.url ?? "" };
        },
        at: (url, pageSignal) => fetchAt(path, request, url, pageSignal),
      },
      { maxItems, maxPages, prefetch, signal } as PaginateOptions,
    );
  }

  async function page(path: string, init?: Record<string, unknown> & RequestOptions, next?: string | null) {
    const request = init ?? {};
    const data = next
      ? await fetchAt(
          path,
          request,
          nextPageUrl(next, resolved.root, path),
          request.signal as AbortSignal | undefined,
        )
      : await call("GET", path, request);
    return toPage(path, data);
  }

  return client as unknown as AvalaClient;
}
