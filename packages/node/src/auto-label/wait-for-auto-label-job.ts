import { type AvalaBaseClient, ConfigurationError } from "@avala/core";
import type { AutoLabelJob } from "@avala/types";
import { pollUntil } from "../poll.js";
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
  return pollUntil<AutoLabelJob>({
    intervalMs,
    timeoutMs,
    signal: options.signal,
    fetch: (signal) => client.GET("/auto-label-jobs/{uid}/", { params: { path: { uid } }, signal }),
    progress: (job, polls) =>
      options.onProgress?.({
        status: job.status ?? null,
        processed: job.processed_items ?? null,
        total: job.total_items ?? null,
        percent: job.progress_pct ?? null,
        polls,
        job,
      }),
    done: (job) => {
      const status = job.status ?? "";
      if (AUTO_LABEL_TERMINAL_STATUSES.includes(status) && status !== "completed") {
        throw new AutoLabelJobFailedError(job);
      }
      return status === "completed";
    },
    timedOut: (job) => new AutoLabelJobTimeoutError(uid, timeoutMs, job),
  });
}
