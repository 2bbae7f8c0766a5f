/**
 * @avala/core: the Avala API client for every JavaScript runtime (path-style calls, typed errors, retries,
 * the rate limiter, pagination); `@avala/node` and `@avala/react` build on it.
 *
 * @packageDocumentation
 */

export { APIPromise, type WithResponse } from "./api-promise.js";
export type {
  AvalaMethod,
  BaseCallInit,
  BaseMethod,
  CallInit,
  PageItem,
  PaginatedPathArg,
  ParseAs,
  RawClient,
  RawMethod,
  RequestOptions,
  SuccessData,
} from "./call-types.js";
export {
  type AvalaBaseClient,
  type AvalaClient,
  createBaseClient,
  createClient,
  type OperationInit,
} from "./client.js";
export {
  APIError,
  type APIErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors/api-error.js";
export { AvalaError } from "./errors/avala-error.js";
export { ConfigurationError } from "./errors/configuration-error.js";
export {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
} from "./errors/connection-errors.js";
export {
  APIResponseParseError,
  InvalidRequestError,
  LimiterQueueFullError,
  LimiterWaitTooLongError,
  PaginationError,
  ResponseTooLargeError,
  UnsafeRedirectError,
} from "./errors/misc-errors.js";
export type { CallEvent, ClientEvents, ClientListener } from "./hooks.js";
export {
  type AcquireOptions,
  createLimiter,
  type LimitedOperation,
  type LimiterOptions,
  type LimiterPauseInfo,
  type LimiterPermit,
  type LimiterWaitInfo,
  RateLimiter,
} from "./limiter/limiter.js";
export {
  type LimiterStore,
  MemoryLimiterStore,
  type WindowAcquireResult,
  type WindowRule,
} from "./limiter/store.js";
export type { Logger, LogLevel } from "./logger.js";
export {
  type ApiKeySource,
  type BaseClientOptions,
  type ClientOptions,
  DEFAULT_BASE_URL,
} from "./options.js";
export { type Page, type PaginateOptions, Paginator } from "./paginate.js";
export type { RateLimitInfo } from "./rate-limit-info.js";
export { REDACTED } from "./redact.js";
export type { RetryOptions } from "./retry/retry-policy.js";
export type {
  HttpExchange,
  HttpRequest,
  HttpResponse,
  HttpTransport,
  ResponseHeaders,
} from "./transport/http-transport.js";
