import type { paths } from "@avala/types";
import { type DefaultBodyType, type HttpHandler, type HttpResponseResolver, http } from "msw";
import type {
  ErrorResponseJSON,
  HttpMethod,
  PathsWithMethod,
  RequestBodyJSON,
  SuccessResponseJSON,
} from "openapi-typescript-helpers";
import { resolveHandlerUrl } from "./handler-url.js";

/** The spec's operation at `method` + `path`. */
type Operation<M extends HttpMethod, P extends keyof paths> = paths[P] extends Record<M, infer O> ? O : never;

/** Path parameters of an operation, as MSW gives them: strings by name. */
export type AvalaPathParams<M extends HttpMethod, P extends keyof paths> =
  Operation<M, P> extends {
    parameters: { path?: infer Params };
  }
    ? { [K in keyof NonNullable<Params>]: string }
    : Record<string, never>;

/** The success body of an operation, e.g. a `Dataset` for `get /datasets/{uid}/`. */
export type AvalaSuccessBody<M extends HttpMethod, P extends keyof paths> = SuccessResponseJSON<
  Operation<M, P> & Record<string | number, unknown>
>;

/** What a handler of an operation may answer: its success body or one of its documented error bodies. */
export type AvalaResponseBody<M extends HttpMethod, P extends keyof paths> =
  | AvalaSuccessBody<M, P>
  | ErrorResponseJSON<Operation<M, P> & Record<string | number, unknown>>;

/** The JSON request body of an operation (`never` when it takes none). */
export type AvalaRequestBody<M extends HttpMethod, P extends keyof paths> = RequestBodyJSON<Operation<M, P>>;

/** Options of the MSW helpers. */
export interface AvalaHandlerOptions {
  /**
   * Where the code under test sends Avala requests: the API root (default `https://api.avala.ai/api/v1`), or in
   * a browser app the mount of your server-side proxy (e.g. `/api/avala`, resolved against the page's origin).
   */
  baseUrl?: string;
}

/**
 * An MSW handler for one operation of the Avala API, typed by `@avala/types`: only paths the spec has for
 * `method`, `params` named after the path's parameters, and a resolver whose `HttpResponse.json()` body must be
 * the operation's success body or a documented error body. Use it to override a generated handler in one test.
 *
 * @example
 * server.use(
 *   avalaHandler("get", "/datasets/{uid}/", ({ params }) =>
 *     HttpResponse.json({ detail: `No dataset ${params.uid}.` }, { status: 404 }),
 *   ),
 * );
 */
export function avalaHandler<M extends HttpMethod, P extends PathsWithMethod<paths, M>>(
  method: M,
  path: P,
  resolver: HttpResponseResolver<
    AvalaPathParams<M, P>,
    AvalaRequestBody<M, P> extends DefaultBodyType ? AvalaRequestBody<M, P> : DefaultBodyType,
    AvalaResponseBody<M, P> extends DefaultBodyType ? AvalaResponseBody<M, P> : DefaultBodyType
  >,
  options: AvalaHandlerOptions = {},
): HttpHandler {
  const url = resolveHandlerUrl(options.baseUrl, path as string);
  const register = http[method as Exclude<HttpMethod, "trace">] as unknown as (
    path: string,
    resolver: unknown,
  ) => HttpHandler;
  if (typeof register !== "function") throw new TypeError(`avalaHandler(): MSW has no "${method}" handlers`);
  return register(url, resolver);
}
