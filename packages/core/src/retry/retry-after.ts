import { resetMs } from "../rate-limit-info.js";

/**
 * The longest wait a response header is believed for, in either direction: 1 hour. The API's windows are a
 * second and a minute long, so a `Retry-After` or `X-RateLimit-Reset` further away than this (or further in the
 * past) is a broken server, proxy or clock, and waiting on it would stall every caller sharing the limiter.
 */
export const MAX_SERVER_DELAY_MS = 3_600_000;

const NUMBER = /^\d+(\.\d+)?$/;

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
  const parsed = Date.parse(headers.get("date") ?? "");
  return Number.isNaN(parsed) ? now : parsed;
}

/** How long a response asks the client to wait, as read by {@link serverDelay}. */
export interface ServerDelay {
  /** The wait in ms (0 for a time already past), or undefined when the headers ask for nothing usable. */
  delayMs: number | undefined;
  /**
   * A header present but not believed (`name: value`): not a number or date, or more than an hour away or past.
   * The wait then comes from the other header, if any.
   */
  ignored?: string;
}

/** Takes `ms` (the offset from now, negative when past; NaN when `raw` is no number or date) into `out`. */
function take(out: ServerDelay, name: string, raw: string | undefined, ms: number): void {
  if (!raw) return;
  if (Math.abs(ms) <= MAX_SERVER_DELAY_MS) out.delayMs = Math.max(0, Math.round(ms));
  else out.ignored = `${name}: ${raw}`;
}

function takeReset(out: ServerDelay, headers: Pick<Headers, "get">, now: number): ServerDelay {
  const reset = headers.get("x-ratelimit-reset")?.trim();
  take(
    out,
    "X-RateLimit-Reset",
    reset,
    NUMBER.test(reset!) ? resetMs(Number(reset)) - serverNow(headers, now) : Number.NaN,
  );
  return out;
}

/**
 * How long the server asks us to wait, from a response's headers: `Retry-After` as delta-seconds or as an HTTP
 * date, else `X-RateLimit-Reset` as Unix seconds or milliseconds (only when the window is exhausted or the
 * response is a 429). Absolute times are taken relative to the response's `Date` header when it has one. A value
 * that is no number or date, or lies more than {@link MAX_SERVER_DELAY_MS} away (or in the past), is ignored and
 * named in `ignored`, so one hostile header cannot hold the client (and every caller sharing its limiter).
 */
export function serverDelay(
  response: { status: number; headers: Pick<Headers, "get"> },
  now: number = Date.now(),
): ServerDelay {
  const { headers } = response;
  const out: ServerDelay = { delayMs: undefined };
  const retryAfter = headers.get("retry-after")?.trim();
  // Only a response that has the header pays for parsing it (and the Date header beside it).
  if (retryAfter) {
    take(
      out,
      "Retry-After",
      retryAfter,
      NUMBER.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - serverNow(headers, now),
    );
  }
  if (
    out.delayMs === undefined &&
    (response.status === 429 || headers.get("x-ratelimit-remaining")?.trim() === "0")
  ) {
    takeReset(out, headers, now);
  }
  return out;
}

/**
 * {@link serverDelay}'s wait alone, in ms.
 *
 * @internal
 */
export const serverRequestedDelayMs = (
  response: { status: number; headers: Pick<Headers, "get"> },
  now?: number,
): number | undefined => serverDelay(response, now).delayMs;

/**
 * Milliseconds until `X-RateLimit-Reset` (Unix seconds, or milliseconds), measured from the response's `Date`
 * header when present (else from `now`); undefined when the header is absent, malformed or implausible (see
 * {@link serverDelay}).
 */
export const resetDelayMs = (headers: Pick<Headers, "get">, now: number = Date.now()): number | undefined =>
  takeReset({ delayMs: undefined }, headers, now).delayMs;
