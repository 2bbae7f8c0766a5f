import type { AvalaClient, AvalaError, Page, PageItem } from "@avala/core";
import type { PaginatedPath } from "@avala/types";
import {
  type DataTag,
  type InfiniteData,
  infiniteQueryOptions,
  queryOptions,
  type UseInfiniteQueryOptions,
  type UseQueryOptions,
} from "@tanstack/react-query";
import { openApiQueryClientOf } from "./openapi-query-client.js";
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

/** Options returned by {@link avalaQueryOptions}: pass them to `useQuery`, `prefetchQuery`, `fetchQuery`, `ensureQueryData`. */
export type AvalaQueryOptions<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
> = Omit<
  UseQueryOptions<AvalaData<Method, Path>, AvalaError, TData, AvalaQueryKey<Method, Path>>,
  "queryFn"
> & {
  queryKey: DataTag<AvalaQueryKey<Method, Path>, AvalaData<Method, Path>, AvalaError>;
  queryFn: (context: {
    queryKey: AvalaQueryKey<Method, Path>;
    signal: AbortSignal;
  }) => Promise<AvalaData<Method, Path>>;
};

type UntypedQueryOptions = (
  method: string,
  path: string,
  init?: unknown,
) => { queryFn: (context: { queryKey: readonly unknown[]; signal: AbortSignal }) => Promise<unknown> };

/**
 * Query options of one Avala operation, for `useQuery`/`useSuspenseQuery` and for use outside React: prefetching
 * on the server, router loaders, `queryClient.fetchQuery`. The key is `["avala", method, path, init]`
 * ({@link avalaQueryKey}); the request goes through the core client, so a failure rejects with core's typed error
 * (`NotFoundError`, …) after core's retries, and `retry` is `false` unless you override it.
 *
 * @example
 * await queryClient.prefetchQuery(avalaQueryOptions(client, "get", "/datasets/{uid}/", { params: { path: { uid } } }));
 */
export function avalaQueryOptions<
  Method extends AvalaHttpMethod,
  Path extends PathsWithMethod<Method>,
  TData = AvalaData<Method, Path>,
>(
  client: AvalaClient,
  method: Method,
  path: Path,
  ...[init, overrides]: [...InitArg<Method, Path>, overrides?: AvalaQueryOverrides<Method, Path, TData>]
): NoInfer<AvalaQueryOptions<Method, Path, TData>> {
  const inner = openApiQueryClientOf(client).queryOptions as unknown as UntypedQueryOptions;
  const { queryFn } = inner(method, path, init);
  return queryOptions<AvalaData<Method, Path>, AvalaError, TData, AvalaQueryKey<Method, Path>>({
    retry: false,
    ...(overrides as AvalaQueryOverrides<Method, Path, TData>),
    queryKey: avalaQueryKey(method, path, init as AvalaInit<Method, Path> | undefined),
    // openapi-react-query reads [method, path, init] from the key; ours has the "avala" prefix in front.
    queryFn: ({ queryKey, signal }) =>
      queryFn({ queryKey: queryKey.slice(1), signal }) as Promise<AvalaData<Method, Path>>,
  }) as unknown as AvalaQueryOptions<Method, Path, TData>;
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

/** Options returned by {@link avalaInfiniteQueryOptions}, for `useInfiniteQuery` and `prefetchInfiniteQuery`. */
export type AvalaInfiniteQueryOptions<Path extends PaginatedPath, TData = AvalaInfiniteData<Path>> = Omit<
  InfiniteOptionsOf<Path, TData>,
  "queryFn" | "queryKey"
> & {
  queryKey: DataTag<AvalaInfiniteQueryKey<Path>, AvalaInfiniteData<Path>, AvalaError>;
  queryFn: (context: { pageParam: AvalaPageParam; signal: AbortSignal }) => Promise<Page<PageItem<Path>>>;
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
  client: AvalaClient,
  path: Path,
  ...[init, overrides]: [...InitArg<"get", Path>, overrides?: AvalaInfiniteQueryOverrides<Path, TData>]
): NoInfer<AvalaInfiniteQueryOptions<Path, TData>> {
  const typedInit = init as AvalaInit<"get", Path> | undefined;
  return infiniteQueryOptions({
    retry: false,
    ...(overrides as object),
    queryKey: avalaInfiniteQueryKey(path, typedInit),
    queryFn: ({ pageParam, signal }: { pageParam: AvalaPageParam; signal: AbortSignal }) =>
      client.page(path, { ...typedInit, signal } as Parameters<typeof client.page<Path>>[1], pageParam),
    initialPageParam: null as AvalaPageParam,
    getNextPageParam: (
      last: Page<PageItem<Path>>,
      _all: Page<PageItem<Path>>[],
      _lastParam: AvalaPageParam,
      allParams: AvalaPageParam[],
    ) =>
      // Core's paginator stops on an empty page too; a repeated link would loop, so it ends the list.
      last.hasMore && last.items.length > 0 && last.next !== null && !allParams.includes(last.next)
        ? last.next
        : undefined,
  }) as unknown as AvalaInfiniteQueryOptions<Path, TData>;
}
