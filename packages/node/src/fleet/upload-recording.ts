import { join } from "node:path";
import { APIUserAbortError, type AvalaClient, ConfigurationError, NotFoundError } from "@avala/core";
import type { UploadStatusResponse, UploadUrlEntry } from "@avala/types";
import { dispatcherOf } from "../dispatcher.js";
import { type CollectFilesOptions, collectFiles, type LocalFile } from "../uploads/collect-files.js";
import { StorageUploadError } from "../uploads/errors.js";
import { checkStorageHosts, checkStorageUrl, DEFAULT_STORAGE_HOSTS } from "../uploads/storage-url.js";
import { type PutRetryOptions, putFile } from "./put-file.js";
import { UploadState } from "./upload-state.js";

/** Options of {@link uploadRecording}. */
export interface UploadRecordingOptions extends CollectFilesOptions, PutRetryOptions {
  /** Files and directories to upload (directories walked recursively; paths inside the recording are relative). */
  paths: string | readonly string[];
  /**
   * Where the upload's state is kept, so an interrupted upload (crash, Ctrl-C, network loss) resumes with only the
   * missing files: default `.avala-upload-<recording uid>.json` in the working directory, removed once the
   * upload is finalized. `false` keeps no file (a re-run then skips only the files the API already confirmed).
   */
  stateFile?: string | false;
  /** Storage configuration (customer bucket) to upload into. */
  storageConfigUid?: string;
  /** Allowed storage hosts of the presigned URLs (https only). Default {@link DEFAULT_STORAGE_HOSTS}. */
  storageHosts?: readonly string[];
  /** Files transferred at once. Default 4; at most 10, the spec's limit of concurrent upload connections. */
  concurrency?: number;
  /** Validity asked for the presigned URLs, in seconds. Default 3600. */
  ttlSeconds?: number;
  /** Called on start, on bytes sent, on each file stored or failed, on confirmations and at the end. */
  onProgress?: (progress: RecordingUploadProgress) => void;
  /** Stops the transfers; the state file keeps what was stored. Rejects with `APIUserAbortError`. */
  signal?: AbortSignal;
}

/** A snapshot passed to `onProgress` of {@link uploadRecording}. Counters only grow. */
export interface RecordingUploadProgress {
  readonly event: "start" | "bytes" | "stored" | "failed" | "confirmed" | "done";
  readonly filesTotal: number;
  /** Files stored in this run. */
  readonly filesStored: number;
  /** Files already stored or confirmed by an earlier run (not sent again). */
  readonly filesResumed: number;
  readonly filesFailed: number;
  /** Files the API confirmed, earlier runs included. */
  readonly filesConfirmed: number;
  /** Bytes of the files this run sends. */
  readonly bytesTotal: number;
  /** Bytes sent by this run (a retry does not count a byte twice). */
  readonly bytesSent: number;
  /** The file of a `stored` or `failed` event. */
  readonly file?: { readonly path: string; readonly size: number };
}

/** A file of the upload. */
export interface RecordingFile {
  /** Path inside the recording. */
  path: string;
  size: number;
}

/** Outcome of {@link uploadRecording}: every file is in exactly one of `stored`, `resumed`, `failed`. */
export interface RecordingUploadReport {
  recordingUid: string;
  sessionUid: string;
  /** Files sent to storage by this run. */
  stored: RecordingFile[];
  /** Files an earlier run had stored or confirmed. */
  resumed: RecordingFile[];
  /** Files that could not be stored or confirmed, with the typed error. */
  failed: Array<RecordingFile & { error: unknown }>;
  bytesSent: number;
  /** Whether the session was finalized (only when no file failed). */
  finalized: boolean;
  /** The session as `GET …/upload/status/` reported it at the end. */
  status: UploadStatusResponse | undefined;
}

/** Paths per `upload/urls/` request and files per `upload/confirm/` request: the spec's limits. */
const URL_BATCH = 100;
const CONFIRM_BATCH = 500;
/** The spec's limit of concurrent upload connections. */
const MAX_CONCURRENCY = 10;
const DEFAULT_CONCURRENCY = 4;

/** The default state file of an upload to recording `uid`, in the working directory. */
export function defaultUploadStateFile(uid: string): string {
  return join(process.cwd(), `.avala-upload-${uid}.json`);
}

function validate(client: AvalaClient, uid: string, options: UploadRecordingOptions): readonly string[] {
  if (!client || typeof client.POST !== "function") {
    throw new ConfigurationError("client", "uploadRecording() needs a client from createClient().");
  }
  if (typeof uid !== "string" || uid === "") {
    throw new ConfigurationError("uid", "uploadRecording() needs the recording's uid (a non-empty string).");
  }
  const paths = typeof options.paths === "string" ? [options.paths] : (options.paths ?? []);
  if (!Array.isArray(paths) || paths.length === 0 || paths.some((p) => typeof p !== "string" || p === "")) {
    throw new ConfigurationError("paths", "paths must name at least one file or directory to upload.");
  }
  const concurrency = options.concurrency;
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= MAX_CONCURRENCY)
  ) {
    throw new ConfigurationError(
      "concurrency",
      `concurrency must be an integer from 1 to ${MAX_CONCURRENCY} (the API's limit of concurrent upload connections), got ${concurrency}.`,
    );
  }
  if (
    options.maxAttempts !== undefined &&
    !(Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1)
  ) {
    throw new ConfigurationError("maxAttempts", "maxAttempts must be a positive integer.");
  }
  if (
    options.initialDelayMs !== undefined &&
    !(Number.isFinite(options.initialDelayMs) && options.initialDelayMs >= 0)
  ) {
    throw new ConfigurationError("initialDelayMs", "initialDelayMs must be a finite number >= 0.");
  }
  if (options.storageHosts !== undefined) checkStorageHosts(options.storageHosts);
  return paths;
}

/**
 * Uploads local files to a fleet recording with the resumable presigned-PUT flow of the spec (the official Python
 * SDK's `fleet.uploads`): open a session from the manifest, get presigned URLs (100 per request), PUT each file
 * streamed from disk to storage (https on an allowed host only, never with the API key, 3 attempts with backoff,
 * ETag kept), confirm (500 per request), finalize.
 *
 * Resumable: the state file records the session and each file's ETag as soon as storage has it (written
 * atomically), so a re-run after a crash, Ctrl-C or network loss confirms what was stored and sends only the
 * missing files, each file reaching storage once. Transfers hold the limiter's `uploads` slots (at most 10) but are
 * not charged to the API's request windows. A file that fails does not stop the others; the session is finalized
 * only when every file is confirmed. Invalid options reject with `ConfigurationError` before anything is sent.
 *
 * @example
 * const report = await uploadRecording(avala, recordingUid, { paths: ["./drive_0412"], onProgress: console.log });
 * if (report.finalized) await waitForRecording(avala, recordingUid);
 */
export async function uploadRecording(
  client: AvalaClient,
  uid: string,
  options: UploadRecordingOptions,
): Promise<RecordingUploadReport> {
  const paths = validate(client, uid, options);
  const { signal } = options;
  const hosts = options.storageHosts ?? DEFAULT_STORAGE_HOSTS;
  const files = await collectFiles(paths, options);
  if (files.length === 0) throw new ConfigurationError("paths", "No files to upload under the given paths.");
  const stateFile =
    options.stateFile === false ? undefined : (options.stateFile ?? defaultUploadStateFile(uid));
  const state = await UploadState.open(stateFile, uid);
  if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
  const recording = { path: { uid } };

  // Resume the recorded session if the API still has it open for these same files.
  let remote: UploadStatusResponse | undefined;
  if (state.sessionUid) {
    remote = await client
      .GET("/fleet/recordings/{uid}/upload/status/", { params: recording, signal })
      .catch((error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      });
    if (remote && remote.session_uid !== state.sessionUid) remote = undefined;
    if (remote) {
      const same =
        state.files.size === files.length &&
        files.every((f) => {
          const entry = state.files.get(f.path);
          return entry && entry.size === f.size && entry.mtimeMs === f.mtimeMs;
        });
      if (!same && remote.status !== "completed") {
        throw new ConfigurationError(
          "paths",
          `The files differ from those of the interrupted upload recorded in ${stateFile} (added, removed or ` +
            "modified since): upload the same files to resume, or delete the state file to start a new session.",
        );
      }
    }
  }
  if (!remote) {
    const session = await client.POST("/fleet/recordings/{uid}/upload/init/", {
      params: recording,
      body: {
        files: files.map((f) => ({ path: f.path, size_bytes: f.size })),
        ...(options.storageConfigUid ? { storage_config_uid: options.storageConfigUid } : {}),
      },
      signal,
    });
    state.sessionUid = session.uid;
    state.files = new Map(files.map((f) => [f.path, { size: f.size, mtimeMs: f.mtimeMs }]));
    await state.save();
  } else {
    const pending = new Set(remote.pending_paths ?? []);
    for (const [path, entry] of state.files)
      entry.confirmed = remote.status === "completed" || !pending.has(path);
  }
  const session_uid = state.sessionUid;

  const report: RecordingUploadReport = {
    recordingUid: uid,
    sessionUid: session_uid,
    stored: [],
    resumed: [],
    failed: [],
    bytesSent: 0,
    finalized: false,
    status: undefined,
  };
  const entryOf = (f: LocalFile) => state.files.get(f.path)!;
  const toSend = files.filter((f) => !entryOf(f).confirmed && !entryOf(f).etag);
  for (const f of files) if (!toSend.includes(f)) report.resumed.push({ path: f.path, size: f.size });
  const counters = {
    filesTotal: files.length,
    filesStored: 0,
    filesResumed: report.resumed.length,
    filesFailed: 0,
    filesConfirmed: files.filter((f) => entryOf(f).confirmed).length,
    bytesTotal: toSend.reduce((n, f) => n + f.size, 0),
    bytesSent: 0,
  };
  const emit = (event: RecordingUploadProgress["event"], file?: LocalFile) => {
    try {
      options.onProgress?.({
        event,
        ...counters,
        ...(file ? { file: { path: file.path, size: file.size } } : {}),
      });
    } catch {
      // A throwing progress callback must not fail the upload.
    }
  };
  emit("start");
  const fail = (file: LocalFile, error: unknown) => {
    report.failed.push({ path: file.path, size: file.size, error });
    counters.filesFailed++;
    emit("failed", file);
  };

  /** Confirms stored files in batches of 500; a refused batch marks its files failed (state keeps their ETag). */
  const confirm = async (batch: LocalFile[]) => {
    for (let i = 0; i < batch.length; i += CONFIRM_BATCH) {
      const part = batch.slice(i, i + CONFIRM_BATCH);
      try {
        await client.POST("/fleet/recordings/{uid}/upload/confirm/", {
          params: recording,
          body: {
            session_uid,
            files: part.map((f) => ({ path: f.path, etag: entryOf(f).etag!, size_bytes: f.size })),
          },
          // Confirming the same ETag twice is harmless, so the POST may be retried like a GET.
          retry: true,
          signal,
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        for (const f of part) fail(f, error);
        continue;
      }
      for (const f of part) entryOf(f).confirmed = true;
      counters.filesConfirmed += part.length;
      await state.save();
      emit("confirmed");
    }
  };

  // Files an earlier run stored but did not get confirmed: confirm them without sending them again.
  await confirm(files.filter((f) => !entryOf(f).confirmed && entryOf(f).etag));

  const dispatcher = dispatcherOf(client);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  for (let start = 0; start < toSend.length; start += URL_BATCH) {
    const batch = toSend.slice(start, start + URL_BATCH);
    let urls: UploadUrlEntry[];
    try {
      const answer = await client.POST("/fleet/recordings/{uid}/upload/urls/", {
        params: recording,
        body: { session_uid, file_paths: batch.map((f) => f.path), ttl_seconds: options.ttlSeconds ?? 3600 },
        // Asking for URLs twice is harmless, so the POST may be retried like a GET.
        retry: true,
        signal,
      });
      urls = answer.urls ?? [];
    } catch (error) {
      if (signal?.aborted) throw error;
      for (const f of batch) fail(f, error);
      continue;
    }
    const byPath = new Map(urls.map((u) => [u.path, u]));
    const stored: LocalFile[] = [];
    const sendOne = async (file: LocalFile) => {
      try {
        const entry = byPath.get(file.path);
        if (!entry) {
          throw new StorageUploadError({
            path: file.path,
            host: "",
            attempts: 0,
            transient: true,
            detail: "the API returned no upload URL for it; run the upload again",
          });
        }
        const url = checkStorageUrl(entry.put_url, hosts);
        const etag = await putFile(url, file, {
          headers: entry.headers ?? {},
          limiter: client.limiter,
          dispatcher,
          maxAttempts: options.maxAttempts,
          initialDelayMs: options.initialDelayMs,
          onBytes: (delta) => {
            counters.bytesSent += delta;
            emit("bytes", file);
          },
          signal,
        });
        // Recorded before anything else: once storage has the file, no later run sends it again.
        entryOf(file).etag = etag;
        await state.save();
        stored.push(file);
        report.stored.push({ path: file.path, size: file.size });
        counters.filesStored++;
        emit("stored", file);
      } catch (error) {
        if (signal?.aborted) throw error instanceof APIUserAbortError ? error : new APIUserAbortError();
        fail(file, error);
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < batch.length && !signal?.aborted) await sendOne(batch[next++]!);
    };
    // allSettled: on abort, wait for every transfer to stop (and the state to be written) before rejecting.
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(concurrency, batch.length) }, worker),
    );
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    await confirm(stored);
  }

  report.bytesSent = counters.bytesSent;
  if (report.failed.length === 0) {
    if (remote?.status !== "completed") {
      await client.POST("/fleet/recordings/{uid}/upload/finalize/", {
        params: recording,
        body: { session_uid },
        signal,
      });
    }
    report.finalized = true;
    await state.remove();
  }
  report.status = await client
    .GET("/fleet/recordings/{uid}/upload/status/", { params: recording, signal })
    .catch((error: unknown) => {
      if (signal?.aborted) throw error;
      return undefined;
    });
  emit("done");
  return report;
}
