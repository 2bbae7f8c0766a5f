import type { AvalaBaseClient } from "@avala/core";
import type { AvalaHttpMethod, AvalaInit, PathsWithMethod } from "./types.js";

/** Core's method name for each lower-case HTTP method of the spec. */
const CLIENT_METHOD = {
  get: "GET",
  put: "PUT",
  post: "POST",
  delete: "DELETE",
  options: "OPTIONS",
  head: "HEAD",
  patch: "PATCH",
} as const satisfies Record<AvalaHttpMethod, keyof AvalaBaseClient>;

/**
 * One of core's throwing methods seen through the shape every one of them shares. Core types each method per
 * path (`AvalaMethod<"get">` is generic over the path templates that have a GET); the hooks have already
 * checked `path` and `init` against the spec with their own generics, so here the call needs no more than this.
 */
type CoreCall = (path: string, init?: object) => Promise<unknown>;

/**
 * Sends one operation through core's throwing method (`client.GET`, `client.POST`, …): auth, limiter and retries
 * are core's, and a failure rejects with core's typed error (`NotFoundError`, …), which is what TanStack Query
 * stores as `error`. Resolves with the response data, `undefined` for a bodiless (204) answer.
 *
 * @internal
 */
export function callOperation<Method extends AvalaHttpMethod, Path extends PathsWithMethod<Method>>(
  client: AvalaBaseClient,
  method: Method,
  path: Path,
  init: AvalaInit<Method, Path> | undefined,
  signal?: AbortSignal,
): Promise<unknown> {
  const call = client[CLIENT_METHOD[method]] as CoreCall;
  return call(path, signal === undefined ? init : { ...init, signal });
}
