import type { LimitedOperation, LimiterPermit, LimiterWaitTooLongError, RateLimiter } from "@avala/core";
import { jsonError } from "./json-error.js";

/** One proxied request as the limiters see it. */
export interface LimitedRequest {
  readonly operation: LimitedOperation;
  /** Namespace chosen by `authorize`, limited by its own limiter on top of the shared one. */
  readonly namespace: string | undefined;
  /** The browser's signal: a request whose browser went away stops waiting. */
  readonly signal: AbortSignal;
}

/** Namespaced limiters kept at once; the least recently used one is dropped beyond this. */
const MAX_NAMESPACES = 1000;

/**
 * The proxy's rate limiting: the shared limiter (the API key's budget), a limiter per namespace chosen by
 * `authorize`, and load shedding — a request that would wait more than `maxWaitMs` is refused with 429 instead
 * of holding its connection until a load balancer answers 504: at once when the limiter can tell the wait in
 * advance (core's memory store), else when the bound passes.
 */
export class ProxyLimiters {
  readonly #shared: RateLimiter | null;
  readonly #limiterFor: (namespace: string) => RateLimiter;
  readonly #maxWaitMs: number;
  readonly #namespaced = new Map<string, RateLimiter>();

  constructor(shared: RateLimiter | null, limiterFor: (namespace: string) => RateLimiter, maxWaitMs: number) {
    this.#shared = shared;
    this.#limiterFor = limiterFor;
    this.#maxWaitMs = maxWaitMs;
  }

  /** The limiters of `request`, the namespaced one first (so a busy user queues on their own budget first). */
  #limitersOf(request: LimitedRequest): RateLimiter[] {
    const out: RateLimiter[] = [];
    if (request.namespace !== undefined) {
      let limiter = this.#namespaced.get(request.namespace);
      if (limiter) this.#namespaced.delete(request.namespace);
      else limiter = this.#limiterFor(request.namespace);
      this.#namespaced.set(request.namespace, limiter); // most recently used last
      if (this.#namespaced.size > MAX_NAMESPACES) {
        const oldest = this.#namespaced.keys().next().value;
        if (oldest !== undefined) this.#namespaced.delete(oldest);
      }
      out.push(limiter);
    }
    if (this.#shared) out.push(this.#shared);
    return out;
  }

  /**
   * Waits for every limiter of the request, at most `maxWaitMs` in all. Rejects with core's
   * `LimiterWaitTooLongError` when the wait would pass the bound, with `APIUserAbortError` when the browser goes
   * away, or with the limiter's own error (queue full, store unavailable). Permits already taken are given back.
   */
  async acquire(request: LimitedRequest): Promise<LimiterPermit | undefined> {
    const limiters = this.#limitersOf(request);
    if (limiters.length === 0) return undefined;
    const start = Date.now();
    const permits: LimiterPermit[] = [];
    try {
      for (const limiter of limiters) {
        // The shared limiter gets what is left of the bound after the request's namespace let it through.
        const maxWaitMs = Math.max(0, this.#maxWaitMs - (Date.now() - start));
        permits.push(await limiter.acquire(request.operation, { signal: request.signal, maxWaitMs }));
      }
    } catch (error) {
      for (const permit of permits) permit.release();
      throw error;
    }
    return {
      release: () => {
        for (const permit of permits) permit.release();
      },
    };
  }

  /** Reads the response's rate-limit signals into every limiter of the request; never fails the request. */
  async observe(request: LimitedRequest, response: Response): Promise<void> {
    await Promise.all(this.#limitersOf(request).map((limiter) => limiter.observe(response).catch(() => {})));
  }

  /**
   * The 429 for a shed request: a body in the API's error shape and `Retry-After` in seconds — the wait the
   * limiter foresaw when it refused at arrival, else the bound that passed.
   */
  shedResponse(error: LimiterWaitTooLongError): Response {
    const seconds = Math.max(1, Math.ceil((error.expectedWaitMs ?? this.#maxWaitMs) / 1000));
    return jsonError(
      429,
      "rate_limited",
      `The API's rate limit is used for the next ${seconds} s by requests ahead of this one; retry later.`,
      { "retry-after": String(seconds) },
    );
  }
}
