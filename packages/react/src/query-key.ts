import type { QueryClient } from "@tanstack/react-query";
import type { AvalaHttpMethod, AvalaInit, PathsWithMethod } from "./types.js";

/** First element of every query key made by this package, so all Avala queries can be found at once. */
export const AVALA_QUERY_KEY_ROOT = "avala";

/** Last element of the key of an infinite (cursor-paginated) query, which keeps its cache apart from the plain query's. */
export const INFINITE_QUERY_KEY_MARKER = "infinite";

/**
 * Query key of an Avala query: `["avala", method, path, init]` — the spec's path template and the init as given
 * (`{}` when omitted, so `useQuery("get", "/datasets/")` and `useQuery("get", "/datasets/", {})` share a cache
 * entry). Stable and documented: match on it with `queryClient.invalidateQueries({ queryKey: ["avala", "get",
 * "/exports/"] })`, `setQueryData`, `getQueryData`, or use {@link invalidate}.
 */
export type AvalaQueryKey<
  Method extends AvalaHttpMethod = AvalaHttpMethod,
  Path extends PathsWithMethod<Method> = PathsWithMethod<Method>,
> = readonly [typeof AVALA_QUERY_KEY_ROOT, Method, Path, AvalaInit<Method, Path> | Record<string, never>];

/**
 * Query key of an infinite query over a cursor-paginated path: `["avala", "get", path, init, "infinite"]`. It
 * starts like the plain query's key, so invalidating `["avala", "get", path]` refreshes both.
 */
export type AvalaInfiniteQueryKey<Path extends PathsWithMethod<"get"> = PathsWithMethod<"get">> = readonly [
  typeof AVALA_QUERY_KEY_ROOT,
  "get",
  Path,
  AvalaInit<"get", Path> | Record<string, never>,
  typeof INFINITE_QUERY_KEY_MARKER,
];

/**
 * Builds the query key of an Avala query (see {@link AvalaQueryKey}).
 *
 * @example
 * queryClient.getQueryData(avalaQueryKey("get", "/datasets/{uid}/", { params: { path: { uid } } }));
 */
export function avalaQueryKey<Method extends AvalaHttpMethod, Path extends PathsWithMethod<Method>>(
  method: Method,
  path: Path,
  init?: AvalaInit<Method, Path>,
): AvalaQueryKey<Method, Path> {
  return [AVALA_QUERY_KEY_ROOT, method, path, init ?? {}] as const;
}

/** Builds the query key of an infinite query over a cursor-paginated path (see {@link AvalaInfiniteQueryKey}). */
export function avalaInfiniteQueryKey<Path extends PathsWithMethod<"get">>(
  path: Path,
  init?: AvalaInit<"get", Path>,
): AvalaInfiniteQueryKey<Path> {
  return [AVALA_QUERY_KEY_ROOT, "get", path, init ?? {}, INFINITE_QUERY_KEY_MARKER] as const;
}

/** What {@link invalidate} and the `invalidates` option of `useMutation` accept: a GET path template, or one with its init. */
export type InvalidateTarget =
  | PathsWithMethod<"get">
  | {
      [Path in PathsWithMethod<"get">]: { path: Path; init?: Partial<AvalaInit<"get", Path>> };
    }[PathsWithMethod<"get">];

/**
 * Marks every cached Avala query of a resource stale and refetches the active ones: plain and infinite queries
 * of `GET path`, whatever their parameters — or, with `{ path, init }`, only those whose init contains `init`.
 * Resolves when the active queries have refetched.
 *
 * @example
 * await invalidate(queryClient, "/exports/"); // after creating an export, the export list refetches
 * await invalidate(queryClient, { path: "/exports/{uid}/", init: { params: { path: { uid } } } });
 */
export function invalidate(queryClient: QueryClient, ...targets: InvalidateTarget[]): Promise<void> {
  return Promise.all(
    targets.map((target) => {
      const { path, init } = typeof target === "string" ? { path: target, init: undefined } : target;
      const queryKey =
        init === undefined ? [AVALA_QUERY_KEY_ROOT, "get", path] : [AVALA_QUERY_KEY_ROOT, "get", path, init];
      return queryClient.invalidateQueries({ queryKey });
    }),
  ).then(() => undefined);
}
