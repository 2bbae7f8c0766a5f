export { type CollectFilesOptions, collectFiles, type LocalFile } from "./collect-files.js";
export { guessContentType } from "./content-type.js";
export { StorageUploadError, StorageUrlNotAllowedError } from "./errors.js";
export {
  type PostPresignedFormOptions,
  type PresignedForm,
  postPresignedForm,
  type StorageRetryOptions,
} from "./presigned-post.js";
export { checkStorageUrl, DEFAULT_STORAGE_HOSTS, isLoopbackHost } from "./storage-url.js";
export {
  type CreateDatasetOptions,
  type UploadDatasetOptions,
  type UploadedFile,
  type UploadReport,
  uploadDataset,
} from "./upload-dataset.js";
export { type ManifestEntry, UploadManifest } from "./upload-manifest.js";
export type { UploadProgress } from "./upload-progress.js";
