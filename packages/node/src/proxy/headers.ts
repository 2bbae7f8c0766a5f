/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and must not be forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"]);

/**
 * The only request headers forwarded to Avala (an allow-list: a proxy that adds a credential must not pass on
 * what it does not know, such as `X-HTTP-Method-Override`, `X-Original-URL` or `X-Forwarded-*`, which some
 * servers and gateways act on). What the API reads: the body's type and length, content negotiation, and the
 * conditional and idempotency headers. Never the browser's own key, cookies or authorization; `host` belongs to
 * the upstream connection; `accept-encoding` is left to fetch, so the upstream answers only with codings fetch
 * can decode (a browser may accept zstd).
 */
export const FORWARDED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  "accept",
  "accept-language",
  "content-type",
  "content-length",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "if-unmodified-since",
  "idempotency-key",
]);

/** Content codings fetch decodes by itself (it then hands on the decoded body with the original headers). */
const DECODED_BY_FETCH = new Set(["gzip", "x-gzip", "deflate", "br"]);

/**
 * Response headers not handed back to the browser: upstream cookies would be set on this site's origin, and
 * would mean nothing to it anyway.
 */
const NEVER_RETURNED = new Set(["set-cookie", "set-cookie2"]);

function isHopByHop(name: string, listed: Set<string>): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith("proxy-") || listed.has(name);
}

/** Names a `Connection` header declares hop-by-hop for this message (e.g. `Connection: close, x-foo`). */
function connectionListed(headers: Headers): Set<string> {
  const value = headers.get("connection") ?? "";
  return new Set(
    value
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Headers of the browser's request as they may go upstream (the server's API key is added later). */
export function upstreamRequestHeaders(incoming: Headers): Headers {
  const listed = connectionListed(incoming);
  const out = new Headers();
  incoming.forEach((value, name) => {
    if (!isHopByHop(name, listed) && FORWARDED_REQUEST_HEADERS.has(name)) out.append(name, value);
  });
  return out;
}

/**
 * Headers of Avala's response as they may go back to the browser. When fetch has decoded the body (gzip,
 * deflate, br), the upstream's `Content-Encoding` and `Content-Length` no longer describe it and are dropped.
 */
export function downstreamResponseHeaders(upstream: Headers): Headers {
  const listed = connectionListed(upstream);
  const codings = (upstream.get("content-encoding") ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const decoded = codings.length > 0 && codings.every((c) => DECODED_BY_FETCH.has(c));
  const out = new Headers();
  upstream.forEach((value, name) => {
    if (isHopByHop(name, listed) || NEVER_RETURNED.has(name)) return;
    if (decoded && (name === "content-encoding" || name === "content-length")) return;
    out.append(name, value);
  });
  return out;
}
