import type { AvalaClient } from "@avala/core";
import { createContext, useContext } from "react";

/** React context holding the core client of the nearest `AvalaProvider`. */
export const AvalaClientContext = createContext<AvalaClient | null>(null);

/**
 * The core client of the nearest `AvalaProvider`, for calls outside hooks (e.g. `client.paginate`, or
 * `avalaQueryOptions(client, …)` in an event handler).
 *
 * @throws Error when no `AvalaProvider` is above the component.
 */
export function useAvalaClient(): AvalaClient {
  const client = useContext(AvalaClientContext);
  if (!client) {
    throw new Error(
      "No Avala client: wrap the component tree in <AvalaProvider client={…}> (or options={…}).",
    );
  }
  return client;
}
