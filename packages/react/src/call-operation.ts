import type { AvalaBaseClient } from "@avala/core";
import type { AvalaHttpMethod, AvalaInit, PathsWithMethod } from "./types.js";

/**
 * Sends one operation through the client's own dispatch (`client.request`, the pipeline every call of core ends
 * in): auth, limiter and retries are core's, and a failure rejects with core's typed error (`NotFoundError`, …),
 * which is what TanStack Query stores as `error`. Resolves with the response data, `undefined` for a bodiless
 * (204) answer. The hooks have already checked `path` and `init` against the spec with their own generics.
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
  return client.request(method, path, signal === undefined ? init : { ...init, signal });
}
