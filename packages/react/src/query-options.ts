import type { AvalaBaseClient, AvalaError, Page, PageItem } from "@avala/core";
import type { PaginatedPath } from "@avala/types";
import {
  type DataTag,
  type InfiniteData,
  infiniteQueryOptions,
  queryOptions,
  type UnusedSkipTokenInfiniteOptions,
  type UnusedSkipTokenOptions,
  type UseInfiniteQueryOptions,
  type UseQueryOptions,
} from "@tanstack/react-query";
import { callOperation } from "./call-operation.js";
import {
  type AvalaInfiniteQueryKey,
  type AvalaQueryKey,
  avalaInfiniteQueryKey,
  avalaQueryKey,
} from "./query-key.js";
import type { AvalaData, AvalaHttpMethod, AvalaInit, InitArg, PathsWithMethod } from "./types.js";

/**
 * TanStack Query options a caller may add to an Avala query (everything but `queryKey` and `queryFn`, which are
 * derived from the operation). `retry` defaults to `false`: core already retried the request.
 */
export type AvalaQueryOverrides<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
> = Omit<
  UseQueryOptions<AvalaData<Method, Path>, AvalaError, TData, AvalaQueryKey<Method, Path>>,
  "queryKey" | "queryFn"
>;

/**
 * Options returned by {@link avalaQueryOptions} (TanStack's `queryOptions` result, with the key tagged with the
 * data type): pass them to `useQuery`, `prefetchQuery`, `fetchQuery`, `ensureQueryData`.
 */
export type AvalaQueryOptions<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
> = UnusedSkipTokenOptions<AvalaData<Method, Path>, AvalaError, TData, AvalaQueryKey<Method, Path>> & {
  queryKey: DataTag<AvalaQueryKey<Method, Path>, AvalaData<Method, Path>, AvalaError>;
};

/**
 * Query options of one Avala operation, for `useQuery`/`useSuspenseQuery` and for use outside React: prefetching
 * on the server, router loaders, `queryClient.fetchQuery`. The key is `["avala", method, path, init]`
 * ({@link avalaQueryKey}); `queryFn` sends the operation through the client's dispatch (`client.request`), so a failure rejects
 * with core's typed error (`NotFoundError`, …) after core's retries, and `retry` is `false` unless you override it.
 * A bodiless (204) answer is `null`: TanStack does not allow `undefined` as query data.
 *
 * @example
 * await queryClient.prefetchQuery(avalaQueryOptions(client, "get", "/datasets/{uid}/", { params: { path: { uid } } }));
 */
export function avalaQueryOptions<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
>(
  client: AvalaBaseClient,
  method: Method,
  path: Path,
  ...args: [...InitArg<Method, Path>, overrides?: AvalaQueryOverrides<Method, Path, TData>]
): NoInfer<AvalaQueryOptions<Method, Path, TData>> {
  // InitArg has made `init` required or optional per operation; past that check both are plain optionals.
  const init = args[0] as AvalaInit<Method, Path> | undefined;
  const overrides = args[1] as AvalaQueryOverrides<Method, Path, TData> | undefined;
  return queryOptions({
    retry: false,
    ...overrides,
    queryKey: avalaQueryKey(method, path, init),
    queryFn: async ({ signal }): Promise<AvalaData<Method, Path>> => {
      const data = await callOperation(client, method, path, init, signal);
      return (data ?? null) as AvalaData<Method, Path>;
    },
  });
}

/** The page parameter of an infinite query: `null` for the first page, then the server's `next` URL. */
export type AvalaPageParam = string | null;

/** Cached data of an infinite query: core `Page`s and the `next` URLs they were fetched from. */
export type AvalaInfiniteData<Path extends PaginatedPath> = InfiniteData<
  Page<PageItem<Path>>,
  AvalaPageParam
>;

/** TanStack's infinite-query options typed for one paginated path. */
type InfiniteOptionsOf<Path extends PaginatedPath, TData> = UseInfiniteQueryOptions<
  Page<PageItem<Path>>,
  AvalaError,
  TData,
  AvalaInfiniteQueryKey<Path>,
  AvalaPageParam
>;

/** TanStack Query options a caller may add to an infinite Avala query (not the key, fetcher or page params). */
export type AvalaInfiniteQueryOverrides<Path extends PaginatedPath, TData = AvalaInfiniteData<Path>> = Omit<
  InfiniteOptionsOf<Path, TData>,
  "queryKey" | "queryFn" | "initialPageParam" | "getNextPageParam" | "getPreviousPageParam"
>;

/**
 * Options returned by {@link avalaInfiniteQueryOptions} (TanStack's `infiniteQueryOptions` result), for
 * `useInfiniteQuery` and `prefetchInfiniteQuery`.
 */
export type AvalaInfiniteQueryOptions<
  Path extends PaginatedPath,
  TData = AvalaInfiniteData<Path>,
> = UnusedSkipTokenInfiniteOptions<
  Page<PageItem<Path>>,
  AvalaError,
  TData,
  AvalaInfiniteQueryKey<Path>,
  AvalaPageParam
> & {
  // TanStack tags the key with `InfiniteData<page>` (page parameter `unknown`), as `infiniteQueryOptions` returns.
  queryKey: DataTag<AvalaInfiniteQueryKey<Path>, InfiniteData<Page<PageItem<Path>>>, AvalaError>;
};

/**
 * Infinite-query options of a cursor-paginated operation (only `PaginatedPath`s type-check). The first page is
 * `GET path` with `init`; each next page is the server's `next` URL, followed exactly as sent through
 * core's `client.page` (the same-origin and base-path checks of core's paginator). A `next: null`, an empty page, or a
 * `next` URL already fetched ends the list. Key: `["avala", "get", path, init, "infinite"]`.
 *
 * @example
 * await queryClient.prefetchInfiniteQuery(avalaInfiniteQueryOptions(client, "/datasets/", { params: { query: { limit: 20 } } }));
 */
export function avalaInfiniteQueryOptions<Path extends PaginatedPath, TData = AvalaInfiniteData<Path>>(
  client: AvalaBaseClient,
  path: Path,
  ...args: [...InitArg<"get", Path>, overrides?: AvalaInfiniteQueryOverrides<Path, TData>]
): NoInfer<AvalaInfiniteQueryOptions<Path, TData>> {
  const init = args[0] as AvalaInit<"get", Path> | undefined;
  const overrides = args[1] as AvalaInfiniteQueryOverrides<Path, TData> | undefined;
  return infiniteQueryOptions({
    retry: false,
    ...overrides,
    queryKey: avalaInfiniteQueryKey(path, init),
    // The hook's AvalaInit and core's init type describe the same object from the same spec in two notations.
    queryFn: ({ pageParam, signal }) =>
      client.page(path, { ...init, signal } as Parameters<typeof client.page<Path>>[1], pageParam),
    initialPageParam: null as AvalaPageParam,
    getNextPageParam: (last, _all, _lastParam, allParams) =>
      // Core's paginator stops on an empty page too; a repeated link would loop, so it ends the list.
      last.hasMore && last.items.length > 0 && last.next !== null && !allParams.includes(last.next)
        ? last.next
        : undefined,
  });
}
