import type { HttpResponse } from "./transport/http-transport.js";
import { toFetchResponse } from "./transport/openapi-fetch-bridge.js";

/** What a call knows once it has finished: its data and the response it came from (body as read). */
export type CallResult<T> = HttpResponse & { data: T };

/** `{ data, response }` of a successful call, from {@link APIPromise.withResponse}. */
export interface WithResponse<T> {
  /** What the call resolves with. */
  data: T;
  /** The HTTP response (status, headers; its body can be read again). */
  response: Response;
}

/** Where an {@link APIPromise} keeps its call's result (internal to the SDK). */
export const RESULT: unique symbol = Symbol("result");

/**
 * The promise every call returns: awaiting it gives the data (or throws a typed error), and `withResponse()` /
 * `asResponse()` give the HTTP response too, as in Stainless-generated SDKs. The call runs once, however many of
 * these are used.
 */
export class APIPromise<T> extends Promise<T> {
  /** @internal The call's result, for the SDK's own wrappers (page promises). */
  declare readonly [RESULT]: Promise<CallResult<T>>;

  // Promise methods that make a new promise from `this` (`finally`) make a plain one: the constructor below
  // takes a call's result, not an executor.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** @internal Made by the client; not meant to be constructed by users. */
  constructor(result: Promise<CallResult<T>>) {
    super((resolve) => resolve(undefined as T));
    Object.defineProperty(this, RESULT, { value: result });
  }

  // `then` reads the call's own result, so the settled placeholder above never surfaces, and `catch`/`finally`
  // (which call `then`) follow.
  // biome-ignore lint/suspicious/noThenProperty: a Promise subclass overrides then on purpose
  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    // biome-ignore lint/suspicious/noExplicitAny: Promise's own signature
    onrejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this[RESULT].then((result) => result.data).then(onfulfilled, onrejected);
  }

  /** Resolves with `{ data, response }`: the data and the HTTP response (status, headers). */
  withResponse(): Promise<WithResponse<T>> {
    return this[RESULT].then((result) => ({ data: result.data, response: toFetchResponse(result) }));
  }

  /** Resolves with the HTTP response of a successful call (error statuses still throw typed errors). */
  asResponse(): Promise<Response> {
    return this[RESULT].then(toFetchResponse);
  }
}
