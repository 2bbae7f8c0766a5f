import type { AvalaError } from "@avala/core";
import {
  type UseSuspenseQueryOptions,
  type UseSuspenseQueryResult,
  useSuspenseQuery as useTanStackSuspenseQuery,
} from "@tanstack/react-query";
import { useAvalaClient } from "./avala-context.js";
import type { AvalaQueryKey } from "./query-key.js";
import { avalaQueryOptions } from "./query-options.js";
import type { AvalaData, AvalaHttpMethod, InitArg, PathsWithMethod } from "./types.js";

/** TanStack Query options a caller may add to a suspense Avala query. */
export type AvalaSuspenseQueryOverrides<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
> = Omit<
  UseSuspenseQueryOptions<AvalaData<Method, Path>, AvalaError, TData, AvalaQueryKey<Method, Path>>,
  "queryKey" | "queryFn"
>;

/**
 * TanStack's `useSuspenseQuery` for one Avala operation: suspends until the data is there (render it inside a
 * `<Suspense>` boundary), so `data` is always defined; a failure is thrown to the nearest error boundary as core's
 * typed error. Shares its cache entry with `useQuery` of the same operation and init.
 *
 * @example
 * const { data: dataset } = useSuspenseQuery("get", "/datasets/{uid}/", { params: { path: { uid } } });
 */
export function useSuspenseQuery<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
>(
  method: Method,
  path: Path,
  ...args: [...InitArg<Method, Path>, options?: AvalaSuspenseQueryOverrides<Method, Path, TData>]
): UseSuspenseQueryResult<TData, AvalaError> {
  const client = useAvalaClient();
  return useTanStackSuspenseQuery(avalaQueryOptions(client, method, path, ...args));
}
