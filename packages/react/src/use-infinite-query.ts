import type { AvalaError, PageItem } from "@avala/core";
import type { PaginatedPath } from "@avala/types";
import {
  type UseInfiniteQueryResult,
  useInfiniteQuery as useTanStackInfiniteQuery,
} from "@tanstack/react-query";
import { useMemo } from "react";
import { useAvalaClient } from "./avala-context.js";
import {
  type AvalaInfiniteData,
  type AvalaInfiniteQueryOverrides,
  avalaInfiniteQueryOptions,
} from "./query-options.js";
import type { InitArg } from "./types.js";

/** Result of {@link useInfiniteQuery}: TanStack's infinite-query result plus the flattened `items`. */
export type AvalaInfiniteQueryResult<Path extends PaginatedPath> = UseInfiniteQueryResult<
  AvalaInfiniteData<Path>,
  AvalaError
> & {
  /** Items of every page loaded so far, in order (empty while the first page loads). */
  items: PageItem<Path>[];
};

/**
 * An infinite query over a cursor-paginated list (only `PaginatedPath`s type-check): the first page is
 * `GET path` with `init`, and `fetchNextPage()` follows the server's `next` URL exactly as sent, through the core
 * client, after core's same-origin check. `hasNextPage` turns false at `next: null`, an empty page, or a repeated
 * link. `items` holds every loaded item; `data.pages` the core `Page`s. Key: `["avala", "get", path, init, "infinite"]`.
 *
 * @example
 * const { items, hasNextPage, fetchNextPage, isFetchingNextPage } = useInfiniteQuery("/datasets/", {
 *   params: { query: { limit: 20 } },
 * });
 */
export function useInfiniteQuery<Path extends PaginatedPath>(
  path: Path,
  ...args: [...InitArg<"get", Path>, options?: Omit<AvalaInfiniteQueryOverrides<Path>, "select">]
): AvalaInfiniteQueryResult<Path> {
  const client = useAvalaClient();
  const result = useTanStackInfiniteQuery(avalaInfiniteQueryOptions(client, path, ...args));
  const pages = result.data?.pages;
  const items = useMemo(() => (pages ? pages.flatMap((page) => page.items) : []), [pages]);
  return Object.assign(result, { items });
}
