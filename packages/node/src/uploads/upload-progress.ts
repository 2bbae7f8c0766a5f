/** A snapshot passed to `onProgress` of {@link uploadDataset}. Counters only ever grow. */
export interface UploadProgress {
  /** What just happened. */
  readonly event: "start" | "bytes" | "uploaded" | "skipped" | "failed" | "done";
  /** Files in the run, skipped ones included. */
  readonly filesTotal: number;
  /** Files uploaded so far. */
  readonly filesUploaded: number;
  /** Files skipped because the resume manifest lists them. */
  readonly filesSkipped: number;
  /** Files that failed. */
  readonly filesFailed: number;
  /** Bytes of the files to transfer (skipped files excluded). */
  readonly bytesTotal: number;
  /** File bytes handed to the network so far (a retry does not count a byte twice). */
  readonly bytesSent: number;
  /** The file this event is about (absent for `start` and `done`). */
  readonly file?: { readonly path: string; readonly size: number };
}

/** Keeps the counters of a run and emits snapshots. */
export class ProgressTracker {
  #state: Omit<UploadProgress, "event" | "file">;
  readonly #emit: ((progress: UploadProgress) => void) | undefined;

  constructor(filesTotal: number, bytesTotal: number, emit?: (progress: UploadProgress) => void) {
    this.#state = { filesTotal, filesUploaded: 0, filesSkipped: 0, filesFailed: 0, bytesTotal, bytesSent: 0 };
    this.#emit = emit;
  }

  get snapshot(): Omit<UploadProgress, "event" | "file"> {
    return this.#state;
  }

  /** Records an event; `bytes` adds to bytesSent, the others count the file. */
  note(event: UploadProgress["event"], file?: { path: string; size: number }, bytes = 0): void {
    const s = { ...this.#state };
    if (event === "bytes") s.bytesSent += bytes;
    if (event === "uploaded") s.filesUploaded++;
    if (event === "skipped") s.filesSkipped++;
    if (event === "failed") s.filesFailed++;
    this.#state = s;
    if (!this.#emit) return;
    try {
      this.#emit({ event, ...s, ...(file ? { file: { path: file.path, size: file.size } } : {}) });
    } catch {
      // A throwing progress callback must not fail uploads that are otherwise fine.
    }
  }
}
