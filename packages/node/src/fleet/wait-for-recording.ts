import type { AvalaBaseClient } from "@avala/core";
import type { FleetRecording } from "@avala/types";
import { pollUntil } from "../poll.js";
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
  return pollUntil<FleetRecording>({
    intervalMs,
    timeoutMs,
    signal: options.signal,
    fetch: (signal) => client.GET("/fleet/recordings/{uid}/", { params: { path: { uid } }, signal }),
    progress: (recording) => options.onProgress?.(recording),
    done: (recording) => {
      if (recording.status === "error") throw new RecordingFailedError(recording);
      return recording.status === "ready";
    },
    timedOut: (recording) => new RecordingWaitTimeoutError(uid, timeoutMs, recording),
  });
}
