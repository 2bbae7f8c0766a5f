import { AvalaError } from "@avala/core";
import type { FleetRecording } from "@avala/types";

/** The recording's processing ended with status `error`. `recording` is the recording as last fetched. */
export class RecordingFailedError extends AvalaError {
  static override readonly brand: string = "RecordingFailedError";
  readonly recording: FleetRecording;

  constructor(recording: FleetRecording) {
    super(`Recording ${recording.uid} failed to process on the server (status error).`);
    this.recording = recording;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), uid: this.recording.uid, status: this.recording.status };
  }
}

/** The recording was not `ready` or `error` within the timeout of `waitForRecording`. */
export class RecordingWaitTimeoutError extends AvalaError {
  static override readonly brand: string = "RecordingWaitTimeoutError";
  readonly uid: string;
  readonly timeoutMs: number;
  readonly lastRecording: FleetRecording | undefined;

  constructor(uid: string, timeoutMs: number, last: FleetRecording | undefined) {
    super(
      `Recording ${uid} was still ${last?.status ?? "not reported"} after ${timeoutMs} ms; ` +
        "it may still finish: wait again or raise `timeoutMs`.",
    );
    this.uid = uid;
    this.timeoutMs = timeoutMs;
    this.lastRecording = last;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      uid: this.uid,
      timeoutMs: this.timeoutMs,
      status: this.lastRecording?.status,
    };
  }
}
