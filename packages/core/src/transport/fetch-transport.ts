import type { HttpExchange, HttpRequest, HttpResponse, HttpTransport } from "./http-transport.js";

/** A fetch implementation as `createClient` accepts it. */
export type FetchFunction = (input: Request | string, init?: RequestInit) => Promise<Response>;

/**
 * The {@link HttpTransport} over a WHATWG `fetch`: redirects come back unfollowed (`redirect: "manual"`), the body
 * is read whole before the exchange settles, and aborting goes through an AbortSignal.
 */
export function createFetchTransport(fetch: FetchFunction): HttpTransport {
  return (request: HttpRequest): HttpExchange => {
    const controller = new AbortController();
    const response = exchange(fetch, request, controller.signal);
    return { response, abort: (reason) => controller.abort(reason) };
  };
}

async function exchange(
  fetch: FetchFunction,
  request: HttpRequest,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body as BodyInit | undefined,
    redirect: "manual",
    signal,
  });
  const { status, statusText } = response;
  // A browser hides a redirect's target (opaqueredirect, status 0); every body is read whole (empty when none).
  const body = new Uint8Array(await response.arrayBuffer());
  return { status, statusText, headers: response.headers, body };
}
