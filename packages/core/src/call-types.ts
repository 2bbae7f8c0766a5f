// The types of the path-typed calls (throwing, raw, paginate, page). Type-only: nothing here reaches a bundle.
//
// Why not openapi-fetch's own method types: they infer the whole `init` argument into a type parameter
// (`Init extends MaybeOptionalInit<…>`), and an object literal inferred into a type parameter loses TypeScript's
// excess-property check, so a misspelt body field (`{ body: { nme: "v3" } }`) compiled. Here the init's type is
// computed from the path alone and only `parseAs` is inferred, so the literal is checked against the operation's
// own shape — at every depth, array items included — and the compiler names the unknown key ("Object literal may
// only specify known properties, and 'nme' does not exist in type …").
import type { PaginatedPath, paths } from "@avala/types";
import type { FetchOptions, Middleware, ParseAsResponse } from "openapi-fetch";
import type {
  ErrorResponse,
  HttpMethod,
  MediaType,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";
import type { APIPromise } from "./api-promise.js";
import type { Page, PaginateOptions, Paginator } from "./paginate.js";
import type { RetryOptions } from "./retry/retry-policy.js";

/**
 * Options of one call: the last argument of a resource method, or next to `params` and `body` in a path-style
 * call's init.
 */
export interface RequestOptions {
  /** Timeout of each attempt of this call, in ms (default: the client's `timeout`). */
  timeout?: number;
  /** Retries after the first attempt for this call (default: the client's `maxRetries`). */
  maxRetries?: number;
  /** `true` opts a POST/PATCH into retries; `false` disables retries for this call; an object overrides the policy. */
  retry?: boolean | RetryOptions;
  /**
   * Sent as `Idempotency-Key`. A POST or PATCH is retried only when it carries one (or with `retry: true`);
   * every attempt sends the same key.
   */
  idempotencyKey?: string;
  /** Cancels the call, including waits for the limiter and between retries (`APIUserAbortError`). */
  signal?: AbortSignal;
  /** Extra headers of this call (they replace the client's of the same name; not the API key). */
  headers?: Record<string, string>;
  /** Most decoded bytes of this call's response body (0: no limit); overrides the client's `maxResponseBytes`. */
  maxResponseBytes?: number;
  /**
   * Longest each attempt of this call may wait for the rate limiter, in ms: past it (or at once, when the limiter
   * can already tell) the call fails with `LimiterWaitTooLongError`. With `timeout` and `maxRetries` it caps the
   * call's total time.
   */
  maxWaitMs?: number;
}

/** The spec's operation object for a path and method. */
type Operation<Path extends keyof paths, Method extends HttpMethod> = paths[Path][Method];

/**
 * How to read a response body: the values of openapi-fetch's `ParseAs`, spelt out here so that a wrong value's
 * error lists them instead of naming openapi-fetch's internal `keyof BodyType<unknown>`.
 */
export type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";

/**
 * What a call to `Path` takes: the operation's `params` and `body` (exactly: unknown keys do not compile),
 * openapi-fetch's request options, `retry`/`timeout`, and a `parseAs` kept as a type parameter because it decides
 * the type of the data.
 */
export type CallInit<Path extends keyof paths, Method extends HttpMethod, As extends ParseAs> = FetchOptions<
  Operation<Path, Method>
> &
  Omit<RequestOptions, "headers" | "signal"> & {
    /** How to read the response body (default `json`); `text`, `blob`, `arrayBuffer` and `stream` type the data accordingly. */
    parseAs?: As;
  };

/**
 * `true` when `Path` is a union of paths rather than one: in a call, that means inference fell back to the
 * constraint because the path given was wrong, so a signature can leave `init` optional and let the error be
 * about the path.
 *
 * @internal
 */
export type NotOnePath<Path, All = Path> = Path extends unknown
  ? [All] extends [Path]
    ? false
    : true
  : never;

/**
 * `[init]` when the operation has a required parameter or body, else `[init?]`. When the path is not one of the
 * method's, init is left optional so that the error is about the path instead of "Expected 2 arguments".
 */
type InitArgs<Path extends keyof paths, Method extends HttpMethod, Init> =
  true extends NotOnePath<Path>
    ? [init?: Init]
    : RequiredKeysOf<FetchOptions<Operation<Path, Method>>> extends never
      ? [init?: Init]
      : [init: Init];

// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint on FetchResponse
type AnyOperation = Record<string | number, any>;

/** The init keys only `createClient()`'s client runs: they need a WHATWG `Request` (or its middleware). */
type RequestOnlyKeys =
  | "parseAs"
  | "middleware"
  | "bodySerializer"
  | "fetch"
  | "Request"
  | keyof Omit<RequestInit, "body" | "headers" | "signal">;

/**
 * What a call of `createBaseClient()`'s client takes: the operation's `params` and JSON `body` (exactly, as in
 * {@link CallInit}), `headers`, `signal`, serializers of the path and query, and the request options. No
 * `parseAs`, middleware, body serializer or fetch options (`cache`, `credentials`, …): those need a WHATWG
 * `Request`, which only `createClient()`'s client builds, and `createBaseClient()`'s would refuse them.
 */
export type BaseCallInit<Path extends keyof paths, Method extends HttpMethod> = CallInit<
  Path,
  Method,
  "json"
> & {
  [Key in RequestOnlyKeys]?: never;
};

// openapi-fetch's FetchResponse passes `data` and `error` through Readable<T>, which strips writeOnly markers (the
// generated types have none) and flattens intersections, but also maps `string & {}`, the open member of an open
// enum (`"a" | "b" | (string & {})`), into an object of String's methods. The types here are therefore computed as
// FetchResponse does, with Flat<T> in place of Readable<T>: the same flattening, primitives left as they are.
type Flat<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends (infer E)[]
    ? Flat<E>[]
    : T extends object
      ? { [K in keyof T]: Flat<T[K]> }
      : T;

/** `undefined` for an operation without a response body (e.g. 204), else the body. */
type BodyOrUndefined<Data> = [Data] extends [never] ? undefined : Data;

/**
 * Response data of a successful call (`undefined` for operations without a body, e.g. 204): openapi-fetch's
 * `data`, computed without its `error` half, which a throwing method never returns.
 */
export type SuccessData<Operation, Init> = Operation extends AnyOperation
  ? BodyOrUndefined<
      Exclude<
        ParseAsResponse<Flat<SuccessResponse<ResponseObjectMap<Operation>, MediaType>>, Init>,
        undefined
      >
    >
  : never;

/** A path-typed method that resolves with the response data and throws a typed `APIError` on failure. */
export type AvalaMethod<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  As extends ParseAs = "json",
>(
  path: Path,
  ...init: InitArgs<Path, Method, CallInit<Path, Method, As>>
) => APIPromise<SuccessData<Operation<Path, Method>, { parseAs: As }>>;

/** A path-typed method of `createBaseClient()`'s client: a {@link BaseCallInit} in, the JSON data out. */
export type BaseMethod<Method extends HttpMethod> = <Path extends PathsWithMethod<paths, Method>>(
  path: Path,
  ...init: InitArgs<Path, Method, BaseCallInit<Path, Method>>
) => APIPromise<SuccessData<Operation<Path, Method>, { parseAs: "json" }>>;

/** openapi-fetch's `{ data, error, response }` of an operation (with open enums kept, see Flat). */
type RawResponse<Operation, As extends ParseAs> = Operation extends AnyOperation
  ?
      | {
          data: ParseAsResponse<
            Flat<SuccessResponse<ResponseObjectMap<Operation>, MediaType>>,
            { parseAs: As }
          >;
          error?: never;
          response: Response;
        }
      | {
          data?: never;
          error: Flat<ErrorResponse<ResponseObjectMap<Operation>, MediaType>>;
          response: Response;
        }
  : never;

/** A path-typed method of {@link RawClient}: resolves with openapi-fetch's `{ data, error, response }`. */
export type RawMethod<Method extends HttpMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  As extends ParseAs = "json",
>(
  path: Path,
  ...init: InitArgs<Path, Method, CallInit<Path, Method, As>>
) => Promise<RawResponse<Operation<Path, Method>, As>>;

/**
 * openapi-fetch's client shape over the Avala transport, with the same exact request types as the throwing
 * methods (openapi-fetch's own `Client` type accepts any extra key in `init`).
 */
export interface RawClient {
  /** Calls any method of a path: `raw.request("get", "/datasets/")`. */
  request<
    Method extends HttpMethod,
    Path extends PathsWithMethod<paths, Method>,
    As extends ParseAs = "json",
  >(
    method: Method,
    path: Path,
    ...init: InitArgs<Path, Method, CallInit<Path, Method, As>>
  ): Promise<RawResponse<Operation<Path, Method>, As>>;
  /** Calls a GET endpoint. */
  GET: RawMethod<"get">;
  /** Calls a PUT endpoint. */
  PUT: RawMethod<"put">;
  /** Calls a POST endpoint. */
  POST: RawMethod<"post">;
  /** Calls a DELETE endpoint. */
  DELETE: RawMethod<"delete">;
  /** Calls a PATCH endpoint. */
  PATCH: RawMethod<"patch">;
  /** Adds openapi-fetch middleware (shared with the throwing client). */
  use(...middleware: Middleware[]): void;
  /** Removes openapi-fetch middleware. */
  eject(...middleware: Middleware[]): void;
}

/** Item type of a cursor-paginated path. */
export type PageItem<Path extends PaginatedPath> = paths[Path]["get"] extends {
  responses: { 200: { content: { "application/json": { results: (infer Item)[] } } } };
}
  ? Item
  : never;

/**
 * What `paginate()` accepts as its path: a cursor-paginated path, or else a message (as a string type) saying why
 * the given one is not, so the compiler's error reads as the reason instead of "Expected 2 arguments".
 */
export type PaginatedPathArg<Path extends keyof paths> =
  true extends NotOnePath<Path>
    ? PaginatedPath
    : Path extends PaginatedPath
      ? Path
      : `paginate() needs a cursor-paginated GET path (one returning { next, previous, results }); ${Path} is not`;

/** `paginate()`'s init: the GET operation's own init plus `maxItems`, `maxPages`, `prefetch`. */
export type PaginateInit<Path extends keyof paths> = Path extends PaginatedPath
  ? FetchOptions<Operation<Path, "get">> & PaginateOptions & Omit<RequestOptions, "headers" | "signal">
  : never;

/** `[init]` when the paginated operation has a required parameter, else `[init?]`. */
export type PaginateArgs<Path extends keyof paths> = Path extends PaginatedPath
  ? InitArgs<Path, "get", PaginateInit<Path>>
  : [init?: never];

/** The paginator of a path: typed items for cursor-paginated paths. */
export type PaginatorOf<Path extends keyof paths> = Paginator<
  Path extends PaginatedPath ? PageItem<Path> : never
>;

/** `page()`'s init: the GET operation's `params` and the request options (`signal`, `retry`, `timeout`, …). */
export type PageInit<Path extends keyof paths> = Path extends PaginatedPath
  ? BaseCallInit<Path, "get">
  : never;

/** One page of a cursor-paginated path. */
export type PageOf<Path extends keyof paths> = Page<Path extends PaginatedPath ? PageItem<Path> : never>;
