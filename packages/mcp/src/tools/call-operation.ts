import type { AvalaClient } from "@avala/core";
import { invoke, PagePromise, PaginationError, type ResourcePage } from "@avala/node";
import type { CatalogOperation } from "@avala/types/catalog";

/** Largest `max_items` one call may ask for: keeps a tool result within what a model can read. */
export const MAX_ITEMS_CAP = 1000;

/**
 * Validated tool arguments as `invoke` takes them: each path and query parameter by name (in the spec's order,
 * which is the order of the query string) and `body`; a header parameter goes with the request's headers.
 */
function inputOf(op: CatalogOperation, args: Record<string, unknown>) {
  const input: Record<string, unknown> = {};
  const headers: Record<string, string> = {};
  for (const param of op.parameters) {
    const value = args[param.name];
    if (value === undefined) continue;
    if (param.in === "header") headers[param.name] = String(value);
    else input[param.name] = value;
  }
  if (op.body && args.body !== undefined) input.body = args.body;
  return { input, headers };
}

/**
 * Calls one operation through the client's one dispatch path (`invoke` by operationId, so the limiter, retries,
 * timeouts and redaction apply) and resolves with the response data; API failures are thrown as core's typed
 * errors.
 */
export function callOperation(
  client: AvalaClient,
  op: CatalogOperation,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<unknown> {
  const { input, headers } = inputOf(op, args);
  return invoke(client, op.operationId, input, { headers, signal });
}

/** What a paginated tool returns. */
export interface PageResult {
  items: unknown[];
  /** Pass as `cursor` to continue where this call stopped; null when there is nothing more. */
  next_cursor: string | null;
}

/**
 * Fetches one page, or with `max_items` walks pages until that many items are collected or the list ends. Each
 * page asks for at most the items still wanted (`limit`), so `next_cursor` continues exactly after the last
 * returned item; that is why the walk sends each page's `cursor` itself rather than following `next` links
 * (`pages()`), which keep the first page's `limit`.
 */
export async function callPaginated(
  client: AvalaClient,
  op: CatalogOperation,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<PageResult> {
  const { max_items: maxItems, ...rest } = args;
  const page = async (query: Record<string, unknown>): Promise<ResourcePage<unknown>> => {
    const { input, headers } = inputOf(op, { ...rest, ...query });
    const call = invoke(client, op.operationId, input, { headers, signal });
    if (!(call instanceof PagePromise)) {
      throw new PaginationError(
        `${op.operationId} (${op.method} ${op.path}) is not a cursor-paginated list.`,
      );
    }
    return await call;
  };
  if (typeof maxItems !== "number") {
    const first = await page({});
    return { items: first.results, next_cursor: first.nextCursor };
  }
  const pageSize = typeof rest.limit === "number" ? rest.limit : undefined;
  const items: unknown[] = [];
  let cursor = typeof rest.cursor === "string" ? rest.cursor : null;
  for (;;) {
    const wanted = maxItems - items.length;
    const current = await page({
      ...(cursor ? { cursor } : {}),
      limit: pageSize === undefined ? wanted : Math.min(pageSize, wanted),
    });
    items.push(...current.results.slice(0, wanted));
    const next = current.nextCursor;
    // Stop at the end of the list, at max_items, or if the server repeats a cursor or sends an empty page.
    if (!next || next === cursor || current.results.length === 0 || items.length >= maxItems) {
      return { items, next_cursor: next };
    }
    cursor = next;
  }
}
