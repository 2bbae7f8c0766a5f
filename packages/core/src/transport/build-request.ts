import {
  type BodySerializer,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  type Middleware,
  type PathSerializer,
  type QuerySerializer,
  removeTrailingSlash,
} from "openapi-fetch";

const defaultQuerySerializer = createQuerySerializer();

/** The client's fixed request settings. */
export interface RequestSettings {
  baseUrl: string;
  /** Headers of every request, names in lower case. */
  headers: Record<string, string>;
  pathSerializer: PathSerializer;
}

/** A request built from a call's `init`, before it is sent. */
export interface BuiltRequest {
  method: string;
  url: string;
  /** Names in lower case. */
  headers: Record<string, string>;
  /** The serialized body: JSON text, or what a `bodySerializer` returned (FormData, URLSearchParams, …). */
  body: unknown;
  /** The rest of `init`: `signal` and fetch options such as `cache`. */
  rest: Record<string, unknown>;
  parseAs: string;
  /** The call's own middleware. */
  middleware: Middleware[];
  params: { header?: unknown; path?: Record<string, unknown>; query?: Record<string, unknown> };
  /** The base URL, serializers and `parseAs` used: what openapi-fetch hands middleware as `options`. */
  options: {
    baseUrl: string;
    parseAs: string;
    querySerializer: QuerySerializer<unknown>;
    bodySerializer: BodySerializer<unknown>;
    pathSerializer: PathSerializer;
  };
}

/**
 * Builds a call's request as openapi-fetch does — its serializers, its header precedence (JSON content type <
 * client headers < call headers < `params.header`; `null` removes), its body serializer — as plain data, so a
 * call without middleware needs no WHATWG `Request`. `retry`, `timeout` and `maxResponseBytes` are the client's, left out here.
 */
export function buildRequest(
  settings: RequestSettings,
  method: string,
  path: string,
  init: Record<string, unknown>,
): BuiltRequest {
  const {
    baseUrl,
    fetch: _fetch,
    Request: _request,
    retry: _retry,
    timeout: _timeout,
    maxRetries: _maxRetries,
    idempotencyKey,
    maxResponseBytes: _maxResponseBytes,
    maxWaitMs: _maxWaitMs,
    headers,
    params = {},
    parseAs = "json",
    querySerializer: query,
    bodySerializer = defaultBodySerializer,
    pathSerializer = settings.pathSerializer,
    body,
    middleware = [],
    ...rest
  } = init as Record<string, never> & {
    params?: BuiltRequest["params"];
    querySerializer?: QuerySerializer<unknown> | Record<string, unknown>;
    bodySerializer?: BodySerializer<unknown>;
    pathSerializer?: PathSerializer;
    parseAs?: string;
    middleware?: Middleware[];
    baseUrl?: string;
  };
  const querySerializer =
    typeof query === "function" ? query : query ? createQuerySerializer(query) : defaultQuerySerializer;
  const root = baseUrl ? removeTrailingSlash(baseUrl) : settings.baseUrl;
  const key = idempotencyKey && { "idempotency-key": idempotencyKey };
  let merged = mergeHeaders({ ...settings.headers }, headers, params.header, key);
  const encoded =
    body === undefined ? undefined : (bodySerializer as (b: unknown, h: object) => unknown)(body, merged);
  // The JSON content type goes under every other header (a FormData body sets its own).
  if (encoded !== undefined && !(encoded instanceof FormData)) {
    merged = mergeHeaders(
      { "content-type": "application/json", ...settings.headers },
      headers,
      params.header,
      key,
    );
  }
  return {
    method,
    url: createFinalURL(path, { baseUrl: root, params, querySerializer, pathSerializer }),
    headers: merged,
    body: encoded,
    rest,
    parseAs,
    middleware,
    params,
    options: { baseUrl: root, parseAs, querySerializer, bodySerializer, pathSerializer },
  };
}

/**
 * Adds each source's headers to `target`, names in lower case, as openapi-fetch's mergeHeaders does: a later
 * source wins, `null` removes, an array is joined, `undefined` is skipped; a source may be a `Headers`.
 */
export function mergeHeaders(target: Record<string, string>, ...sources: unknown[]): Record<string, string> {
  for (const source of sources) {
    if (!source || typeof source !== "object") continue;
    for (const [name, value] of source instanceof Headers ? source.entries() : Object.entries(source)) {
      const key = name.toLowerCase();
      if (value === null) delete target[key];
      else if (Array.isArray(value)) target[key] = value.join(", ");
      else if (value !== undefined) target[key] = String(value);
    }
  }
  return target;
}
