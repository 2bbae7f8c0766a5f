import {
  createFinalURL,
  createQuerySerializer,
  type PathSerializer,
  type QuerySerializer,
} from "openapi-fetch";
import type { HttpRequest } from "./http-transport.js";

/** What a call may carry and still be built here rather than by openapi-fetch (retry/timeout are taken off before). */
const DIRECT_KEYS = new Set(["params", "body", "headers", "signal", "pathSerializer", "querySerializer"]);

const defaultQuerySerializer = createQuerySerializer();

/** The client's fixed request settings. */
export interface DirectSettings {
  baseUrl: string;
  /** Headers of every request, names in lower case. */
  headers: Record<string, string>;
  pathSerializer: PathSerializer;
}

interface CallInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: unknown };
  body?: unknown;
  headers?: unknown;
  signal?: AbortSignal;
  pathSerializer?: unknown;
  querySerializer?: unknown;
}

/**
 * Builds the request openapi-fetch would send for `init` — same URL, headers and body, with openapi-fetch's own
 * serializers — without the WHATWG `Request` and `Response` objects it goes through, which are most of a call's
 * cost when no middleware needs them. Returns undefined when `init` uses something only openapi-fetch handles
 * (`parseAs`, `bodySerializer`, `baseUrl`, `fetch`, fetch options such as `cache`, a FormData or form body,
 * headers other than a plain object); the caller then goes through openapi-fetch.
 */
export function directRequest(
  settings: DirectSettings,
  method: string,
  path: string,
  init: Record<string, unknown>,
): { request: HttpRequest; signal: AbortSignal | undefined } | undefined {
  for (const key in init) if (!DIRECT_KEYS.has(key)) return undefined;
  const { params, body, headers, signal, pathSerializer, querySerializer } = init as CallInit;
  if (pathSerializer !== undefined && typeof pathSerializer !== "function") return undefined;
  if (querySerializer !== undefined && typeof querySerializer !== "function") return undefined;
  if (body !== undefined && typeof FormData !== "undefined" && body instanceof FormData) return undefined;

  // The same precedence as openapi-fetch: JSON content type < client headers < call headers < params.header.
  const merged: Record<string, string> =
    body === undefined
      ? { ...settings.headers }
      : { "content-type": "application/json", ...settings.headers };
  if (!mergeHeaders(merged, headers) || !mergeHeaders(merged, params?.header)) return undefined;
  const url = createFinalURL(path, {
    baseUrl: settings.baseUrl,
    params: params ?? {},
    querySerializer: (querySerializer as QuerySerializer<unknown> | undefined) ?? defaultQuerySerializer,
    pathSerializer: (pathSerializer as PathSerializer | undefined) ?? settings.pathSerializer,
  });
  // openapi-fetch's default body serializer: JSON, unless the content type asks for a form (left to it).
  if (body !== undefined && merged["content-type"] === "application/x-www-form-urlencoded") return undefined;
  const encoded = body === undefined ? undefined : (JSON.stringify(body) as string | undefined);
  return { request: { method, url, headers: merged, body: encoded }, signal: signal ?? undefined };
}

/** Adds `source` to `target` as openapi-fetch's mergeHeaders does (null removes); false for shapes left to it. */
function mergeHeaders(target: Record<string, string>, source: unknown): boolean {
  if (source == null) return true;
  // A Headers instance or tuples: left to openapi-fetch.
  if (Object.getPrototypeOf(source) !== Object.prototype) return false;
  for (const [name, value] of Object.entries(source)) {
    const key = name.toLowerCase();
    if (value === null) delete target[key];
    else if (Array.isArray(value)) target[key] = value.join(", ");
    else if (value !== undefined) target[key] = String(value);
  }
  return true;
}
