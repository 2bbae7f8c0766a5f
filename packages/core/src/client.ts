import type { PaginatedPath, paths } from "@avala/types";
import type { Middleware } from "openapi-fetch";
import { APIPromise, type CallResult } from "./api-promise.js";
import type {
  AvalaMethod,
  BaseMethod,
  PageInit,
  PageOf,
  PaginateArgs,
  PaginatedPathArg,
  PaginatorOf,
  RawClient,
  RequestOptions,
} from "./call-types.js";
import { rotatingKey } from "./client/api-key.js";
import { type Init, safePathSerializer } from "./client/call-settings.js";
import { createExchange, refuse } from "./client/exchange.js";
import { decoder, errorOf, isOk, parseText, type Seen } from "./client/response.js";
import { INSPECT } from "./errors/avala-error.js";
import { APIResponseParseError } from "./errors/misc-errors.js";
import { type ClientEvents, type ClientListener, createEmitter } from "./hooks.js";
import type { RateLimiter } from "./limiter/limiter.js";
import { createLevelLogger } from "./logger.js";
import { type BaseClientOptions, type ClientOptions, resolveOptions } from "./options.js";
import { nextPageUrl, type PaginateOptions, Paginator, toPage } from "./paginate.js";
import { maskString, REDACTED, redact } from "./redact.js";
import { mergeHeaders, type RequestSettings } from "./transport/build-request.js";
import type { ResponseHeaders } from "./transport/http-transport.js";
import { createRawSupport, type RawSupport } from "./transport/raw-request.js";
import { createTransport } from "./transport/transport.js";

// The client's parts: `client/api-key.ts` (the key of each attempt, and the keys to mask),
// `client/call-settings.ts` (a call's traits, path checks and retry settings), `client/exchange.ts` (sending, as
// plain data or through middleware), `client/response.ts` (the JSON body and the typed error of a response); the
// pipeline below them is `transport/`. What is left here puts them together: options, logging, parsing, pages.

/**
 * The client returned by `createBaseClient()`: the typed methods and `page()`, over the full pipeline (auth,
 * rate limiter when given, retries, timeouts, redirect rules, typed errors). Requests are built directly: `params`,
 * a JSON `body`, plain-object `headers`, `signal`, `retry` and `timeout`.
 */
export interface AvalaBaseClient {
  /** GET a path of the API; resolves with the data, throws a typed error. */
  GET: BaseMethod<"get">;
  /** POST to a path of the API. Not retried unless `retry: true` (or `retry.retryNonIdempotent`). */
  POST: BaseMethod<"post">;
  /** PUT a path of the API. */
  PUT: BaseMethod<"put">;
  /** PATCH a path of the API. Not retried unless `retry: true`. */
  PATCH: BaseMethod<"patch">;
  /** DELETE a path of the API. */
  DELETE: BaseMethod<"delete">;
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
  /**
   * Calls any operation by method and path, untyped: for code that dispatches operations chosen at run time
   * (a command line, a tool server). `init` is a path-style call's init (`params`, `body`, request options).
   */
  request(method: string, path: string, init?: OperationInit): APIPromise<unknown>;
  /**
   * Subscribes to the client's events (`request`, `response`, `retry`, `rateLimit`); returns the function that
   * unsubscribes.
   */
  on<E extends keyof ClientEvents>(event: E, listener: ClientListener<E>): () => void;
  /** The API root requests go to. */
  readonly baseUrl: string;
  /** The client's rate limiter (shared if one was passed in), or null when off. */
  readonly limiter: RateLimiter | null;
}

/** The init of an untyped {@link AvalaBaseClient.request}: path and query parameters, a JSON body, request options. */
export type OperationInit = {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
} & RequestOptions;

/** The client returned by `createClient()`: {@link AvalaBaseClient} with `raw`, middleware and `paginate`. */
export interface AvalaClient extends AvalaBaseClient {
  /**
   * openapi-fetch's client shape over the same transport (auth, limiter, retries, redirect rules): calls resolve
   * with `{ data, error, response }` and do not throw for error statuses.
   */
  raw: RawClient;
  /** GET a path of the API; resolves with the data (typed by `parseAs`), throws a typed error. */
  GET: AvalaMethod<"get">;
  /** POST to a path of the API. Not retried unless `retry: true` (or `retry.retryNonIdempotent`). */
  POST: AvalaMethod<"post">;
  /** PUT a path of the API. */
  PUT: AvalaMethod<"put">;
  /** PATCH a path of the API. Not retried unless `retry: true`. */
  PATCH: AvalaMethod<"patch">;
  /** DELETE a path of the API. */
  DELETE: AvalaMethod<"delete">;
  /**
   * Iterates a cursor-paginated list: items with `for await`, pages with `.pages()`. Any other path is a
   * compile error saying it is not cursor-paginated.
   */
  paginate<Path extends keyof paths>(
    path: PaginatedPathArg<Path>,
    ...init: PaginateArgs<Path>
  ): PaginatorOf<Path>;
  /** Adds openapi-fetch middleware. */
  use(...middleware: Middleware[]): void;
  /** Removes openapi-fetch middleware. */
  eject(...middleware: Middleware[]): void;
}

// Only the methods the API has operations for (no HEAD or OPTIONS: a typed method with no path would be `never`).
const METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH"] as const;

/**
 * What both clients share: options, the pipeline, the throwing call and `page()`. `raw` (middleware, parseAs,
 * `{ data, error, response }`) is given by `createClient` only, so a bundle of `createBaseClient` carries none
 * of that code.
 */
function assemble(options: ClientOptions, raw?: RawSupport) {
  const resolved = resolveOptions(options, raw !== undefined);
  const root = resolved.root.href;
  const { apiKey, secrets } = rotatingKey(resolved.apiKey);
  const mask = <T>(value: T): T => redact(value, secrets);
  const logger = createLevelLogger(resolved.logger, resolved.logger ? resolved.logLevel : "off", mask);
  // The resolved options carry the transport's root, http, timeoutMs, retry and limiter under their names.
  const { on, emit } = createEmitter();
  const transport = createTransport({ ...resolved, apiKey, logger, emit });
  const settings: RequestSettings = {
    baseUrl: root,
    // Names in lower case, so a call's own header of the same name replaces the client's.
    headers: mergeHeaders({ accept: "application/json" }, resolved.headers),
    pathSerializer: safePathSerializer,
  };
  /** The path a call was sent to, for messages (a key in it masked). */
  const pathOf = (seen: Seen) => maskString(new URL(seen.url ?? root).pathname, secrets);
  const exchange = createExchange(settings, transport, raw);

  async function run(method: string, path: string, init: Init, seen: Seen): Promise<CallResult<unknown>> {
    // Unless the caller chose a parseAs, the body is parsed here, so an unparseable success is a typed error.
    const ownParse = init.parseAs === undefined;
    if (!(ownParse || raw)) throw refuse(method, path);
    let response: { status: number; statusText: string; headers: ResponseHeaders };
    let data: unknown;
    let errorBody: unknown;
    let body: Uint8Array | null = null;
    try {
      const sent = await exchange(method, path, init, seen);
      response = sent.wire ?? (sent.response as Response);
      if (ownParse) {
        body = sent.wire ? sent.wire.body : new Uint8Array(await (sent.response as Response).arrayBuffer());
        data = errorBody = parseText(isOk(response.status), body ? decoder.decode(body) : "");
      } else {
        const result = await raw!.parse(
          sent.response ?? raw!.respond(sent.wire!),
          method,
          sent.built.parseAs,
        );
        data = result.data;
        errorBody = result.error;
      }
    } catch (error) {
      if (error instanceof SyntaxError && seen.response) {
        throw new APIResponseParseError(
          {
            status: seen.response.status,
            method,
            path: pathOf(seen),
            contentType: mask(seen.response.headers.get("content-type") ?? ""),
          },
          error,
        );
      }
      throw error;
    }
    const { status, statusText, headers } = response;
    if (isOk(status)) return { data, status, statusText, headers, body };
    throw errorOf(response, errorBody, method, pathOf(seen), mask);
  }

  /** Sends a call; the promise resolves with the data and offers the response (`withResponse()`). */
  const call = (method: string, path: string, init: Init = {}, seen: Seen = {}) =>
    new APIPromise(run(method, path, init, seen));

  // A next link is requested exactly as sent, through the same call (and any middleware) as the first page.
  const fetchAt = (path: string, request: Init, url: URL, signal?: AbortSignal) =>
    call("GET", path, {
      ...request,
      ...(signal ? { signal } : {}),
      params: { path: {}, query: {} },
      pathSerializer: () => `${url.origin}${url.pathname}`,
      querySerializer: () => url.search.replace(/^\?/, ""),
    });

  const client: Record<string | symbol, unknown> = {
    async page(path: string, init: Init = {}, next?: string | null) {
      const data = next
        ? await fetchAt(path, init, nextPageUrl(next, resolved.root, path), init.signal as AbortSignal)
        : await call("GET", path, init);
      return toPage(path, data);
    },
    request: (method: string, path: string, init?: Init) => call(method.toUpperCase(), path, init),
    on,
    baseUrl: root,
    limiter: resolved.limiter,
    [INSPECT]: () => `AvalaClient { baseUrl: '${root}', apiKey: ${REDACTED} }`,
  };
  for (const name of METHODS) client[name] = (path: string, init?: Init) => call(name, path, init);
  return { client, call, exchange, fetchAt, resolved };
}

/**
 * Creates a typed client of the Avala API with the typed methods and `page()` only — no `raw`, middleware,
 * `parseAs` or `paginate` — for bundles that must stay small, such as a browser app behind `createProxyHandler`.
 * Every call goes through the same pipeline as {@link createClient}'s.
 *
 * @example
 * const avala = createBaseClient({ apiKey: null, baseUrl: "https://app.example.com/api/avala" });
 * const { items, next } = await avala.page("/datasets/");
 */
export function createBaseClient(options: BaseClientOptions): AvalaBaseClient {
  // Middleware are refused at run time too (by resolveOptions), for callers the types do not reach.
  return assemble(options as ClientOptions).client as unknown as AvalaBaseClient;
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
  const support = createRawSupport();
  const { client, call, exchange, fetchAt, resolved } = assemble(options, support);
  support.use(...resolved.middleware);
  const send = async (method: string, path: string, init: Init = {}) => {
    const { built, wire, response } = await exchange(method, path, init, {});
    return support.parse(response ?? support.respond(wire!), method, built.parseAs);
  };
  const rawClient: Record<string, unknown> = {
    request: (method: string, path: string, init?: Init) => send(method.toUpperCase(), path, init),
    use: support.use,
    eject: support.eject,
  };
  for (const name of METHODS) rawClient[name] = (path: string, init?: Init) => send(name, path, init);
  client.raw = rawClient;
  client.use = support.use;
  client.eject = support.eject;
  client.paginate = (path: string, init: Init & PaginateOptions = {}) => {
    const { maxItems, maxPages, prefetch, signal, ...request } = init;
    return new Paginator(
      {
        root: resolved.root,
        path,
        first: async (pageSignal) => {
          const seen: Seen = {};
          const data = await call("GET", path, { ...request, signal: pageSignal }, seen);
          return { data, url: seen.url ?? "" };
        },
        at: (url, pageSignal) => fetchAt(path, request, url, pageSignal),
      },
      { maxItems, maxPages, prefetch, signal },
    );
  };
  return client as unknown as AvalaClient;
}
