import { type OperationTraits, operationTraits, type PaginatedPath, type paths } from "@avala/types";
import createOpenApiClient, {
  type Client,
  defaultPathSerializer,
  type MaybeOptionalInit,
  type Middleware,
  type ParseAsResponse,
} from "openapi-fetch";
import type {
  HttpMethod,
  MediaType,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";
import { createAPIError } from "./errors/api-error.js";
import { AvalaError } from "./errors/avala-error.js";
import { APIResponseParseError, InvalidRequestError } from "./errors/misc-errors.js";
import type { RateLimiter } from "./limiter/limiter.js";
import { createLevelLogger } from "./logger.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { nextPageUrl, type Page, type PaginateOptions, Paginator, toPage } from "./paginate.js";
import { parseRateLimitInfo } from "./rate-limit-info.js";
import { maskString, redact } from "./redact.js";
import { serverRequestedDelayMs } from "./retry/retry-after.js";
import type { RetryOptions } from "./retry/retry-policy.js";
import { bufferedBody, createTransport } from "./transport/transport.js";

/** Per-request options accepted next to openapi-fetch's own (`params`, `body`, `headers`, `signal`, ...). */
export interface RequestOptions {
  /** `true` opts a POST/PATCH into retries; `false` disables retries for this call; an object overrides the policy. */
  retry?: boolean | RetryOptions;
  /** Timeout of each attempt of this call, in ms. */
  timeout?: number;
}

type InitArgs<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & RequestOptions)?] : [Init & RequestOptions];

// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint on FetchResponse
type AnyOperation = Record<string | number, any>;

// openapi-fetch's FetchResponse passes `data` through Readable<T>, which strips writeOnly markers (the generated
// types have none) and flattens intersections, but also maps `string & {}`, the open member of an open enum
// (`"a" | "b" | (string & {})`), into an object of String's methods. The data type is therefore computed as
// FetchResponse does, with Flat<T> in place of Readable<T>: the same flattening, primitives left as they are.
type Flat<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends (infer E)[]
    ? Flat<E>[]
    : T extends object
      ? { [K in keyof T]: Flat<T[K]> }
      : T;
type ResponseData<Operation extends AnyOperation, Init> = ParseAsResponse<
  Flat<SuccessResponse<ResponseObjectMap<Operation>, MediaType>>,
  Init
>;

/** Response data of a successful call (`undefined` for operations without a body, e.g. 204). */
export type SuccessData<Operation, Init> = Operation extends AnyOperation
  ? [Exclude<ResponseData<Operation, Init>, undefined>] extends [never]
    ? undefined
    : Exclude<ResponseData<Operation, Init>, undefined>
  : never;

/** A path-typed method that resolves with the response data and throws a typed `APIError` on failure. */
export type AvalaMethod<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  Init extends MaybeOptionalInit<paths[Path], Method>,
>(
  path: Path,
  ...init: InitArgs<Init>
) => Promise<SuccessData<paths[Path][Method], Init>>;

/** Item type of a cursor-paginated path. */
export type PageItem<Path extends PaginatedPath> = paths[Path]["get"] extends {
  responses: { 200: { content: { "application/json": { results: (infer Item)[] } } } };
}
  ? Item
  : never;

type PaginateInit<Path extends PaginatedPath> = MaybeOptionalInit<paths[Path], "get">;

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
  raw: Client<paths>;
  /** Iterates a cursor-paginated list: items with `for await`, pages with `.pages()`. */
  paginate<Path extends PaginatedPath>(
    path: Path,
    ...init: RequiredKeysOf<PaginateInit<Path>> extends never
      ? [(PaginateInit<Path> & PaginateOptions & RequestOptions)?]
      : [PaginateInit<Path> & PaginateOptions & RequestOptions]
  ): Paginator<PageItem<Path>>;
  /**
   * Fetches one page of a cursor-paginated list: the first page, or — with `next` — the page at the server's
   * `next` link, requested exactly as sent after the same checks as `paginate` (on the base URL's origin and
   * under its path; anything else is a `PaginationError` and nothing is sent). For UIs that load page by page,
   * e.g. infinite scrolling.
   */
  page<Path extends PaginatedPath>(
    path: Path,
    init?: (PaginateInit<Path> & RequestOptions) | undefined,
    next?: string | null,
  ): Promise<Page<PageItem<Path>>>;
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
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
const decoder = new TextDecoder();

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
  const transport = createTransport({
    root: resolved.root,
    fetch: resolved.fetch,
    apiKey,
    timeoutMs: resolved.timeoutMs,
    retry: resolved.retry,
    limiter: resolved.limiter,
    logger,
  });

  const base = createOpenApiClient<paths>({
    baseUrl: resolved.root.href,
    headers: { Accept: "application/json", ...resolved.headers },
    pathSerializer: safePathSerializer,
  });
  // Middleware may read response bodies; without any, the throwing calls skip building a body stream.
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
    seen?: { response?: Response; url?: string },
    bodyless = false,
  ) {
    const { retry, timeout, ...rest } = init ?? {};
    const operation = operationTraits[`${method} ${path}`] ?? DEFAULT_TRAITS;
    const fetch = async (request: Request) => {
      if (seen) seen.url = request.url;
      const response = await transport(request, { operation, retry, timeout, bodyless });
      if (seen) seen.response = response;
      return response;
    };
    // biome-ignore lint/suspicious/noExplicitAny: the typed surface is AvalaMethod / Client<paths>; this is the untyped core
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
    seen: { response?: Response; url?: string } = {},
  ): Promise<unknown> {
    // Unless the caller chose a parseAs, the body is parsed here from the bytes the transport already read,
    // instead of letting openapi-fetch read the Response's stream a second time.
    const ownParse = init?.parseAs === undefined;
    let result: { data?: unknown; error?: unknown; response: Response };
    let data: unknown;
    try {
      result = await callRaw(
        method,
        path,
        ownParse ? { ...init, parseAs: "stream" } : init,
        seen,
        ownParse && middlewareCount === 0,
      );
      data = ownParse ? await parseJson(result.response) : result.data;
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
    const { response } = result;
    if (response.ok) return data;
    const errorBody = ownParse ? data : result.error;
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

  /**
   * The JSON body of a response: undefined when empty; an error status with a body that is not JSON yields the
   * raw text (the caller reports it as non-JSON); a successful one with broken JSON throws SyntaxError.
   */
  async function parseJson(response: Response): Promise<unknown> {
    const known = bufferedBody(response);
    const bytes =
      known !== undefined ? known : response.bodyUsed || !response.body ? null : await response.arrayBuffer();
    if (bytes === null || bytes.byteLength === 0) return undefined;
    const text = decoder.decode(bytes);
    if (response.ok) return JSON.parse(text);
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
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
    toJSON: () => ({ baseUrl: resolved.root.href, apiKey: "[REDACTED]" }),
    [INSPECT]: () => `AvalaClient { baseUrl: '${resolved.root.href}', apiKey: [REDACTED] }`,
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
