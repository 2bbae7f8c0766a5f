export { createClient, ENV, type NodeClientOptions } from "./client.js";
export { createDispatcher, type DispatcherOptions } from "./dispatcher.js";
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
export { EXPORT_FAILURE_STATUSES, EXPORT_SUCCESS_STATUSES, exportState } from "./exports/export-status.js";
export { type ExportProgress, type WaitForExportOptions, waitForExport } from "./exports/wait-for-export.js";
export type { ProxyErrorCode } from "./proxy/json-error.js";
export { type NodeListener, toNodeListener } from "./proxy/node-adapter.js";
export {
  createProxyHandler,
  type FetchHandler,
  type ProxyFetch,
  type ProxyHandlerOptions,
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
