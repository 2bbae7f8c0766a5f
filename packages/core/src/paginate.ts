import { abortedBy } from "./errors/connection-errors.js";
import { PaginationError } from "./errors/misc-errors.js";
import { type ApiRoot, isUnderRoot } from "./transport/base-url.js";

/** One page of a cursor-paginated list (same fields as the official SDKs' `CursorPage`). */
export interface Page<T> {
  /** Items of this page. */
  items: T[];
  /** Absolute URL of the next page, or null on the last page. */
  next: string | null;
  /** Absolute URL of the previous page, or null on the first page. */
  previous: string | null;
  /** Whether another page follows. */
  hasMore: boolean;
  /** The `cursor` query value of `next`, or null. */
  nextCursor: string | null;
  /** The `cursor` query value of `previous`, or null. */
  previousCursor: string | null;
}

/** Options of `client.paginate()` besides the operation's own parameters. */
export interface PaginateOptions {
  /** Stop after this many items in total. */
  maxItems?: number;
  /** Stop after this many pages. */
  maxPages?: number;
  /** Fetch the next page while the current one is being consumed. Default false. */
  prefetch?: boolean;
  /** Cancels the iteration and any page request in flight. */
  signal?: AbortSignal;
}

/** Raw wire page. */
interface RawPage<T> {
  next?: string | null;
  previous?: string | null;
  results?: T[];
}

/** How the paginator loads pages; provided by the client so every page goes through the same pipeline. */
export interface PageSource<T> {
  /** Loads the first page; reports the URL it requested. */
  first(signal: AbortSignal): Promise<{ data: unknown; url: string }>;
  /** Loads the page at an absolute `next` URL (already checked to be under the API root). */
  at(url: URL, signal: AbortSignal): Promise<unknown>;
  /** The API root `next` links must stay under. */
  root: ApiRoot;
  /** For messages. */
  path: string;
  /** Type witness. */
  readonly _item?: T;
}

/** A link field as a URL string, or null when absent, empty or not a string. */
const linkOf = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

function cursorOf(link: string | null): string | null {
  if (!link) return null;
  try {
    return new URL(link).searchParams.get("cursor");
  } catch {
    return null;
  }
}

function checkLimit(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new PaginationError(`${name} must be a positive integer; got ${String(value)}.`);
  }
}

/**
 * Iterates a cursor-paginated list: `for await (const item of paginator)` yields items, `.pages()` yields pages.
 * It follows `next` links exactly as the server sends them, only under the client's base URL, and stops on
 * `next: null`, an empty page, `maxItems` or `maxPages`. Breaking out of the loop stops fetching.
 */
export class Paginator<T> implements AsyncIterable<T> {
  readonly #source: PageSource<T>;
  readonly #options: PaginateOptions;

  constructor(source: PageSource<T>, options: PaginateOptions = {}) {
    checkLimit("maxItems", options.maxItems);
    checkLimit("maxPages", options.maxPages);
    this.#source = source;
    this.#options = options;
  }

  /** Yields whole pages. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    const { maxItems = Infinity, maxPages = Infinity, prefetch = false, signal } = this.#options;
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) throw abortedBy(signal);
    const seen = new Set<string>();
    let pending: Promise<unknown> | undefined;
    let pagesDone = 0;
    let itemsDone = 0;

    const load = (url: URL): Promise<unknown> => {
      const promise = this.#source.at(url, controller.signal);
      promise.catch(() => {}); // surfaced when awaited; avoids an unhandled rejection if the loop stops first
      return promise;
    };

    try {
      const first = await this.#source.first(controller.signal);
      seen.add(first.url);
      let data: unknown = first.data;
      for (;;) {
        const page = toPage<T>(this.#source.path, data);
        pagesDone++;
        if (itemsDone + page.items.length > maxItems) page.items = page.items.slice(0, maxItems - itemsDone);
        itemsDone += page.items.length;
        const more = page.hasMore && page.items.length > 0 && pagesDone < maxPages && itemsDone < maxItems;
        // An unusable next link fails the iteration only after this page was handed over: nothing is lost.
        let nextUrl: URL | undefined;
        let refusal: unknown;
        try {
          nextUrl = more
            ? nextPageUrl(page.next as string, this.#source.root, this.#source.path, seen)
            : undefined;
        } catch (error) {
          refusal = error;
        }
        if (nextUrl && prefetch) pending = load(nextUrl);
        yield page;
        if (refusal) throw refusal;
        if (!nextUrl) return;
        data = await (pending ?? load(nextUrl));
        pending = undefined;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      // Stops a prefetch still in flight when the consumer breaks out early.
      if (!controller.signal.aborted) controller.abort();
    }
  }

  /**
   * Yields items across pages. Each fetched page is walked in place: an item already in hand is handed over as an
   * already-settled promise, where an async generator delegating with `yield*` went through several promise
   * hops per item (the largest per-item cost of `for await`; see bench/README.md). Breaking out of the loop
   * calls `return()`, which stops the page walk and any prefetch.
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    const pages = this.pages();
    let items: T[] = [];
    let index = 0;
    const next = (): Promise<IteratorResult<T>> =>
      index < items.length
        ? Promise.resolve({ value: items[index++] as T, done: false })
        : pages.next().then((result) => {
            if (result.done) return { value: undefined, done: true };
            items = result.value.items;
            index = 0;
            return next();
          });
    return {
      next,
      return: async () => {
        items = [];
        return (await pages.return()) as IteratorResult<T>;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Collects every item into an array (mind `maxItems` on large lists). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}

/** Reads a wire page into a {@link Page}; anything that is not a cursor page is a `PaginationError`. */
export function toPage<T>(path: string, data: unknown): Page<T> {
  const raw = data as RawPage<T> | null;
  if (typeof raw !== "object" || raw === null || !Array.isArray(raw.results)) {
    throw new PaginationError(`GET ${path} did not return a cursor page ({ next, previous, results }).`);
  }
  const next = linkOf(raw.next);
  const previous = linkOf(raw.previous);
  return {
    items: raw.results,
    next,
    previous,
    hasMore: next !== null,
    nextCursor: cursorOf(next),
    previousCursor: cursorOf(previous),
  };
}

/**
 * The URL of a `next` link if it may be followed: absolute, on the API root's origin and under its path (so the
 * key is never sent elsewhere), and — when `seen` is given — not fetched before. Otherwise a `PaginationError`.
 */
export function nextPageUrl(next: string, root: ApiRoot, path: string, seen?: Set<string>): URL {
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw new PaginationError(`GET ${path} returned a next link that is not an absolute URL.`);
  }
  if (!isUnderRoot(url, root)) {
    throw new PaginationError(
      `GET ${path} returned a next link on ${url.host}${url.pathname}, outside the API base URL ` +
        `${root.href}; not followed, so the API key stays on the API origin.`,
    );
  }
  url.hash = "";
  if (seen?.has(url.href)) {
    throw new PaginationError(
      `GET ${path} returned a next link that was already fetched; stopping instead of looping.`,
    );
  }
  seen?.add(url.href);
  return url;
}
