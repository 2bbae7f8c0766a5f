/**
 * The seam between the client's request pipeline (auth, limiter, retries, redirect rules, timeout, errors) and
 * the wire. One call of an {@link HttpTransport} is one HTTP exchange: no redirects followed, no retries, the
 * body read to its end. Core's default is built on `fetch` (browsers, Deno, Bun, edge runtimes, a user-supplied
 * fetch); `@avala/node` passes one built on undici's dispatcher, which skips the WHATWG fetch layer.
 */

/** A request as it goes on the wire. */
export interface HttpRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The encoded body (JSON text, or bytes), or undefined for none. */
  body: string | Uint8Array | undefined;
  /**
   * Most bytes of the response body to read, counted after decoding as they arrive; past it the exchange stops
   * reading and rejects with `ResponseTooLargeError`. 0 or absent: no limit. The client always sets it.
   */
  maxResponseBytes?: number;
}

/** The header lookup an {@link HttpResponse} needs to offer (a WHATWG `Headers` qualifies). */
export interface ResponseHeaders {
  /** The value of a header (case-insensitive name), or null. */
  get(name: string): string | null;
  /** Calls `callback` for every header. */
  forEach(callback: (value: string, name: string) => void): void;
}

/** A response whose body has been read to its end. */
export interface HttpResponse {
  /** The status; 0 for a redirect whose target the runtime hides (a browser's `opaqueredirect`). */
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  /** The whole body, decoded (a `content-encoding` in the headers is already undone), or null for none. */
  body: Uint8Array | null;
}

/** One exchange in flight. */
export interface HttpExchange {
  /** Settles once the status, the headers and the whole body have arrived, or the exchange failed. */
  response: Promise<HttpResponse>;
  /**
   * Stops the exchange (headers or body) and rejects `response`. The client calls it when its per-attempt timer
   * fires or the caller's signal aborts, so one timer covers headers and body.
   */
  abort(reason: unknown): void;
}

/** Sends one request; see {@link HttpExchange}. */
export type HttpTransport = (request: HttpRequest) => HttpExchange;
