// What a call's init decides before anything is sent: its operation's traits, the path serializer's checks and
// its retry settings.
import type { OperationTraits } from "@avala/types";
import { defaultPathSerializer } from "openapi-fetch";
import type { RequestOptions } from "../call-types.js";
import { InvalidRequestError } from "../errors/misc-errors.js";

/** Traits of every operation not listed in `operationTraits`. */
export const DEFAULT_TRAITS: OperationTraits = { rateLimit: null, concurrency: null, authenticated: true };

// openapi-fetch encodes each value with encodeURIComponent, so `/`, `?` and `#` cannot leave their segment;
// "." and ".." survive encoding (and %2E%2E is still a dot segment to URL parsers), so they are refused here.
export function safePathSerializer(pathname: string, params: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(params)) {
    const text = value === undefined || value === null ? "" : String(value);
    if (text === "" || text === "." || text === "..") {
      throw new InvalidRequestError(
        `Path parameter "${name}" must not be empty, "." or ".."; got ${JSON.stringify(text)}. Nothing was sent.`,
      );
    }
  }
  return defaultPathSerializer(pathname, params);
}

/** A call's `init` as the pipeline reads it. */
export type Init = Record<string, unknown> & RequestOptions;

/**
 * A call's retry settings: its `retry`, with `maxRetries` applied and, when it carries an idempotency key, POST and
 * PATCH made retryable (the key lets the server recognise a repeat). `retry: false` wins over both.
 */
export function retryOf({ retry, maxRetries, idempotencyKey }: Init): RequestOptions["retry"] {
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
    throw new InvalidRequestError(
      `maxRetries must be a non-negative integer; got ${maxRetries}. Nothing was sent.`,
    );
  }
  if (retry === false || (maxRetries === undefined && idempotencyKey === undefined)) return retry;
  return {
    ...(retry === true ? { retryNonIdempotent: true } : retry),
    ...(idempotencyKey === undefined ? {} : { retryNonIdempotent: true }),
    ...(maxRetries === undefined ? {} : { maxRetries }),
  };
}
