import { type AvalaClient, ConfigurationError } from "@avala/core";
import { sleep } from "@avala/core/internal";
import type { Export } from "@avala/types";
import { ExportFailedError, ExportTimeoutError } from "./errors.js";
import { exportState } from "./export-status.js";

/** Passed to `onProgress` of {@link waitForExport} after every poll. */
export interface ExportProgress {
  /** Status as reported (the set is open; null is possible). */
  status: string | null;
  /** `exported_task_count`: tasks exported so far, null until the job starts. */
  exported: number | null;
  /** `total_task_count`: tasks to export, null until the job is planned. */
  total: number | null;
  /** The export as fetched. */
  export: Export;
}

/** Options of {@link waitForExport}. */
export interface WaitForExportOptions {
  /**
   * First wait between polls, in ms; grows by half each poll up to `maxPollInterval`. Default 2000, at least
   * 1000.
   */
  pollInterval?: number;
  /** Longest wait between polls, in ms. Default 30 000, at least 1000. */
  maxPollInterval?: number;
  /** Give up after this many ms with `ExportTimeoutError`; 0 waits forever. Default 3 600 000 (1 h). */
  timeout?: number;
  /** Aborts the wait with core's `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Called after every poll. */
  onProgress?: (progress: ExportProgress) => void;
}

const GROWTH = 1.5;

/**
 * Shortest wait between two polls of {@link waitForExport}, in ms. Polling faster only spends the API key's
 * budget (100 requests a minute, shared with every other call) on status checks: an export takes seconds at
 * least, and a shorter interval would make the wait compete with the application's own requests.
 */
const MIN_POLL_INTERVAL_MS = 1000;

/**
 * Polls `GET /exports/{uid}/` until the export is terminal and returns it when it succeeded (`exported` or
 * `completed`). Throws `ExportFailedError` for `failed`, `ExportTimeoutError` after `timeout`, and
 * `APIUserAbortError` when `signal` aborts. Unknown statuses count as in progress. API errors other than those
 * the client retries itself (e.g. 404) are thrown as the client's typed errors.
 *
 * @example
 * const created = await avala.POST("/exports/", { body: { name: "v3", format: "avala-json-external", datasets } });
 * const done = await waitForExport(avala, created.uid, { onProgress: (p) => console.log(p.status, p.exported, p.total) });
 * await downloadExport(done, "./exports/");
 */
export async function waitForExport(
  client: AvalaClient,
  uid: string,
  options: WaitForExportOptions = {},
): Promise<Export> {
  for (const option of ["pollInterval", "maxPollInterval"] as const) {
    const value = options[option];
    if (value !== undefined && !(Number.isFinite(value) && value >= MIN_POLL_INTERVAL_MS)) {
      throw new ConfigurationError(
        option,
        `${option} must be a finite number of milliseconds >= ${MIN_POLL_INTERVAL_MS} (got ${value}); ` +
          "polling faster would spend the API key's rate limit on status checks.",
      );
    }
  }
  const timeoutOption = options.timeout;
  if (timeoutOption !== undefined && !(Number.isFinite(timeoutOption) && timeoutOption >= 0)) {
    throw new ConfigurationError("timeout", "timeout must be a finite number of milliseconds >= 0.");
  }
  const timeout = timeoutOption ?? 3_600_000;
  const maxInterval = options.maxPollInterval ?? 30_000;
  let interval = Math.min(options.pollInterval ?? 2000, maxInterval);
  // A plain timer rather than AbortSignal.timeout: it is cleared when the wait ends, so it never holds the
  // process open, and it runs on the same clock as the waits between polls.
  const deadline = new AbortController();
  const timer = timeout > 0 ? setTimeout(() => deadline.abort(), timeout) : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  let last: Export | undefined;
  try {
    for (;;) {
      last = await client.GET("/exports/{uid}/", { params: { path: { uid } }, signal });
      try {
        options.onProgress?.({
          status: last.status ?? null,
          exported: last.exported_task_count ?? null,
          total: last.total_task_count ?? null,
          export: last,
        });
      } catch {
        // A throwing progress callback must not end the wait.
      }
      const state = exportState(last);
      if (state === "succeeded") return last;
      if (state === "failed") throw new ExportFailedError(last);
      await sleep(interval, signal);
      interval = Math.min(interval * GROWTH, maxInterval);
    }
  } catch (error) {
    // The deadline shares the abort path of the requests; tell the two apart by which signal fired.
    if (deadline.signal.aborted && !options.signal?.aborted) throw new ExportTimeoutError(uid, timeout, last);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
