import type { HttpExchange, HttpRequest, HttpResponse, HttpTransport } from "./http-transport.js";

/** A fetch implementation as `createClient` accepts it. */
export type FetchFunction = (input: Request | string, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

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
  if (response.type === "opaqueredirect") {
    return { status: 0, statusText: "", headers: response.headers, body: null, opaqueRedirect: true };
  }
  if (response.status >= 300 && response.status < 400 && response.status !== 304) {
    // Only the location matters; the body of a redirect is dropped unread.
    await response.body?.cancel().catch(() => {});
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      body: null,
    };
  }
  const body = NULL_BODY_STATUS.has(response.status) ? null : new Uint8Array(await response.arrayBuffer());
  let headers = response.headers;
  if (headers.has("content-encoding")) {
    // fetch already decoded the body: describe what is handed on, not what came over the wire.
    headers = new Headers(headers);
    headers.delete("content-encoding");
    if (body) headers.set("content-length", String(body.byteLength));
  }
  return { status: response.status, statusText: response.statusText, headers, body };
}
