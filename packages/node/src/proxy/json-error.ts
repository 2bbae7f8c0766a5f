/** Machine-readable reasons the proxy itself answers with (never sent by Avala). */
export type ProxyErrorCode =
  | "not_found"
  | "operation_not_allowed"
  | "unsafe_redirect"
  | "upstream_unreachable"
  | "rate_limited"
  | "rate_limiter_busy"
  | "rate_limiter_unavailable"
  | "client_closed_request"
  | "unauthorized"
  | "forbidden"
  | "proxy_error";

/**
 * A JSON error answer in the shape of Avala's own errors (`{ detail, code }`), so a browser client parses the
 * proxy's refusals the same way as the API's.
 */
export function jsonError(
  status: number,
  code: ProxyErrorCode,
  detail: string,
  extraHeaders: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ detail, code }), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...extraHeaders },
  });
}
