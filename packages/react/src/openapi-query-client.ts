import type { AvalaClient } from "@avala/core";
import type { paths } from "@avala/types";
import createOpenApiQueryClient, { type OpenapiQueryClient } from "openapi-react-query";
import { toOpenApiFetchClient } from "./openapi-fetch-adapter.js";

const cache = new WeakMap<AvalaClient, OpenapiQueryClient<paths>>();

/**
 * openapi-react-query's client over {@link toOpenApiFetchClient}, one per core client.
 *
 * @internal
 */
export function openApiQueryClientOf(client: AvalaClient): OpenapiQueryClient<paths> {
  let queryClient = cache.get(client);
  if (!queryClient) {
    queryClient = createOpenApiQueryClient<paths>(toOpenApiFetchClient(client));
    cache.set(client, queryClient);
  }
  return queryClient;
}
