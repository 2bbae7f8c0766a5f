import { AvalaError } from "@avala/core";

/**
 * The shared limiter store (Redis) could not be reached or answered with an error, and the store was created
 * with `onUnavailable: "closed"`: the request was not sent, rather than risk going over the API's limits.
 */
export class LimiterStoreUnavailableError extends AvalaError {
  static override readonly brand: string = "LimiterStoreUnavailableError";

  constructor(options?: { cause?: unknown }) {
    super(
      "The shared rate-limiter store (Redis) is unavailable; the request was not sent (onUnavailable: closed).",
      options,
    );
  }
}
