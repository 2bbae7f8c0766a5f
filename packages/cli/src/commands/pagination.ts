import type { Paginator } from "@avala/core";

/** The first page's items, or every item with `--all`. */
export async function pageOrAll<T>(paginator: Paginator<T>, all: boolean | undefined): Promise<T[]> {
  if (all) return paginator.toArray();
  for await (const page of paginator.pages()) return page.items;
  return [];
}
