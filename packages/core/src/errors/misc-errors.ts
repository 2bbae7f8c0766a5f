import { AvalaError } from "./avala-error.js";
import type { RequestTarget } from "./connection-errors.js";

/** A 2xx response whose body is not the JSON it claims to be (e.g. a truncated body or a proxy's HTML page). */
export class APIResponseParseError extends AvalaError {
  static override readonly brand: string = "APIResponseParseError";
  declare readonly status: number;
  declare readonly method: string;
  declare readonly path: string;
  /** Content type the server declared. */
  declare readonly contentType: string;

  constructor(init: { status: number; method: string; path: string; contentType: string }, cause?: unknown) {
    super(
      `${init.method} ${init.path} answered ${init.status} with a body that is not valid JSON ` +
        `(${init.contentType || "no content type"}): truncated, or replaced by a proxy?`,
      { cause },
    );
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.contentType = init.contentType;
  }
}

/** The server redirected to another origin; the request is not followed so the API key cannot leak. */
export class UnsafeRedirectError extends AvalaError {
  static override readonly brand: string = "UnsafeRedirectError";
  /** Host named by the `Location` header (empty when a browser hides it). */
  declare readonly locationHost: string;
  declare readonly status: number;

  constructor(init: { status: number; method: string; path: string; locationHost: string }) {
    super(
      init.locationHost
        ? `${init.method} ${init.path} was redirected (${init.status}) to another host, ${init.locationHost}; ` +
            "not followed, so the API key stays on the API origin."
        : `${init.method} ${init.path} was redirected (${init.status}); the runtime hides its target, so it ` +
            "was not followed.",
    );
    this.locationHost = init.locationHost;
    this.status = init.status;
  }
}

/** Pagination could not continue safely: a `next` link off the API base URL, or a loop. */
export class PaginationError extends AvalaError {
  static override readonly brand: string = "PaginationError";
}

/** A request argument is invalid (e.g. a path parameter that would change the path). Nothing was sent. */
export class InvalidRequestError extends AvalaError {
  static override readonly brand: string = "InvalidRequestError";
}

/** The rate limiter's queue is full (`limiter.maxQueue`); nothing was sent. Retry later or raise the bound. */
export class LimiterQueueFullError extends AvalaError {
  static override readonly brand: string = "LimiterQueueFullError";
  declare readonly maxQueue: number;

  constructor(maxQueue: number) {
    super(`The rate limiter queue is full (${maxQueue} requests waiting); it was not sent.`);
    this.maxQueue = maxQueue;
  }
}

/**
 * The rate limiter would make the request wait longer than the caller's bound (`acquire`'s `maxWaitMs`); nothing
 * was sent. `expectedWaitMs` is known when the limiter refused at once (its store could tell the wait in advance),
 * undefined when the bound passed while waiting.
 */
export class LimiterWaitTooLongError extends AvalaError {
  static override readonly brand: string = "LimiterWaitTooLongError";
  declare readonly maxWaitMs: number;
  /** Least time the request would have waited, in ms, when the limiter could tell it at arrival. */
  declare readonly expectedWaitMs: number | undefined;

  constructor(maxWaitMs: number, expectedWaitMs?: number) {
    super(
      expectedWaitMs === undefined
        ? `The rate limiter did not let the request through within ${maxWaitMs} ms; it was not sent.`
        : `The rate limiter would hold the request for at least ${Math.ceil(expectedWaitMs)} ms, more than ` +
            `the ${maxWaitMs} ms allowed; it was not sent.`,
    );
    this.maxWaitMs = maxWaitMs;
    this.expectedWaitMs = expectedWaitMs;
  }
}

/**
 * A response body passed `maxResponseBytes` (counted after decompression, while it arrived): reading stopped
 * there, so a huge or decompression-bomb body cannot exhaust memory. Not retried.
 */
export class ResponseTooLargeError extends AvalaError {
  static override readonly brand: string = "ResponseTooLargeError";
  declare readonly method: string;
  declare readonly path: string;
  /** The limit that was passed, in bytes. */
  declare readonly maxResponseBytes: number;

  constructor(target: RequestTarget, maxResponseBytes: number) {
    super(
      `${target.method} ${target.path}: body larger than maxResponseBytes (${maxResponseBytes}); reading ` +
        "stopped. Raise it on the client or the call if that is expected.",
    );
    this.method = target.method;
    this.path = target.path;
    this.maxResponseBytes = maxResponseBytes;
  }
}
