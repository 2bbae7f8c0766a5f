/**
 * @avala/core/resources: the API by name (`avala.datasets.list()`), generated from the spec. An entry of its own,
 * so a bundle that calls only path-style methods carries none of the table.
 *
 * @packageDocumentation
 */

import type { APIPromise } from "../api-promise.js";
import type { RequestOptions } from "../call-types.js";
import {
  type AvalaBaseClient,
  type AvalaClient,
  createBaseClient as createPlainBaseClient,
  createClient as createPlainClient,
} from "../client.js";
import { InvalidRequestError } from "../errors/misc-errors.js";
import { type AvalaResources, operationTable, resourceTable } from "../generated/resources.js";
import type { BaseClientOptions, ClientOptions } from "../options.js";
import { bindTable, pathNamesOf, send } from "./bind.js";

export type * from "../generated/resources.js";
export type { OperationSpec } from "./operation-spec.js";
export type { BodyOf, DataOf, ItemOf, ListQueryOf, PathParam, QueryOf } from "./operation-types.js";
export { PagePromise, type ResourcePage } from "./page-promise.js";

/**
 * Adds the resource methods to a client (`client.datasets.list()`, `client.fleet.devices.register(…)`): every
 * operation of the spec, named as the official SDKs name it, sent through the client's own pipeline.
 */
export function withResources<C extends AvalaBaseClient>(client: C): C & AvalaResources {
  return Object.assign(client, bindTable(client, resourceTable) as unknown as AvalaResources);
}

/**
 * Creates a client with both call styles: resource methods (`avala.datasets.get(uid)`) and path-style methods
 * (`avala.GET("/datasets/{uid}/", …)`), `raw`, `paginate` and middleware. Options as `createClient` of
 * `@avala/core`.
 *
 * @example
 * const avala = createClient({ apiKey: process.env.AVALA_API_KEY! });
 * for await (const dataset of avala.datasets.list()) console.log(dataset.name);
 */
export function createClient(options: ClientOptions): AvalaClient & AvalaResources {
  return withResources(createPlainClient(options));
}

/** {@link createClient} over `createBaseClient` of `@avala/core` (no `raw`, middleware or `paginate`). */
export function createBaseClient(options: BaseClientOptions): AvalaBaseClient & AvalaResources {
  return withResources(createPlainBaseClient(options));
}

/**
 * Calls an operation chosen at run time by operationId, with inputs keyed as the operation catalog of
 * `@avala/types/catalog` keys them: each path and query parameter by name, and `body`. A list resolves with its
 * first page (a `PagePromise`: iterate it for every item). Unknown operations throw `InvalidRequestError`.
 *
 * @example
 * const page = await invoke(avala, "listDatasets", { limit: 10 });
 */
export function invoke(
  client: AvalaBaseClient,
  operationId: string,
  input: Readonly<Record<string, unknown>> = {},
  options?: RequestOptions,
): APIPromise<unknown> {
  const spec = Object.hasOwn(operationTable, operationId) ? operationTable[operationId] : undefined;
  if (!spec) {
    throw new InvalidRequestError(
      `Unknown operation "${operationId}": see the catalog of @avala/types. Nothing was sent.`,
    );
  }
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  const names = pathNamesOf(spec[1]);
  for (const [name, value] of Object.entries(input)) {
    if (name === "body") continue;
    (names.includes(name) ? path : query)[name] = value;
  }
  return send(client, spec, path, query, input.body, options);
}
