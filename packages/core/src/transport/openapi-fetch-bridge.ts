import type { HttpRequest, HttpResponse } from "./http-transport.js";

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

// The bytes behind each Response handed to openapi-fetch, so the client can parse them without reading the
// Response's body stream a second time (a measurable cost per call; see bench/RESULTS.md).
const buffered = new WeakMap<Response, Uint8Array | null>();

/** The body the transport already read for `response`, or undefined when the response did not come from it. */
export function bufferedBody(response: Response): Uint8Array | null | undefined {
  return buffered.get(response);
}

/** The wire request behind a `Request` openapi-fetch built (after its middleware ran). */
export async function fromFetchRequest(request: Request): Promise<HttpRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  return { method: request.method, url: request.url, headers, body };
}

/**
 * A `Response` for openapi-fetch and its middleware. `bodyless` leaves the body stream out (the bytes stay
 * available through {@link bufferedBody}): cheaper, for callers that parse the bytes themselves.
 */
export function toFetchResponse(wire: HttpResponse, bodyless: boolean): Response {
  let headers: Headers;
  if (wire.headers instanceof Headers) headers = wire.headers;
  else {
    headers = new Headers();
    wire.headers.forEach((value, name) => {
      headers.append(name, value);
    });
  }
  const body = NULL_BODY_STATUS.has(wire.status) ? null : wire.body;
  const response = new Response(bodyless ? null : (body as BodyInit | null), {
    status: wire.status,
    statusText: wire.statusText,
    headers,
  });
  buffered.set(response, body);
  return response;
}
