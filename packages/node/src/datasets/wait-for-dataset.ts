import { type AvalaBaseClient, ConfigurationError } from "@avala/core";
import { sleep } from "@avala/core/internal";
import type { Dataset } from "@avala/types";
import { DatasetWaitTimeoutError } from "./errors.js";

/** Passed to `onProgress` of {@link waitForDataset} after every poll. */
export interface DatasetProgress {
  /** Status as reported (`creating`, `created`, … the set is open; null is possible). */
  status: string | null;
  /** Polls made so far, this one included. */
  polls: number;
  /** The dataset as fetched. */
  dataset: Dataset;
}

/** Options of {@link waitForDataset}. */
export interface WaitForDatasetOptions {
  /** Status to wait for. Default `created` (as the official SDKs). */
  status?: string;
  /** Wait between polls, in ms. Default 10 000, at least 1000 (the official SDKs' interval and floor). */
  intervalMs?: number;
  /** Give up after this many ms with `DatasetWaitTimeoutError`; 0 waits forever. Default 3 600 000 (1 h). */
  timeoutMs?: number;
  /** Aborts the wait with core's `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Called after every poll, the last one included. */
  onProgress?: (progress: DatasetProgress) => void;
}

/**
 * Shortest wait between two polls, in ms: the official SDKs' floor. Faster polling would only spend the key's
 * request budget (shared with every other call) on status checks of a job that takes seconds at least.
 */
const MIN_INTERVAL_MS = 1000;

/**
 * Polls `GET /datasets/{uid}/` until the dataset's status is `status` (default `created`) and returns it.
 * Throws `DatasetWaitTimeoutError` after `timeoutMs`, `APIUserAbortError` when `signal` aborts, and the client's
 * typed errors for API failures it does not retry itself (e.g. `NotFoundError`). Invalid options throw
 * `ConfigurationError` before anything is sent.
 *
 * @example
 * const dataset = await waitForDataset(avala, uid, { onProgress: (p) => console.log(p.status) });
 */
export async function waitForDataset(
  client: AvalaBaseClient,
  uid: string,
  options: WaitForDatasetOptions = {},
): Promise<Dataset> {
  if (!client || typeof client.GET !== "function") {
    throw new ConfigurationError("client", "waitForDataset() needs a client from createClient().");
  }
  if (typeof uid !== "string" || uid.trim() === "") {
    throw new ConfigurationError("uid", "waitForDataset() needs the dataset's uid (a non-empty string).");
  }
  const { intervalMs = 10_000, timeoutMs = 3_600_000, status: awaited = "created" } = options;
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
  if (typeof awaited !== "string" || awaited === "") {
    throw new ConfigurationError("status", "status must be a non-empty string such as `created`.");
  }
  // A plain timer rather than AbortSignal.timeout: cleared when the wait ends, on the same clock as the sleeps.
  const deadline = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => deadline.abort(), timeoutMs) : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  let last: Dataset | undefined;
  let polls = 0;
  try {
    for (;;) {
      last = await client.GET("/datasets/{uid}/", { params: { path: { uid } }, signal });
      polls++;
      try {
        options.onProgress?.({ status: last.status ?? null, polls, dataset: last });
      } catch {
        // A throwing progress callback must not end the wait.
      }
      if (last.status === awaited) return last;
      await sleep(intervalMs, signal);
    }
  } catch (error) {
    // The deadline shares the abort path of the requests; tell the two apart by which signal fired.
    if (deadline.signal.aborted && !options.signal?.aborted) {
      throw new DatasetWaitTimeoutError(uid, awaited, timeoutMs, last);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
