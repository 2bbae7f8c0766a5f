import { APIUserAbortError, type AvalaClient, ConfigurationError } from "@avala/core";
import type { Dataset, DatasetManualUploadCreate } from "@avala/types";
import { dispatcherOf } from "../dispatcher.js";
import { type CollectFilesOptions, collectFiles, type LocalFile } from "./collect-files.js";
import { postPresignedForm, type StorageRetryOptions } from "./presigned-post.js";
import { checkStorageHosts, DEFAULT_STORAGE_HOSTS } from "./storage-url.js";
import { UploadManifest } from "./upload-manifest.js";
import { ProgressTracker, type UploadProgress } from "./upload-progress.js";

/**
 * Body of the optional finalisation call (`POST /datasets/manual-upload/`), without `name` (the dataset name of
 * the upload is used); `visibility` defaults to `private` and `create_metadata` to true, as in the spec.
 */
export type CreateDatasetOptions = Omit<
  DatasetManualUploadCreate,
  "name" | "visibility" | "create_metadata"
> &
  Partial<Pick<DatasetManualUploadCreate, "visibility" | "create_metadata">>;

/** Options of {@link uploadDataset}. */
export interface UploadDatasetOptions extends CollectFilesOptions, StorageRetryOptions {
  /** Name of the dataset (`dataset_name` of each presigned request, and `name` when the dataset is created). */
  datasetName: string;
  /** Files and directories to upload. Directories are walked recursively, filtered by `include`/`exclude`. */
  paths: string | readonly string[];
  /** Create the dataset from the uploaded files once every file is stored (skipped when any file failed). */
  createDataset?: CreateDatasetOptions;
  /** JSON manifest of completed files: written as files complete, read to skip them on a re-run. */
  resumeFile?: string;
  /** Allowed storage hosts of the presigned forms. Default {@link DEFAULT_STORAGE_HOSTS}. */
  storageHosts?: readonly string[];
  /** Files in flight at once (presigned request plus transfer). Default 10, the spec's uploads cap. */
  concurrency?: number;
  /** Called on start, on every chunk sent, on every file outcome and at the end. */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the run: transfers in flight stop and the call rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
}

/** A file of the run and its outcome. */
export interface UploadedFile {
  /** Path inside the dataset. */
  path: string;
  /** Size in bytes. */
  size: number;
}

/** Outcome of {@link uploadDataset}: every collected file is in exactly one of `uploaded`, `skipped`, `failed`. */
export interface UploadReport {
  datasetName: string;
  uploaded: UploadedFile[];
  /** Files the resume manifest listed as already uploaded (same size and mtime). */
  skipped: UploadedFile[];
  /** Files that could not be uploaded, with the typed error (API, storage or URL refusal). */
  failed: Array<UploadedFile & { error: unknown }>;
  /** File bytes sent by this run. */
  bytesSent: number;
  /** The created dataset, when `createDataset` was given and the call succeeded. */
  dataset?: Dataset;
  /** Why the dataset was not created, when `createDataset` was given and the call failed. */
  datasetError?: unknown;
}

const DEFAULT_CONCURRENCY = 10;

function validate(client: AvalaClient, options: UploadDatasetOptions): readonly string[] {
  if (!client || typeof client.POST !== "function") {
    throw new ConfigurationError("client", "uploadDataset() needs a client from createClient().");
  }
  if (typeof options.datasetName !== "string" || options.datasetName.trim() === "") {
    throw new ConfigurationError("datasetName", "datasetName must be a non-empty string.");
  }
  const paths = typeof options.paths === "string" ? [options.paths] : (options.paths ?? []);
  if (!Array.isArray(paths) || paths.length === 0 || paths.some((p) => typeof p !== "string" || p === "")) {
    throw new ConfigurationError("paths", "paths must name at least one file or directory to upload.");
  }
  const positiveInt = (option: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new ConfigurationError(option, `${option} must be a positive integer.`);
    }
  };
  positiveInt("concurrency", options.concurrency);
  positiveInt("maxAttempts", options.maxAttempts);
  for (const option of ["initialDelayMs", "maxDelayMs"] as const) {
    const value = options[option];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new ConfigurationError(option, `${option} must be a finite number >= 0.`);
    }
  }
  if (options.storageHosts !== undefined) checkStorageHosts(options.storageHosts);
  return paths;
}

/**
 * Uploads local files to a dataset with the presigned flow of the official SDKs: per file, a presigned form
 * from `POST /datasets/manual-upload/file-upload-url/`, then a multipart POST of the file, streamed from disk,
 * to the storage host (never with the API key). Optionally creates the dataset afterwards.
 *
 * Storage transfers run at most 10 at once (the limiter's `uploads` class; an internal cap of 10 without a
 * limiter); transient storage failures are retried with backoff. A file that fails does not stop the others:
 * the report lists every file. Invalid options reject with `ConfigurationError` before anything is sent.
 *
 * @example
 * const report = await uploadDataset(avala, { datasetName: "Warehouse Cameras", paths: ["./frames"],
 *   include: ["**\/*.jpg"], resumeFile: ".avala-upload.json" });
 * for (const { path, error } of report.failed) console.error(path, error);
 */
export async function uploadDataset(
  client: AvalaClient,
  options: UploadDatasetOptions,
): Promise<UploadReport> {
  const paths = validate(client, options);
  const { datasetName, signal } = options;
  const files = await collectFiles(paths, options);
  const manifest = options.resumeFile ? await UploadManifest.open(options.resumeFile) : undefined;
  if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });

  const report: UploadReport = { datasetName, uploaded: [], skipped: [], failed: [], bytesSent: 0 };
  const todo: LocalFile[] = [];
  for (const file of files) {
    if (manifest?.has(datasetName, file)) report.skipped.push({ path: file.path, size: file.size });
    else todo.push(file);
  }
  const progress = new ProgressTracker(
    files.length,
    todo.reduce((sum, f) => sum + f.size, 0),
    options.onProgress,
  );
  progress.note("start");
  for (const file of report.skipped) progress.note("skipped", file);

  // The client's own dispatcher: behind a corporate proxy, or with a private `ca`, transfers work as API calls do.
  const dispatcher = dispatcherOf(client);
  const uploadOne = async (file: LocalFile) => {
    const entry = { path: file.path, size: file.size };
    try {
      const form = await client.POST("/datasets/manual-upload/file-upload-url/", {
        body: { dataset_name: datasetName, file_path_in_dataset: file.path, content_length: file.size },
        // Asking for a form twice is harmless, so the POST may be retried like a GET.
        retry: true,
        signal,
      });
      await postPresignedForm(form, file, {
        maxAttempts: options.maxAttempts,
        initialDelayMs: options.initialDelayMs,
        maxDelayMs: options.maxDelayMs,
        storageHosts: options.storageHosts ?? DEFAULT_STORAGE_HOSTS,
        limiter: client.limiter,
        dispatcher,
        signal,
        onBytes: (delta) => progress.note("bytes", entry, delta),
      });
      // Recorded before it is reported, so a crash right after never re-uploads a file the caller saw done.
      await manifest?.record(datasetName, file);
      report.uploaded.push(entry);
      progress.note("uploaded", entry);
    } catch (error) {
      if (signal?.aborted) throw error instanceof APIUserAbortError ? error : new APIUserAbortError();
      report.failed.push({ ...entry, error });
      progress.note("failed", entry);
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < todo.length && !signal?.aborted) await uploadOne(todo[next++]!);
  };
  const workers = Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, todo.length);
  // allSettled: on abort, wait for every transfer to stop before rejecting, so nothing runs on afterwards.
  const outcomes = await Promise.allSettled(Array.from({ length: workers }, worker));
  if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;

  report.bytesSent = progress.snapshot.bytesSent;
  if (options.createDataset && report.failed.length === 0) {
    const { visibility = "private", create_metadata = true, ...rest } = options.createDataset;
    try {
      report.dataset = await client.POST("/datasets/manual-upload/", {
        body: { ...rest, name: datasetName, visibility, create_metadata },
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      report.datasetError = error;
    }
  }
  progress.note("done");
  return report;
}
