import type { paths } from "@avala/types";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { HttpMethod, PathsWithMethod } from "openapi-typescript-helpers";
import { specExamples } from "../generated/spec-examples.js";
import type { AvalaHandlerOptions, AvalaSuccessBody } from "./avala-handler.js";
import { resolveHandlerUrl } from "./handler-url.js";
import type { SpecOperationExample } from "./spec-operation.js";

/** Options of {@link createAvalaHandlers}. */
export interface AvalaHandlersOptions extends AvalaHandlerOptions {
  /**
   * Handlers that replace the generated one of the same method and path for every test of this set (for one
   * test, prefer MSW's `server.use(avalaHandler(…))`). Build them with {@link avalaHandler}.
   */
  overrides?: HttpHandler[];
}

/**
 * MSW request handlers for every operation of the Avala API, generated from the spec: each answers with the
 * operation's documented success status and the spec's example body (the same data the Prism mock serves).
 * No process, no Node built-ins: they run in `setupServer` (Node, jsdom, happy-dom) and `setupWorker` (Vitest
 * browser mode, Playwright component tests, a dev build).
 *
 * @example
 * const server = setupServer(...createAvalaHandlers({ baseUrl: "/api/avala" }));
 */
export function createAvalaHandlers(options: AvalaHandlersOptions = {}): HttpHandler[] {
  // Literal segments before parameters, so `/datasets/manual-upload/` is not taken for `/datasets/{uid}/`.
  const ordered = [...specExamples].sort((a, b) => paramCount(a.path) - paramCount(b.path));
  const generated = ordered.map((operation) =>
    http[operation.method as "get"](resolveHandlerUrl(options.baseUrl, operation.path), () =>
      exampleResponse(operation),
    ),
  );
  return [...(options.overrides ?? []), ...generated];
}

/**
 * The spec's example success body of an operation (a fresh copy), to start an override from.
 *
 * @example
 * const dataset = avalaExample("get", "/datasets/{uid}/");
 * server.use(avalaHandler("get", "/datasets/{uid}/", () => HttpResponse.json({ ...dataset, item_count: 0 })));
 */
export function avalaExample<M extends HttpMethod, P extends PathsWithMethod<paths, M>>(
  method: M,
  path: P,
): AvalaSuccessBody<M, P> {
  const operation = specExamples.find((o) => o.method === method && o.path === path);
  if (!operation) {
    throw new TypeError(`avalaExample(): the Avala spec has no ${method.toUpperCase()} ${String(path)}`);
  }
  return structuredClone(operation.example) as AvalaSuccessBody<M, P>;
}

function exampleResponse(operation: SpecOperationExample): Response {
  if (operation.contentType === undefined) return new HttpResponse(null, { status: operation.status });
  return HttpResponse.json(structuredClone(operation.example) as never, {
    status: operation.status,
    headers: { "content-type": operation.contentType },
  });
}

function paramCount(path: string): number {
  return path.split("{").length - 1;
}
