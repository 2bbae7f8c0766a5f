import type { AvalaBaseClient } from "@avala/core";
import { type QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useRef } from "react";
import { AvalaClientContext } from "./avala-context.js";
import { type AvalaProviderOptions, createProviderClient } from "./create-avala-client.js";
import { createAvalaQueryClient } from "./create-avala-query-client.js";

/** Props of {@link AvalaProvider}: a core client, or options to create one; optionally a `QueryClient`. */
export type AvalaProviderProps = {
  /**
   * The TanStack `QueryClient` to use. Default: one from {@link createAvalaQueryClient} (retries off — core
   * retries), created once per provider. Avala hooks pass `retry: false` even with your own client, unless the
   * hook's options say otherwise.
   */
  queryClient?: QueryClient;
  children?: ReactNode;
} & (
  | {
      /**
       * A core client (from `createClient` of `@avala/core`, `@avala/node`, or {@link createAvalaClient}; any
       * `AvalaBaseClient` will do).
       */
      client: AvalaBaseClient;
      options?: never;
    }
  | {
      /**
       * Options of {@link createAvalaClient}, read once, on the first render. In a browser leave `apiKey` out and
       * set `baseUrl` to your proxy; an `apiKey` there throws `BrowserApiKeyError`. The client made from them is
       * core's `AvalaBaseClient` (typed methods and `page()`, all the hooks need), which keeps `raw`, middleware
       * and `paginate` out of the bundle (so no `middleware`, and a `limiter` is one from `createLimiter()`).
       */
      options: AvalaProviderOptions;
      client?: never;
    }
);

/**
 * Provides a core client and a TanStack `QueryClient` to the Avala hooks below it (it renders the
 * `QueryClientProvider` itself).
 *
 * @example
 * <AvalaProvider options={{ baseUrl: "/api/avala" }}>
 *   <Datasets />
 * </AvalaProvider>
 */
export function AvalaProvider(props: AvalaProviderProps): ReactNode {
  // Created lazily, once per provider (React's documented lazy-ref pattern), only when not passed in.
  const ownClient = useRef<AvalaBaseClient | null>(null);
  const ownQueryClient = useRef<QueryClient | null>(null);
  if (!props.client && !ownClient.current) ownClient.current = createProviderClient(props.options);
  if (!props.queryClient && !ownQueryClient.current) ownQueryClient.current = createAvalaQueryClient();
  const client = props.client ?? (ownClient.current as AvalaBaseClient);
  const queryClient = props.queryClient ?? (ownQueryClient.current as QueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AvalaClientContext.Provider value={client}>{props.children}</AvalaClientContext.Provider>
    </QueryClientProvider>
  );
}
