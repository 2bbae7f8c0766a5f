import type { AvalaClient } from "@avala/core";
import type { CatalogOperation } from "@avala/types/catalog";

/** Largest `max_items` one call may ask for: keeps a tool result within what a model can read. */
export const MAX_ITEMS_CAP = 1000;

type Init = {
  params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };
  body?: unknown;
  signal: AbortSignal;
};
type Send = (path: string, init: Init) => Promise<unknown>;

/** Splits validated tool arguments into openapi-fetch's request parts, as the catalog says each one goes. */
function requestInit(op: CatalogOperation, args: Record<string, unknown>, signal: AbortSignal): Init {
  const params: Init["params"] = { path: {}, query: {}, header: {} };
  for (const param of op.parameters) {
    const value = args[param.name];
    if (value !== undefined) params[param.in][param.name] = value;
  }
  return { params, ...(op.body && args.body !== undefined ? { body: args.body } : {}), signal };
}

/**
 * Calls one operation through the client (so the limiter, retries, timeouts and redaction apply) and resolves
 * with the response data; API failures are thrown as core's typed errors.
 */
export function callOperation(
  client: AvalaClient,
  op: CatalogOperation,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<unknown> {
  // The client's methods are typed per path; the catalog's operations are only known at run time.
  const send = client[op.method as "GET"] as unknown as Send;
  return send(op.path, requestInit(op, args, signal));
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
 * returned item.
 */
export async function callPaginated(
  client: AvalaClient,
  op: CatalogOperation,
  args: Record<string, unknown>,
  signal: AbortSignal,
): Promise<PageResult> {
  const { max_items: maxItems, ...rest } = args as { max_items?: number } & Record<string, unknown>;
  const page = (query: Record<string, unknown>) => {
    const init = requestInit(op, { ...rest, ...query }, signal);
    return client.page(op.path as "/datasets/", init as never);
  };
  if (maxItems === undefined) {
    const first = await page({});
    return { items: first.items, next_cursor: first.nextCursor };
  }
  const pageSize = typeof rest.limit === "number" ? rest.limit : undefined;
  const items: unknown[] = [];
  let cursor = (rest.cursor as string | undefined) ?? null;
  for (;;) {
    const wanted = maxItems - items.length;
    const current = await page({
      ...(cursor ? { cursor } : {}),
      limit: pageSize === undefined ? wanted : Math.min(pageSize, wanted),
    });
    items.push(...current.items.slice(0, wanted));
    const next = current.nextCursor;
    // Stop at the end of the list, at max_items, or if the server repeats a cursor or sends an empty page.
    if (!next || next === cursor || current.items.length === 0 || items.length >= maxItems) {
      return { items, next_cursor: next };
    }
    cursor = next;
  }
}
