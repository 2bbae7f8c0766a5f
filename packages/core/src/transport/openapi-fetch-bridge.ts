import type { HttpRequest, HttpResponse } from "./http-transport.js";

/**
 * Statuses whose response has no body (a `Response` with one cannot be constructed).
 *
 * @internal
 */
export const NULL_BODY_STATUS: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/** The wire request behind a `Request` openapi-fetch built (after its middleware ran). */
export async function fromFetchRequest(request: Request): Promise<HttpRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
  return { method: request.method, url: request.url, headers, body };
}

/** A `Response` for openapi-fetch and its middleware. */
export function toFetchResponse(wire: HttpResponse): Response {
  const headers = new Headers();
  // The body is decoded already: the wire's content-encoding and length no longer describe it.
  const decoded = wire.headers.get("content-encoding") !== null;
  wire.headers.forEach((value, name) => {
    if (!decoded || (name !== "content-encoding" && name !== "content-length")) headers.append(name, value);
  });
  const body = NULL_BODY_STATUS.has(wire.status) ? null : wire.body;
  if (decoded && body) headers.set("content-length", String(body.byteLength));
  return new Response(body as BodyInit | null, { status: wire.status, statusText: wire.statusText, headers });
}
