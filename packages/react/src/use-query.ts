import type { AvalaError } from "@avala/core";
import { type UseQueryResult, useQuery as useTanStackQuery } from "@tanstack/react-query";
import { useAvalaClient } from "./avala-context.js";
import { type AvalaQueryOverrides, avalaQueryOptions } from "./query-options.js";
import type { AvalaData, AvalaHttpMethod, InitArg, PathsWithMethod } from "./types.js";

/**
 * TanStack's `useQuery` for one Avala operation, typed from the spec: `data` is the response body, `error` is core's
 * `AvalaError` (`error instanceof NotFoundError` works). Core retries failed requests; the query itself does not
 * (`retry: false` unless you pass `retry`). Key: `["avala", method, path, init]`.
 *
 * @example
 * const { data, error, isPending } = useQuery("get", "/datasets/{uid}/", { params: { path: { uid } } });
 * if (error instanceof NotFoundError) return <p>No such dataset</p>;
 */
export function useQuery<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
>(
  method: Method,
  path: Path,
  ...args: [...InitArg<Method, Path>, options?: AvalaQueryOverrides<Method, Path, TData>]
): UseQueryResult<TData, AvalaError> {
  const client = useAvalaClient();
  return useTanStackQuery(avalaQueryOptions(client, method, path, ...args));
}
