import { ResponseTooLargeError } from "../errors/misc-errors.js";
import type { HttpExchange, HttpRequest, HttpResponse, HttpTransport } from "./http-transport.js";

/** A fetch implementation as `createClient` accepts it. */
export type FetchFunction = (input: Request | string, init?: RequestInit) => Promise<Response>;

/**
 * The {@link HttpTransport} over a WHATWG `fetch`: redirects come back unfollowed (`redirect: "manual"`), the body
 * is read whole before the exchange settles (up to `maxResponseBytes`), and aborting goes through an AbortSignal.
 */
export function createFetchTransport(fetch: FetchFunction): HttpTransport {
  return (request: HttpRequest): HttpExchange => {
    const controller = new AbortController();
    const response = exchange(fetch, request, controller);
    return { response, abort: (reason) => controller.abort(reason) };
  };
}

async function exchange(
  fetch: FetchFunction,
  request: HttpRequest,
  controller: AbortController,
): Promise<HttpResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body as BodyInit | undefined,
    redirect: "manual",
    signal: controller.signal,
  });
  const { status, statusText } = response;
  // A browser hides a redirect's target (opaqueredirect, status 0): no body then. The body is read chunk by chunk,
  // already decompressed by fetch, and counted, so one past the limit (a decompression bomb) stops at the limit.
  const limit = request.maxResponseBytes;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const read = await reader?.read();
    if (!read || read.done) break;
    size += read.value.length;
    if (limit && size > limit) {
      const error = new ResponseTooLargeError(
        { method: request.method, path: new URL(request.url).pathname },
        limit,
      );
      controller.abort(error);
      throw error;
    }
    chunks.push(read.value);
  }
  const body = new Uint8Array(size);
  size = 0;
  for (const chunk of chunks) {
    body.set(chunk, size);
    size += chunk.length;
  }
  return { status, statusText, headers: response.headers, body };
}
