import type { AvalaBaseClient } from "@avala/core";
import { createContext, useContext } from "react";

/** React context holding the core client of the nearest `AvalaProvider`. */
export const AvalaClientContext = createContext<AvalaBaseClient | null>(null);

/**
 * The core client of the nearest `AvalaProvider`, for calls outside hooks (e.g. `client.page(…)`, or
 * `avalaQueryOptions(client, …)` in an event handler). It is typed as core's `AvalaBaseClient` (typed methods and
 * `page()`): the provider's own client is one. For `raw`, middleware or `paginate`, create the client with
 * {@link createAvalaClient}, pass it as `client`, and keep your own reference to it.
 *
 * @throws Error when no `AvalaProvider` is above the component.
 */
export function useAvalaClient(): AvalaBaseClient {
  const client = useContext(AvalaClientContext);
  if (!client) {
    throw new Error(
      "No Avala client: wrap the component tree in <AvalaProvider client={…}> (or options={…}).",
    );
  }
  return client;
}
