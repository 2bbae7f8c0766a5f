/**
 * The server's clock at the time of `headers`' response, in ms: its `Date` header when present and valid,
 * else `now` (the local clock).
 *
 * Absolute times the server sends (`X-RateLimit-Reset`, an HTTP-date `Retry-After`) are measured against this
 * rather than the local clock, so a client whose clock is minutes off neither retries at once (a burst of 429s)
 * nor gives up at once. `Date` has one-second resolution and is rounded down, so the derived delay errs by less
 * than a second on the long side.
 */
function serverNow(headers: Pick<Headers, "get">, now: number): number {
  const date = headers.get("date");
  if (!date) return now;
  const parsed = Date.parse(date);
  return Number.isNaN(parsed) ? now : parsed;
}

/**
 * How long the server asks us to wait, in milliseconds, from a response's headers:
 * `Retry-After` as delta-seconds or as an HTTP date, else `X-RateLimit-Reset` as Unix seconds
 * (only when the window is exhausted or the response is a 429). Absolute times are taken relative to the
 * response's `Date` header when it has one. Undefined when the server says nothing usable.
 */
export function serverRequestedDelayMs(
  response: { status: number; headers: Pick<Headers, "get"> },
  now: number = Date.now(),
): number | undefined {
  const retryAfter = response.headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - serverNow(response.headers, now));
  }
  const remaining = response.headers.get("x-ratelimit-remaining")?.trim();
  if (response.status === 429 || remaining === "0") return resetDelayMs(response.headers, now);
  return undefined;
}

/**
 * Milliseconds until `X-RateLimit-Reset` (Unix seconds), measured from the response's `Date` header when present
 * (else from `now`); undefined when the header is absent or malformed.
 */
export function resetDelayMs(headers: Pick<Headers, "get">, now: number = Date.now()): number | undefined {
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (!reset || !/^\d+(\.\d+)?$/.test(reset)) return undefined;
  return Math.max(0, Math.round(Number(reset) * 1000 - serverNow(headers, now)));
}
