import { APIPromise, RESULT } from "../api-promise.js";
import type { AvalaBaseClient } from "../client.js";
import { PaginationError } from "../errors/misc-errors.js";
import { type Page, toPage } from "../paginate.js";

/**
 * One page of a list, as a list method returns it: the fields of core's {@link Page} (`items`, `hasMore`,
 * `nextCursor`: the official TypeScript SDK's `CursorPage` fields) plus `results` as the API names them, and
 * `hasNextPage()` / `getNextPage()` as Stainless-generated SDKs offer.
 */
export interface ResourcePage<T> extends Page<T> {
  /** Items of this page (the same array as `items`). */
  results: T[];
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

function toResourcePage<T>(loader: PageLoader, page: Page<T>): ResourcePage<T> {
  return {
    ...page,
    results: page.items,
    hasNextPage: () => page.next !== null,
    async getNextPage() {
      if (page.next === null) throw new PaginationError(`GET ${loader.path}: this is the last page.`);
      // `page()` checks the link (origin, base path) and sends it exactly as given.
      return toResourcePage(
        loader,
        await loader.client.page(loader.path as never, loader.init as never, page.next),
      );
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
    super(
      first[RESULT].then((result) => ({
        ...result,
        data: toResourcePage(loader, toPage<T>(path, result.data)),
      })),
    );
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
