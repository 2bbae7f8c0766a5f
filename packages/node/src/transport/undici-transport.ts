import type { IncomingHttpHeaders } from "node:http";
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate } from "node:zlib";
import type { HttpExchange, HttpRequest, HttpResponse, HttpTransport, ResponseHeaders } from "@avala/core";
import type { Dispatcher } from "undici";

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const ACCEPT_ENCODING = "gzip, deflate, br";
const DECODERS: Record<string, (input: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  "x-gzip": promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
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

/** undici's handler for one exchange: collects the body and settles once it has all arrived. */
class Exchange implements Dispatcher.DispatchHandler {
  readonly response: Promise<HttpResponse>;
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

  constructor() {
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

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    const raw = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    this.#chunks = [];
    const redirect = this.#status >= 300 && this.#status < 400;
    const encoding = this.#headers["content-encoding"];
    if (NULL_BODY_STATUS.has(this.#status) || redirect) this.#finish(null, this.#headers);
    else if (typeof encoding === "string" && encoding !== "" && encoding !== "identity" && raw.length > 0) {
      decode(raw, encoding).then((body) => {
        // The body is decoded: describe what is handed on, not what came over the wire.
        const { "content-encoding": _, ...headers } = this.#headers;
        this.#finish(body, { ...headers, "content-length": String(body.length) });
      }, this.#fail);
    } else this.#finish(raw, this.#headers);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(error);
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
    this.#reject(error);
  };
}

/** Undoes `content-encoding` (listed in the order applied, so undone from the last). */
async function decode(body: Buffer, encoding: string): Promise<Buffer> {
  let out = body;
  for (const coding of encoding
    .toLowerCase()
    .split(",")
    .map((c) => c.trim())
    .reverse()) {
    if (coding === "" || coding === "identity") continue;
    const decoder = DECODERS[coding];
    if (!decoder) throw new Error(`unsupported content-encoding "${coding}"`);
    out = await decoder(out);
  }
  return out;
}

/**
 * An `HttpTransport` on undici's dispatcher API. Core's default goes through WHATWG `fetch`, whose layers over
 * the same dispatcher (Request/Response objects, body streams, AbortSignal plumbing) were the largest cost of a
 * call; this hands undici a plain handler instead, collects the body into one buffer and aborts through
 * undici's own controller, so the client's one timer per attempt covers headers and body without an
 * AbortController. It asks for gzip, deflate or br, as fetch does, and decodes what comes back.
 */
export function createUndiciTransport(dispatcher: Dispatcher): HttpTransport {
  return (request: HttpRequest): HttpExchange => {
    const exchange = new Exchange();
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
