import { type AvalaClient, type Page, type PageItem, PaginationError } from "@avala/core";
import type { PaginatedPath } from "@avala/types";
import type { AvalaInit } from "./types.js";

type UntypedGet = (path: string, init?: Record<string, unknown>) => Promise<unknown>;

/** The API root of a client as core checks it: origin, and a path prefix with a trailing slash. */
function rootOf(client: AvalaClient): { origin: string; prefix: string } {
  const url = new URL(client.baseUrl);
  return { origin: url.origin, prefix: `${url.pathname.replace(/\/+$/, "")}/` };
}

function cursorOf(link: string | null): string | null {
  if (!link) return null;
  try {
    return new URL(link).searchParams.get("cursor");
  } catch {
    return null;
  }
}

function toPage<T>(path: string, data: unknown): Page<T> {
  const raw = data as { next?: unknown; previous?: unknown; results?: unknown } | null;
  if (typeof raw !== "object" || raw === null || !Array.isArray(raw.results)) {
    throw new PaginationError(`GET ${path} did not return a cursor page ({ next, previous, results }).`);
  }
  const next = typeof raw.next === "string" && raw.next !== "" ? raw.next : null;
  const previous = typeof raw.previous === "string" && raw.previous !== "" ? raw.previous : null;
  return {
    items: raw.results as T[],
    next,
    previous,
    hasMore: next !== null,
    nextCursor: cursorOf(next),
    previousCursor: cursorOf(previous),
  };
}

/**
 * The URL of a `next` link if the client may follow it: absolute, on the client's base URL origin and under its
 * path — the rule of core's paginator, so the API key is never sent anywhere else.
 *
 * @throws PaginationError for any other link; nothing is sent.
 */
export function checkNextUrl(client: AvalaClient, path: string, next: string): URL {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw new PaginationError(`GET ${path} returned a next link that is not an absolute URL.`);
  }
  const root = rootOf(client);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.prefix)) {
    throw new PaginationError(
      `GET ${path} returned a next link on ${url.host}${url.pathname}, outside the API base URL ` +
        `${client.baseUrl}; it was not followed so the API key is not sent there.`,
    );
  }
  url.hash = "";
  return url;
}

/**
 * Fetches one page of a cursor-paginated list through the core client (auth, limiter, retries, typed errors):
 * the first page when `next` is null, else the page at the server's `next` URL, requested exactly as sent —
 * after the same check core's paginator makes (same origin as the base URL, under its path; anything else is a
 * `PaginationError` and nothing is sent). Returns core's `Page` (`items`, `next`, `hasMore`, `nextCursor`, …).
 *
 * Used by {@link useInfiniteQuery}; usable on its own, e.g. in a router loader.
 *
 * @example
 * const first = await fetchPage(client, "/datasets/");
 * const second = first.next ? await fetchPage(client, "/datasets/", undefined, first.next) : undefined;
 */
export async function fetchPage<Path extends PaginatedPath>(
  client: AvalaClient,
  path: Path,
  init?: AvalaInit<"get", Path>,
  next: string | null = null,
  signal?: AbortSignal,
): Promise<Page<PageItem<Path>>> {
  const get = client.GET as unknown as UntypedGet;
  const base: Record<string, unknown> = { ...(init ?? {}), ...(signal ? { signal } : {}) };
  if (next === null) return toPage(path, await get(path, base));
  const url = checkNextUrl(client, path, next);
  // The same technique as core's paginator: the request goes through openapi-fetch and core's transport for the
  // operation `GET path` (so its rate-limit class and middleware apply), with the URL replaced by the link.
  const data = await get(path, {
    ...base,
    params: { path: {}, query: {} },
    pathSerializer: () => `${url.origin}${url.pathname}`,
    querySerializer: () => url.search.replace(/^\?/, ""),
  });
  return toPage(path, data);
}
