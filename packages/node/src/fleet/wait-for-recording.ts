import { type AvalaBaseClient, ConfigurationError } from "@avala/core";
import { sleep } from "@avala/core/internal";
import type { FleetRecording } from "@avala/types";
import { RecordingFailedError, RecordingWaitTimeoutError } from "./errors.js";

/** Options of {@link waitForRecording}. */
export interface WaitForRecordingOptions {
  /** Wait between polls, in ms. Default 10 000, at least 1000. */
  intervalMs?: number;
  /** Give up after this many ms with `RecordingWaitTimeoutError`; 0 waits forever. Default 3 600 000 (1 h). */
  timeoutMs?: number;
  /** Aborts the wait with core's `APIUserAbortError`. */
  signal?: AbortSignal;
  /** Called with the recording after every poll. */
  onProgress?: (recording: FleetRecording) => void;
}

/**
 * Polls `GET /fleet/recordings/{uid}/` after an upload was finalized until the recording is `ready` (returned) or
 * `error` (`RecordingFailedError`), as the official CLI's `upload --wait`. Throws `RecordingWaitTimeoutError`
 * after `timeoutMs` and `APIUserAbortError` when `signal` aborts.
 *
 * @example
 * const recording = await waitForRecording(avala, uid, { onProgress: (r) => console.log(r.status) });
 */
export async function waitForRecording(
  client: AvalaBaseClient,
  uid: string,
  options: WaitForRecordingOptions = {},
): Promise<FleetRecording> {
  const { intervalMs = 10_000, timeoutMs = 3_600_000 } = options;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 1000)) {
    throw new ConfigurationError(
      "intervalMs",
      `intervalMs must be a finite number >= 1000 (got ${intervalMs}).`,
    );
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new ConfigurationError("timeoutMs", `timeoutMs must be a finite number >= 0 (got ${timeoutMs}).`);
  }
  const deadline = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => deadline.abort(), timeoutMs) : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  let last: FleetRecording | undefined;
  try {
    for (;;) {
      last = await client.GET("/fleet/recordings/{uid}/", { params: { path: { uid } }, signal });
      try {
        options.onProgress?.(last);
      } catch {
        // A throwing progress callback must not end the wait.
      }
      if (last.status === "ready") return last;
      if (last.status === "error") throw new RecordingFailedError(last);
      await sleep(intervalMs, signal);
    }
  } catch (error) {
    if (deadline.signal.aborted && !options.signal?.aborted)
      throw new RecordingWaitTimeoutError(uid, timeoutMs, last);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
