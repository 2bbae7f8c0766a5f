import {
  type BodySerializer,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  type Middleware,
  mergeHeaders,
  type PathSerializer,
  type QuerySerializer,
  removeTrailingSlash,
} from "openapi-fetch";
import type { RetryOptions } from "../retry/retry-policy.js";
import type { HttpRequest, HttpResponse } from "./http-transport.js";
import { fromFetchRequest, toFetchResponse } from "./openapi-fetch-bridge.js";

/**
 * Why not openapi-fetch's `createClient`: its request function builds a WHATWG Request, calls `fetch` and parses
 * the Response — the client's transport already does the sending, retries and redirects, so most of it would be
 * a second pipeline, and it is 1 kB (min+gzip) of a browser bundle. What is kept is openapi-fetch's behaviour for
 * `raw` and middleware: its serializers and header merging (imported), its middleware contract
 * (onRequest/onResponse/onError, in the same order, with the same arguments and return rules) and its parsing of
 * `{ data, error, response }`. `test/raw.test.ts` pins that behaviour.
 */

type HeaderValues = Parameters<typeof mergeHeaders>[0];

/** `{ data, error, response }` as openapi-fetch returns it. */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** What a call saw of its request, for error messages. */
export interface Seen {
  response?: { status: number; headers: Pick<Headers, "get"> };
  url?: string;
}

/** Sends one wire request through the client's pipeline (auth, limiter, retries, redirect rules, timeout). */
export type SendWire = (
  request: HttpRequest,
  method: string,
  path: string,
  init: { retry?: boolean | RetryOptions | undefined; timeout?: number | undefined },
  signal: AbortSignal | undefined,
) => Promise<HttpResponse>;

/** The client's fixed request settings for {@link createRawSender}. */
export interface RawSettings {
  baseUrl: string;
  headers: Record<string, string>;
  pathSerializer: PathSerializer;
  send: SendWire;
}

/** openapi-fetch's `request` (with middleware) over the client's pipeline, plus `use` / `eject`. */
export function createRawSender(settings: RawSettings) {
  const stack: Middleware[] = [];
  const use = (...middleware: Middleware[]) => {
    for (const m of middleware) {
      if (!m) continue;
      if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
        throw new Error(
          "Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`",
        );
      }
      stack.push(m);
    }
  };
  const eject = (...middleware: Middleware[]) => {
    for (const m of middleware) {
      const i = stack.indexOf(m);
      if (i !== -1) stack.splice(i, 1);
    }
  };

  async function send(
    method: string,
    path: string,
    init: Record<string, unknown> = {},
    seen: Seen = {},
  ): Promise<RawResult> {
    const {
      baseUrl,
      fetch: _fetch,
      Request: _request,
      headers,
      params = {},
      parseAs = "json",
      querySerializer: requestQuery,
      bodySerializer = defaultBodySerializer,
      pathSerializer = settings.pathSerializer,
      body,
      middleware: perCall = [],
      retry: _retry,
      timeout: _timeout,
      ...rest
    } = init as Record<string, never> & {
      params?: { header?: HeaderValues; path?: Record<string, unknown> };
      headers?: HeaderValues;
      middleware?: Middleware[];
      querySerializer?: QuerySerializer<unknown> | Record<string, unknown>;
      bodySerializer?: BodySerializer<unknown>;
      pathSerializer?: PathSerializer;
      parseAs?: string;
    };
    const querySerializer =
      typeof requestQuery === "function" ? requestQuery : createQuerySerializer(requestQuery);
    const options = Object.freeze({
      baseUrl: baseUrl ? removeTrailingSlash(baseUrl) : settings.baseUrl,
      fetch: (request: Request) => viaPipeline(request),
      parseAs,
      querySerializer,
      bodySerializer,
      pathSerializer,
    });
    const serialized =
      body === undefined
        ? undefined
        : (bodySerializer as (body: unknown, headers: Headers) => unknown)(
            body,
            mergeHeaders(settings.headers, headers, params.header),
          );
    let request = new Request(
      createFinalURL(path, { baseUrl: options.baseUrl, params, querySerializer, pathSerializer }),
      {
        redirect: "follow",
        ...rest,
        method,
        body: serialized as BodyInit | undefined,
        headers: mergeHeaders(
          serialized === undefined || serialized instanceof FormData
            ? {}
            : { "Content-Type": "application/json" },
          settings.headers,
          headers,
          params.header,
        ),
      },
    );
    for (const key in rest)
      if (!(key in request)) (request as unknown as Record<string, unknown>)[key] = rest[key];

    async function viaPipeline(sent: Request): Promise<Response> {
      seen.url = sent.url;
      const wire = await settings.send(await fromFetchRequest(sent), method, path, init, sent.signal);
      const response = toFetchResponse(wire);
      seen.response = response;
      return response;
    }

    const chain = [...stack, ...perCall];
    const id = Math.random().toString(36).slice(2, 11);
    const hook = (m: Middleware, name: "onRequest" | "onResponse" | "onError", extra: object) =>
      // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's hook arguments, built the way it builds them
      (m as any)?.[name]?.({ request, schemaPath: path, params, options, id, ...extra });
    let response: Response | undefined;
    for (const m of chain) {
      const result = await hook(m, "onRequest", {});
      if (result instanceof Request) request = result;
      else if (result instanceof Response) {
        response = result;
        break;
      } else if (result) {
        throw new Error("onRequest: must return new Request() or Response() when modifying the request");
      }
    }
    if (!response) {
      try {
        response = await viaPipeline(request);
      } catch (thrown) {
        let error: unknown = thrown;
        for (let i = chain.length - 1; i >= 0; i--) {
          const result = await hook(chain[i]!, "onError", { error });
          if (result instanceof Response) {
            error = undefined;
            response = result;
            break;
          }
          if (result instanceof Error) error = result;
          else if (result) throw new Error("onError: must return new Response() or instance of Error");
        }
        if (error) throw error;
      }
      for (let i = chain.length - 1; i >= 0; i--) {
        const result = await hook(chain[i]!, "onResponse", { response });
        if (result) {
          if (!(result instanceof Response)) {
            throw new Error("onResponse: must return new Response() when modifying the response");
          }
          response = result;
        }
      }
    }
    return parse(response as Response, request.method, parseAs);
  }

  return { send, use, eject, stack };
}

/** openapi-fetch's reading of a response into `{ data, error, response }`. */
async function parse(response: Response, method: string, parseAs: string): Promise<RawResult> {
  const length = response.headers.get("content-length");
  if (
    response.status === 204 ||
    method === "HEAD" ||
    (length === "0" && !response.headers.get("transfer-encoding")?.includes("chunked"))
  ) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    let data: unknown;
    if (parseAs === "stream") data = response.body;
    else if (parseAs === "json" && !length) {
      const text = await response.text();
      data = text ? JSON.parse(text) : undefined;
    } else data = await (response as unknown as Record<string, () => Promise<unknown>>)[parseAs]!();
    return { data, response };
  }
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {}
  return { error, response };
}
