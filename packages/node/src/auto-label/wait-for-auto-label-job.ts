import { type AvalaBaseClient, ConfigurationError } from "@avala/core";
import { sleep } from "@avala/core/internal";
import type { AutoLabelJob } from "@avala/types";
import { AutoLabelJobFailedError, AutoLabelJobTimeoutError } from "./errors.js";

/** Passed to `onProgress` of {@link waitForAutoLabelJob} after every poll. */
export interface AutoLabelJobProgress {
  /** Status as reported (`pending`, `running`, … the set is open; null is possible). */
  status: string | null;
  /** `processed_items`: items done so far, null until reported. */
  processed: number | null;
  /** `total_items`: items the job will process, null until reported. */
  total: number | null;
  /** `progress_pct` (0–100), null until reported. */
  percent: number | null;
  /** Polls made so far, this one included. */
  polls: number;
  /** The job as fetched. */
  job: AutoLabelJob;
}

/** Options of {@link waitForAutoLabelJob}. */
export interface WaitForAutoLabelJobOptions {
  /** Wait between polls, in ms. Default 5000, at least 1000. */
  intervalMs?: number;
  /** Give up after this many ms with `AutoLabelJobTimeoutError`; 0 waits forever. Default 3 600 000 (1 h). */
  timeoutMs?: number;
  /** Aborts the wait with core's `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Called after every poll, the last one included. */
  onProgress?: (progress: AutoLabelJobProgress) => void;
}

/** Statuses after which an auto-label job will not change; only `completed` is a success. */
export const AUTO_LABEL_TERMINAL_STATUSES: readonly string[] = ["completed", "failed", "cancelled"];

/**
 * Shortest wait between two polls, in ms. Faster polling would only spend the API key's request budget (shared
 * with every other call) on status checks of a job that runs model inference over a whole project.
 */
const MIN_INTERVAL_MS = 1000;

/**
 * Polls `GET /auto-label-jobs/{uid}/` until the job is terminal and returns it when it `completed`. Throws
 * `AutoLabelJobFailedError` for `failed` or `cancelled`, `AutoLabelJobTimeoutError` after `timeoutMs`,
 * `APIUserAbortError` when `signal` aborts, and the client's typed errors for API failures it does not retry
 * itself (e.g. `NotFoundError`). Unknown statuses count as in progress. Invalid options throw
 * `ConfigurationError` before anything is sent.
 *
 * @example
 * const job = await avala.POST("/projects/{project_uid}/auto-label/", { params: { path: { project_uid } }, body: {} });
 * const done = await waitForAutoLabelJob(avala, job.uid, { onProgress: (p) => console.log(p.status, p.percent) });
 */
export async function waitForAutoLabelJob(
  client: AvalaBaseClient,
  uid: string,
  options: WaitForAutoLabelJobOptions = {},
): Promise<AutoLabelJob> {
  if (typeof uid !== "string" || uid.trim() === "") {
    throw new ConfigurationError("uid", "waitForAutoLabelJob() needs the job's uid (a non-empty string).");
  }
  const { intervalMs = 5000, timeoutMs = 3_600_000 } = options;
  if (!(Number.isFinite(intervalMs) && intervalMs >= MIN_INTERVAL_MS)) {
    throw new ConfigurationError(
      "intervalMs",
      `intervalMs must be a finite number of milliseconds >= ${MIN_INTERVAL_MS} (got ${intervalMs}); ` +
        "polling faster would spend the API key's rate limit on status checks.",
    );
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new ConfigurationError(
      "timeoutMs",
      `timeoutMs must be a finite number of milliseconds >= 0 (got ${timeoutMs}).`,
    );
  }
  // A plain timer rather than AbortSignal.timeout: cleared when the wait ends, on the same clock as the sleeps.
  const deadline = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => deadline.abort(), timeoutMs) : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  let last: AutoLabelJob | undefined;
  let polls = 0;
  try {
    for (;;) {
      last = await client.GET("/auto-label-jobs/{uid}/", { params: { path: { uid } }, signal });
      polls++;
      try {
        options.onProgress?.({
          status: last.status ?? null,
          processed: last.processed_items ?? null,
          total: last.total_items ?? null,
          percent: last.progress_pct ?? null,
          polls,
          job: last,
        });
      } catch {
        // A throwing progress callback must not end the wait.
      }
      const status = last.status ?? "";
      if (status === "completed") return last;
      if (AUTO_LABEL_TERMINAL_STATUSES.includes(status)) throw new AutoLabelJobFailedError(last);
      await sleep(intervalMs, signal);
    }
  } catch (error) {
    // The deadline shares the abort path of the requests; tell the two apart by which signal fired.
    if (deadline.signal.aborted && !options.signal?.aborted) {
      throw new AutoLabelJobTimeoutError(uid, timeoutMs, last);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
