import type { IncomingHttpHeaders } from "node:http";
import type { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import {
  type HttpExchange,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  type ResponseHeaders,
  ResponseTooLargeError,
} from "@avala/core";
import type { Dispatcher } from "undici";

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const ACCEPT_ENCODING = "gzip, deflate, br";
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Response headers as undici hands them over (lower-case names), read without building a WHATWG `Headers`. */
class WireHeaders implements ResponseHeaders {
  readonly #record: IncomingHttpHeaders;

  constructor(record: IncomingHttpHeaders) {
    this.#record = record;
  }

  get(name: string): string | null {
    const value = this.#record[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name of Object.keys(this.#record)) {
      const value = this.get(name);
      if (value !== null) callback(value, name);
    }
  }
}

/**
 * undici's handler for one exchange: collects the body, decoding a compressed one as it arrives, and settles once
 * it has all arrived. Decoded bytes are counted as they come, so a body past the request's `maxResponseBytes` (a
 * decompression bomb included) is stopped there, with `ResponseTooLargeError`, before more is inflated or kept.
 */
class Exchange implements Dispatcher.DispatchHandler {
  readonly response: Promise<HttpResponse>;
  readonly #request: HttpRequest;
  #resolve!: (response: HttpResponse) => void;
  #reject!: (error: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #stopped: Error | undefined;
  #settled = false;
  #status = 0;
  #statusText = "";
  #headers: IncomingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #length = 0;
  /** The decoders of a compressed body, first applied last (data goes into [0], comes out of the last). */
  #decoders: Transform[] | undefined;

  constructor(request: HttpRequest) {
    this.#request = request;
    this.response = new Promise<HttpResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Stops the exchange wherever it is: still queued for a connection, waiting for headers, or mid-body. */
  abort(reason: unknown): void {
    if (this.#settled) return;
    this.#stopped = reason instanceof Error ? reason : new Error(String(reason));
    this.#controller?.abort(this.#stopped);
    this.#fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#stopped) controller.abort(this.#stopped);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (statusCode < 200) return; // informational; the final status follows
    this.#status = statusCode;
    this.#statusText = statusMessage ?? "";
    this.#headers = headers;
  }

  /** Whether the body is dropped: a status that has none, or a redirect (the client reads only its Location). */
  get #bodyless(): boolean {
    return NULL_BODY_STATUS.has(this.#status) || (this.#status >= 300 && this.#status < 400);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled || this.#bodyless) return;
    const encoding = this.#headers["content-encoding"];
    // Set up on the first chunk, so an empty body (a HEAD) is handed on as it came.
    if (!this.#decoders && typeof encoding === "string") {
      try {
        this.#decoders = decoders(encoding, this.#take, this.#decoded, this.#fail);
      } catch (error) {
        this.abort(error);
        return;
      }
    }
    const first = this.#decoders?.[0];
    if (!first) this.#take(chunk);
    else if (!first.write(chunk)) {
      // Inflating lags the wire: hold the socket until the decoder has taken what it has.
      controller.pause();
      first.once("drain", () => controller.resume());
    }
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    if (this.#bodyless) this.#finish(null, this.#headers);
    else if (this.#decoders?.[0]) this.#decoders[0].end();
    else this.#finish(this.#body(), this.#headers);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(error);
  }

  /** Keeps one chunk of the (decoded) body, or stops the exchange once the body passes `maxResponseBytes`. */
  #take = (chunk: Buffer): void => {
    if (this.#settled) return;
    this.#length += chunk.length;
    const limit = this.#request.maxResponseBytes;
    if (limit && this.#length > limit) {
      const { method, url } = this.#request;
      this.abort(new ResponseTooLargeError({ method, path: new URL(url).pathname }, limit));
    } else this.#chunks.push(chunk);
  };

  /** The decoders have ended: describe what is handed on, not what came over the wire. */
  #decoded = (): void => {
    const body = this.#body();
    const { "content-encoding": _, ...headers } = this.#headers;
    this.#finish(body, { ...headers, "content-length": String(body.length) });
  };

  #body(): Buffer {
    const body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    this.#chunks = [];
    return body;
  }

  #finish(body: Buffer | null, headers: IncomingHttpHeaders): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve({
      status: this.#status,
      statusText: this.#statusText,
      headers: new WireHeaders(headers),
      body,
    });
  }

  #fail = (error: unknown): void => {
    if (this.#settled) return;
    this.#settled = true;
    this.#chunks = [];
    for (const decoder of this.#decoders ?? []) decoder.destroy();
    this.#reject(error);
  };
}

/**
 * The decoders undoing `content-encoding` (listed in the order applied, so undone from the last), piped into one
 * another; empty for `identity`. Throws for a coding it does not know.
 */
function decoders(
  encoding: string,
  onData: (chunk: Buffer) => void,
  onEnd: () => void,
  onError: (error: unknown) => void,
): Transform[] {
  const chain: Transform[] = [];
  for (const coding of encoding.toLowerCase().split(",").reverse()) {
    const name = coding.trim();
    if (name === "" || name === "identity") continue;
    const make = DECODERS[name];
    if (!make) throw new Error(`unsupported content-encoding "${name}"`);
    const decoder = make();
    decoder.on("error", onError);
    chain.at(-1)?.pipe(decoder);
    chain.push(decoder);
  }
  chain.at(-1)?.on("data", onData).on("end", onEnd);
  return chain;
}

/**
 * An `HttpTransport` on undici's dispatcher API. Core's default goes through WHATWG `fetch`, whose layers over
 * the same dispatcher (Request/Response objects, body streams, AbortSignal plumbing) were the largest cost of a
 * call; this hands undici a plain handler instead, collects the body into one buffer and aborts through
 * undici's own controller, so the client's one timer per attempt covers headers and body without an
 * AbortController. It asks for gzip, deflate or br, as fetch does, and decodes what comes back as it arrives,
 * stopping at the request's `maxResponseBytes` of decoded body.
 */
export function createUndiciTransport(dispatcher: Dispatcher): HttpTransport {
  return (request: HttpRequest): HttpExchange => {
    const exchange = new Exchange(request);
    const { url } = request;
    const slash = url.indexOf("/", url.indexOf("//") + 2);
    const headers =
      request.headers["accept-encoding"] === undefined
        ? { ...request.headers, "accept-encoding": ACCEPT_ENCODING }
        : request.headers;
    try {
      dispatcher.dispatch(
        {
          origin: slash < 0 ? url : url.slice(0, slash),
          path: slash < 0 ? "/" : url.slice(slash),
          method: request.method as Dispatcher.HttpMethod,
          headers,
          body: request.body ?? null,
        },
        exchange,
      );
    } catch (error) {
      exchange.abort(error);
    }
    return { response: exchange.response, abort: (reason) => exchange.abort(reason) };
  };
}
