// Everything of @avala/core, so a Node application needs only this package (strict installs refuse undeclared
// imports). `createClient` is the Node one below: core's plus environment configuration and the undici transport.
export {
  type AcquireOptions,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  type APIErrorInit,
  APIPromise,
  APIResponseParseError,
  APIUserAbortError,
  type ApiKeySource,
  AuthenticationError,
  type AvalaBaseClient,
  type AvalaClient,
  AvalaError,
  type AvalaMethod,
  BadRequestError,
  type CallEvent,
  type ClientEvents,
  type ClientListener,
  type ClientOptions,
  ConfigurationError,
  ConflictError,
  createLimiter,
  DEFAULT_BASE_URL,
  InternalServerError,
  InvalidRequestError,
  type LimitedOperation,
  type LimiterOptions,
  type LimiterPermit,
  LimiterQueueFullError,
  type LimiterStore,
  LimiterWaitTooLongError,
  type Logger,
  type LogLevel,
  MemoryLimiterStore,
  NotFoundError,
  type OperationInit,
  type Page,
  type PageItem,
  type PaginateOptions,
  PaginationError,
  Paginator,
  PermissionDeniedError,
  RateLimitError,
  RateLimiter,
  type RateLimitInfo,
  REDACTED,
  type RequestOptions,
  ResponseTooLargeError,
  type RetryOptions,
  type SuccessData,
  UnprocessableEntityError,
  UnsafeRedirectError,
  type WindowAcquireResult,
  type WindowRule,
  type WithResponse,
} from "@avala/core";
export {
  type AvalaResources,
  invoke,
  PagePromise,
  type ResourcePage,
  withResources,
} from "@avala/core/resources";
export { Avala, type AvalaNodeClient, createClient, ENV, type NodeClientOptions } from "./client.js";
export { createDispatcher, type DispatcherOptions, dispatcherOf } from "./dispatcher.js";
export {
  type DownloadExportOptions,
  type DownloadProgress,
  type DownloadResult,
  downloadExport,
} from "./exports/download-export.js";
export {
  DownloadError,
  ExportFailedError,
  ExportNotReadyError,
  ExportTimeoutError,
} from "./exports/errors.js";
export { exportState } from "./exports/export-status.js";
export { type ExportProgress, type WaitForExportOptions, waitForExport } from "./exports/wait-for-export.js";
export type { ProxyErrorCode } from "./proxy/json-error.js";
export { type NodeListener, toNodeListener } from "./proxy/node-adapter.js";
export {
  createProxyHandler,
  type FetchHandler,
  type ProxyAuthorize,
  type ProxyDecision,
  type ProxyFetch,
  type ProxyHandlerOptions,
  type ProxyOperation,
} from "./proxy/proxy-handler.js";
export { createRouteTable, type RouteMatch, type RouteTable } from "./route-table.js";
export { StorageUploadError, StorageUrlNotAllowedError } from "./uploads/errors.js";
export { DEFAULT_STORAGE_HOSTS } from "./uploads/storage-url.js";
export {
  type CreateDatasetOptions,
  type UploadDatasetOptions,
  type UploadedFile,
  type UploadReport,
  uploadDataset,
} from "./uploads/upload-dataset.js";
export type { UploadProgress } from "./uploads/upload-progress.js";
export { packageVersion } from "./user-agent.js";
