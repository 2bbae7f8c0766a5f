/**
 * Everything of @avala/core, so a Node application needs only this package (strict installs refuse undeclared
 * imports). `createClient` is the Node one below: core's plus environment configuration and the undici transport.
 *
 * @packageDocumentation
 */

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
export {
  type CameraCalibration,
  calibrationOf,
  type DatasetCalibration,
  frameOf,
  getCalibration,
  getFrame,
  type SequenceFrame,
  type SequenceFrameImage,
} from "@avala/core/sequences";
export {
  type ClaimState,
  type ClaimStore,
  createWebhookHandler,
  isWebhookEvent,
  type KnownWebhookEvent,
  type KnownWebhookEventName,
  MemoryClaimStore,
  type MemoryClaimStoreOptions,
  signWebhook,
  type UnknownWebhookEvent,
  unwrapWebhook,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookBody,
  type WebhookEvent,
  type WebhookEventHandler,
  type WebhookEventName,
  type WebhookEventOf,
  type WebhookHandlerOptions,
  type WebhookHandlers,
  type WebhookHeaders,
  type WebhookPayloads,
  type WebhookRequestHandler,
  type WebhookSecret,
  WebhookVerificationError,
  type WebhookVerificationErrorCode,
} from "@avala/core/webhooks";
export {
  BulkEditChunkError,
  type BulkEditOptions,
  type BulkEditProgress,
  type BulkEditReport,
  bulkEditAnnotations,
  DEFAULT_BULK_EDIT_CHUNK_SIZE,
  type EditProblem,
  type EditsInput,
  type EditsReader,
  editProblem,
  InvalidEditsError,
  type LocatedEdit,
  readEditsFile,
} from "./annotations/index.js";
export { AutoLabelJobFailedError, AutoLabelJobTimeoutError } from "./auto-label/errors.js";
export {
  AUTO_LABEL_TERMINAL_STATUSES,
  type AutoLabelJobProgress,
  type WaitForAutoLabelJobOptions,
  waitForAutoLabelJob,
} from "./auto-label/wait-for-auto-label-job.js";
export { Avala, type AvalaNodeClient, createClient, ENV, type NodeClientOptions } from "./client.js";
export { DatasetWaitTimeoutError } from "./datasets/errors.js";
export {
  type DatasetProgress,
  type WaitForDatasetOptions,
  waitForDataset,
} from "./datasets/wait-for-dataset.js";
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
export {
  defaultUploadStateFile,
  RecordingFailedError,
  type RecordingFile,
  type RecordingUploadProgress,
  type RecordingUploadReport,
  RecordingWaitTimeoutError,
  type UploadRecordingOptions,
  uploadRecording,
  type WaitForRecordingOptions,
  waitForRecording,
} from "./fleet/index.js";
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
export {
  type AccountStatus,
  type AccountStatusOptions,
  getAccountStatus,
  type Latest,
  type StatusPart,
} from "./status/account-status.js";
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
export { createNodeWebhookHandler } from "./webhooks/node-webhook-handler.js";
