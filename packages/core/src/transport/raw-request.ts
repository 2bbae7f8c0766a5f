import type { Middleware } from "openapi-fetch";
import type { BuiltRequest } from "./build-request.js";
import type { HttpResponse } from "./http-transport.js";
import { fromFetchRequest, toFetchResponse } from "./openapi-fetch-bridge.js";

/**
 * What `createClient` adds to the base client: openapi-fetch's middleware, `{ data, error, response }` results and
 * `parseAs`. Why not openapi-fetch's own `createClient`: its request function builds a `Request`, calls `fetch` and
 * parses the `Response` — a second pipeline beside the client's transport (which sends, retries and follows
 * redirects), and 1 kB (min+gzip) of every browser bundle. openapi-fetch's behaviour is kept: its serializers
 * (imported, see build-request.ts), its middleware contract (onRequest / onResponse / onError, in its order, with
 * its arguments and return rules) and its reading of responses. `test/raw.test.ts`, written against openapi-fetch's
 * client, pins that behaviour.
 */

/** `{ data, error, response }` as openapi-fetch returns it. */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Sends a `Request` (after middleware) through the client's pipeline. */
export type ViaPipeline = (request: Request) => Promise<Response>;

/** The middleware list of a client and what runs it; see the module comment. */
export interface RawSupport {
  /** The client's middleware, in the order added. */
  readonly stack: Middleware[];
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  /** Builds the `Request`, runs the middleware around `via`, and resolves with the final `Response`. */
  send(built: BuiltRequest, chain: Middleware[], path: string, via: ViaPipeline): Promise<Response>;
  /** A wire response as a `Response`. */
  respond(wire: HttpResponse): Response;
  /** The wire request behind a `Request`. */
  wire: typeof fromFetchRequest;
  /** openapi-fetch's reading of a response into `{ data, error, response }`. */
  parse(response: Response, method: string, parseAs: string): Promise<RawResult>;
}

/** Creates the {@link RawSupport} of one client. */
export function createRawSupport(): RawSupport {
  const stack: Middleware[] = [];
  return {
    stack,
    use(...middleware) {
      for (const m of middleware) {
        if (!m) continue;
        if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
          throw new TypeError("Middleware must be an object with onRequest(), onResponse() or onError().");
        }
        stack.push(m);
      }
    },
    eject(...middleware) {
      for (const m of middleware) {
        const i = stack.indexOf(m);
        if (i !== -1) stack.splice(i, 1);
      }
    },
    send,
    respond: toFetchResponse,
    wire: fromFetchRequest,
    parse,
  };
}

async function send(
  built: BuiltRequest,
  chain: Middleware[],
  path: string,
  via: ViaPipeline,
): Promise<Response> {
  let request = new Request(built.url, {
    redirect: "follow",
    ...built.rest,
    method: built.method,
    headers: built.headers,
    body: built.body as BodyInit | undefined,
  });
  for (const key in built.rest) {
    if (!(key in request)) (request as unknown as Record<string, unknown>)[key] = built.rest[key];
  }
  const options = { ...built.options, fetch: via };
  const id = Math.random().toString(36).slice(2, 11);
  /** Runs one hook of a middleware; a result other than nothing or one of `allowed` is a TypeError. */
  const hook = async (
    m: Middleware | undefined,
    name: "onRequest" | "onResponse" | "onError",
    extra: object,
    allowed: (typeof Request | typeof Response | typeof Error)[],
  ): Promise<Request | Response | Error | undefined> => {
    // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's hook arguments, built the way it builds them
    const result = await (m as any)?.[name]?.({
      request,
      schemaPath: path,
      params: built.params,
      options,
      id,
      ...extra,
    });
    if (result && !allowed.some((type) => result instanceof type)) {
      throw new TypeError(
        `Middleware ${name} must return nothing or: ${allowed.map((t) => t.name).join(", ")}.`,
      );
    }
    return result || undefined;
  };

  for (const m of chain) {
    const result = await hook(m, "onRequest", {}, [Request, Response]);
    // A Response from onRequest is the answer: nothing is sent, and onResponse does not run (as in openapi-fetch).
    if (result instanceof Response) return result;
    if (result) request = result as Request;
  }
  let response: Response | undefined;
  try {
    response = await via(request);
  } catch (thrown) {
    let error: unknown = thrown;
    for (let i = chain.length - 1; i >= 0 && error; i--) {
      const result = await hook(chain[i], "onError", { error }, [Response, Error]);
      if (result instanceof Response) {
        error = undefined;
        response = result;
      } else if (result) error = result;
    }
    if (error) throw error;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    response = ((await hook(chain[i], "onResponse", { response }, [Response])) as Response) ?? response;
  }
  return response as Response;
}

async function parse(response: Response, method: string, parseAs: string): Promise<RawResult> {
  const length = response.headers.get("content-length");
  if (
    response.status === 204 ||
    method === "HEAD" ||
    (length === "0" && !response.headers.get("transfer-encoding")?.includes("chunked"))
  ) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    let data: unknown;
    if (parseAs === "stream") data = response.body;
    else if (parseAs === "json" && !length) {
      const text = await response.text();
      data = text ? JSON.parse(text) : undefined;
    } else data = await (response as unknown as Record<string, () => Promise<unknown>>)[parseAs]!();
    return { data, response };
  }
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {}
  return { error, response };
}
