import { QueryClient, type QueryClientConfig } from "@tanstack/react-query";

/**
 * A TanStack `QueryClient` for Avala hooks: `retry: false` for queries and mutations, because core already
 * retries a failed request (with backoff, `Retry-After` and the rate limiter); retrying again in TanStack would
 * multiply the attempts. Everything in `config` is passed on; its `defaultOptions` override these.
 *
 * @example
 * const queryClient = createAvalaQueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
 */
export function createAvalaQueryClient(config: QueryClientConfig = {}): QueryClient {
  return new QueryClient({
    ...config,
    defaultOptions: {
      ...config.defaultOptions,
      queries: { retry: false, ...config.defaultOptions?.queries },
      mutations: { retry: false, ...config.defaultOptions?.mutations },
    },
  });
}
