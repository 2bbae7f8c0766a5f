/**
 * How long the server asks us to wait, in milliseconds, from a response's headers:
 * `Retry-After` as delta-seconds or as an HTTP date, else `X-RateLimit-Reset` as Unix seconds
 * (only when the window is exhausted or the response is a 429). Undefined when the server says nothing usable.
 */
export function serverRequestedDelayMs(
  response: { status: number; headers: Pick<Headers, "get"> },
  now: number = Date.now(),
): number | undefined {
  const retryAfter = response.headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const remaining = response.headers.get("x-ratelimit-remaining")?.trim();
  if (response.status === 429 || remaining === "0") return resetDelayMs(response.headers, now);
  return undefined;
}

/** Milliseconds until `X-RateLimit-Reset` (Unix seconds), or undefined when absent or malformed. */
export function resetDelayMs(headers: Pick<Headers, "get">, now: number = Date.now()): number | undefined {
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (!reset || !/^\d+(\.\d+)?$/.test(reset)) return undefined;
  return Math.max(0, Math.round(Number(reset) * 1000 - now));
}
