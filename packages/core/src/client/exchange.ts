// Sending a call: built as plain data, then over the transport directly, or through openapi-fetch's middleware.
import { operationTraits } from "@avala/types";
import { InvalidRequestError } from "../errors/misc-errors.js";
import { buildRequest, type RequestSettings } from "../transport/build-request.js";
import type { RawSupport } from "../transport/raw-request.js";
import type { createTransport } from "../transport/transport.js";
import { DEFAULT_TRAITS, type Init, retryOf } from "./call-settings.js";
import type { Seen } from "./response.js";

/** The refusal of what only `createClient()`'s client runs, before anything is sent. */
export const refuse = (method: string, path: string) =>
  new InvalidRequestError(
    `${method} ${path}: parseAs, middleware, forms and fetch options need createClient(). Nothing was sent.`,
  );

/** The function that sends a call of a client: `raw` is given by `createClient` only. */
export function createExchange(
  settings: RequestSettings,
  transport: ReturnType<typeof createTransport>,
  raw: RawSupport | undefined,
) {
  /**
   * Sends a call: as plain data over the transport when nothing needs a WHATWG `Request` (no middleware, a JSON
   * or text body, no fetch options), else as a `Request` through the middleware (`createClient` only).
   */
  return async function exchange(method: string, path: string, init: Init, seen: Seen) {
    const built = buildRequest(settings, method, path, init);
    const chain = raw ? [...raw.stack, ...built.middleware] : built.middleware;
    const signal = built.rest.signal as AbortSignal | undefined;
    const context = (signal?: AbortSignal | null) => ({
      operation: operationTraits[`${method} ${path}`] ?? DEFAULT_TRAITS,
      retry: retryOf(init),
      timeout: init.timeout,
      maxResponseBytes: init.maxResponseBytes,
      maxWaitMs: init.maxWaitMs,
      signal: signal ?? undefined,
    });
    let plain = chain.length === 0 && (built.body === undefined || typeof built.body === "string");
    for (const key in built.rest) if (key !== "signal") plain = false;
    if (plain) {
      seen.url = built.url;
      const request = {
        method,
        url: built.url,
        headers: built.headers,
        body: built.body as string | undefined,
      };
      const wire = await transport(request, context(signal));
      seen.response = wire;
      return { built, wire };
    }
    if (!raw) throw refuse(method, path);
    const response = await raw.send(built, chain, path, async (request) => {
      seen.url = request.url;
      const answer = raw.respond(await transport(await raw.wire(request), context(request.signal)));
      seen.response = answer;
      return answer;
    });
    return { built, response };
  };
}
