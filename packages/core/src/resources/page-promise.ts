import { APIPromise, RESULT } from "../api-promise.js";
import type { AvalaBaseClient } from "../client.js";
import { PaginationError } from "../errors/misc-errors.js";

/** One page of a list, as a resource method returns it (the official SDKs' page shape). */
export interface ResourcePage<T> {
  /** Items of this page. */
  results: T[];
  /** Absolute URL of the next page, or null on the last page. */
  next: string | null;
  /** Absolute URL of the previous page, or null on the first. */
  previous: string | null;
  /** Whether another page follows. */
  hasNextPage(): boolean;
  /**
   * Fetches the next page (its link is followed only on the API's origin, under its base path). Throws a
   * `PaginationError` on the last page.
   */
  getNextPage(): Promise<ResourcePage<T>>;
}

/** How a page promise loads the pages after the first. */
interface PageLoader {
  client: AvalaBaseClient;
  path: string;
  init: object;
}

function toResourcePage<T>(loader: PageLoader, data: unknown): ResourcePage<T> {
  const raw = data as { results?: unknown; next?: unknown; previous?: unknown } | null;
  if (typeof raw !== "object" || raw === null || !Array.isArray(raw.results)) {
    throw new PaginationError(
      `GET ${loader.path} did not return a cursor page ({ next, previous, results }).`,
    );
  }
  const link = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  const next = link(raw.next);
  return {
    results: raw.results as T[],
    next,
    previous: link(raw.previous),
    hasNextPage: () => next !== null,
    async getNextPage() {
      if (next === null) throw new PaginationError(`GET ${loader.path}: this is the last page.`);
      // `page()` checks the link (origin, base path) and sends it exactly as given.
      const page = await loader.client.page(loader.path as never, loader.init as never, next);
      return toResourcePage<T>(loader, { results: page.items, next: page.next, previous: page.previous });
    },
  };
}

/**
 * What a list method returns: `await` gives the first page, `for await` yields every item across pages, and
 * `.pages()` yields page by page. A `next` link seen twice stops the walk with a `PaginationError` instead of
 * looping.
 */
export class PagePromise<T> extends APIPromise<ResourcePage<T>> implements AsyncIterable<T> {
  /** @internal Made by list methods. */
  constructor(client: AvalaBaseClient, path: string, init: object) {
    const loader = { client, path, init };
    const first = client.request("GET", path, init);
    super(first[RESULT].then((result) => ({ ...result, data: toResourcePage<T>(loader, result.data) })));
  }

  /** Yields every page, the first one included. */
  async *pages(): AsyncGenerator<ResourcePage<T>, void, undefined> {
    const seen = new Set<string>();
    let page: ResourcePage<T> = await this;
    for (;;) {
      yield page;
      if (!page.hasNextPage() || page.results.length === 0) return;
      if (seen.has(page.next!)) {
        throw new PaginationError("A next link was already fetched; stopping instead of looping.");
      }
      seen.add(page.next!);
      page = await page.getNextPage();
    }
  }

  /** Yields every item of every page. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) for (const item of page.results) yield item;
  }
}
