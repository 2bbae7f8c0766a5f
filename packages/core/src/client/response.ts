// Reading a response: the JSON body, and the typed error of a failed one.
import { type APIError, createAPIError } from "../errors/api-error.js";
import { parseRateLimitInfo } from "../rate-limit-info.js";
import { serverRequestedDelayMs } from "../retry/retry-after.js";
import type { ResponseHeaders } from "../transport/http-transport.js";

export const decoder = new TextDecoder();

export const isOk = (status: number) => status >= 200 && status < 300;

/** What a call saw of its request, for error messages. */
export interface Seen {
  response?: { status: number; headers: ResponseHeaders };
  url?: string;
}

/**
 * A JSON body: undefined when empty; an error status with a body that is not JSON yields the raw text (the
 * caller reports it as non-JSON); a successful one with broken JSON throws SyntaxError.
 */
export function parseText(ok: boolean, text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    if (ok) throw error;
    return text;
  }
}

/**
 * The typed error of a failed response. Everything taken from the response (headers, status text, body) is
 * masked like the message: the client's keys, anything that looks like a key, values under secret-looking names.
 */
export function errorOf(
  response: { status: number; statusText: string; headers: ResponseHeaders },
  errorBody: unknown,
  method: string,
  path: string,
  mask: <T>(value: T) => T,
): APIError {
  const { status, statusText, headers } = response;
  const isJson = typeof errorBody === "object" && errorBody !== null;
  const delayMs = serverRequestedDelayMs(response);
  const seenHeaders: Record<string, string> = {};
  headers.forEach((value, name) => {
    seenHeaders[name] = mask(value);
  });
  return createAPIError({
    status,
    statusText: mask(statusText),
    body: isJson ? mask(errorBody) : undefined,
    nonJsonContentType: isJson ? undefined : (seenHeaders["content-type"] ?? ""),
    method,
    path,
    requestId: seenHeaders["x-request-id"],
    headers: seenHeaders,
    rateLimit: parseRateLimitInfo(headers),
    retryAfter: delayMs === undefined ? undefined : delayMs / 1000,
  });
}
