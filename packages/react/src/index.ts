// The public surface of @avala/react: explicit named exports only.

// Core's errors and types, so a React app catches and types what the hooks throw and return without
// declaring @avala/core itself (strict installs refuse undeclared imports).
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIErrorInit,
  APIResponseParseError,
  APIUserAbortError,
  type ApiKeySource,
  AuthenticationError,
  type AvalaBaseClient,
  type AvalaClient,
  AvalaError,
  type AvalaMethod,
  BadRequestError,
  type ClientOptions,
  ConfigurationError,
  ConflictError,
  InternalServerError,
  InvalidRequestError,
  LimiterQueueFullError,
  LimiterWaitTooLongError,
  type Logger,
  type LogLevel,
  NotFoundError,
  type Page,
  type PageItem,
  type PaginateOptions,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  type RateLimitInfo,
  type RequestOptions,
  ResponseTooLargeError,
  type RetryOptions,
  type SuccessData,
  UnprocessableEntityError,
  UnsafeRedirectError,
} from "@avala/core";

export { AvalaClientContext, useAvalaClient } from "./avala-context.js";
export { AvalaProvider, type AvalaProviderProps } from "./avala-provider.js";
export { BrowserApiKeyError } from "./browser-api-key-error.js";
export {
  type AvalaClientOptions,
  type AvalaProviderOptions,
  createAvalaClient,
} from "./create-avala-client.js";
export { createAvalaQueryClient } from "./create-avala-query-client.js";
export {
  AVALA_QUERY_KEY_ROOT,
  type AvalaInfiniteQueryKey,
  type AvalaQueryKey,
  avalaInfiniteQueryKey,
  avalaQueryKey,
  INFINITE_QUERY_KEY_MARKER,
  type InvalidateTarget,
  invalidate,
} from "./query-key.js";
export {
  type AvalaInfiniteData,
  type AvalaInfiniteQueryOptions,
  type AvalaInfiniteQueryOverrides,
  type AvalaPageParam,
  type AvalaQueryOptions,
  type AvalaQueryOverrides,
  avalaInfiniteQueryOptions,
  avalaQueryOptions,
} from "./query-options.js";
export type {
  AvalaData,
  AvalaHttpMethod,
  AvalaInit,
  InitArg,
  OperationOf,
  PathsWithMethod,
} from "./types.js";
export { type AvalaInfiniteQueryResult, useInfiniteQuery } from "./use-infinite-query.js";
export {
  type AvalaMutationData,
  type AvalaMutationOptions,
  type AvalaMutationVariables,
  useMutation,
} from "./use-mutation.js";
export { useQuery } from "./use-query.js";
export { type AvalaSuspenseQueryOverrides, useSuspenseQuery } from "./use-suspense-query.js";
