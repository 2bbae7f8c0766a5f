import { type AvalaBaseClient, ConfigurationError } from "@avala/core";
import type { Dataset } from "@avala/types";
import { checkPollOptions, pollUntil } from "../poll.js";
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
  checkPollOptions(intervalMs, timeoutMs);
  if (typeof awaited !== "string" || awaited === "") {
    throw new ConfigurationError("status", "status must be a non-empty string such as `created`.");
  }
  return pollUntil<Dataset>({
    intervalMs,
    timeoutMs,
    signal: options.signal,
    fetch: (signal) => client.GET("/datasets/{uid}/", { params: { path: { uid } }, signal }),
    progress: (dataset, polls) => options.onProgress?.({ status: dataset.status ?? null, polls, dataset }),
    done: (dataset) => dataset.status === awaited,
    timedOut: (dataset) => new DatasetWaitTimeoutError(uid, awaited, timeoutMs, dataset),
  });
}
