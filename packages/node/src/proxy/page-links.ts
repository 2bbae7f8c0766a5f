/** Where the API lives and where the proxy serves it, for rewriting links between the two. */
export interface LinkRoots {
  /** API root as origin + path prefix with a trailing slash, e.g. `https://api.avala.ai` + `/api/v1/`. */
  api: { origin: string; prefix: string };
  /** Public root of the proxy, without a trailing slash, e.g. `https://app.example.com/api/avala`. */
  proxy: string;
}

/**
 * Rewrites the `next`/`previous` links of a cursor page from the API root to the proxy's, so a browser client
 * whose base URL is the proxy can follow them (clients refuse links off their base URL, and must, since the
 * key lives there). Links elsewhere are left as they are, and will be refused by the client.
 */
export function rewritePageLinks(text: string, roots: LinkRoots): string {
  let page: { next?: unknown; previous?: unknown; results?: unknown } | null;
  try {
    page = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof page !== "object" || page === null || !Array.isArray(page.results)) return text;
  const apiRoot = `${roots.api.origin}${roots.api.prefix}`;
  const rewrite = (link: unknown) =>
    typeof link === "string" && link.startsWith(apiRoot)
      ? `${roots.proxy}/${link.slice(apiRoot.length)}`
      : link;
  return JSON.stringify({ ...page, next: rewrite(page.next), previous: rewrite(page.previous) });
}
