import { AvalaError } from "@avala/core";
import type { AutoLabelJob } from "@avala/types";

/** The auto-label job ended `failed` or `cancelled`. `job` is the job as last fetched. */
export class AutoLabelJobFailedError extends AvalaError {
  static override readonly brand: string = "AutoLabelJobFailedError";
  readonly job: AutoLabelJob;

  constructor(job: AutoLabelJob) {
    const why = job.error_message ? `: ${job.error_message}` : "";
    super(`Auto-label job ${job.uid} ended ${job.status ?? "unsuccessfully"}${why}.`);
    this.job = job;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), uid: this.job.uid, status: this.job.status };
  }
}

/** The auto-label job did not reach a terminal status within the timeout of `waitForAutoLabelJob`. */
export class AutoLabelJobTimeoutError extends AvalaError {
  static override readonly brand: string = "AutoLabelJobTimeoutError";
  readonly uid: string;
  readonly timeoutMs: number;
  /** The job as last fetched, if any poll answered. */
  readonly lastJob: AutoLabelJob | undefined;

  constructor(uid: string, timeoutMs: number, lastJob: AutoLabelJob | undefined) {
    super(
      `Auto-label job ${uid} was still ${lastJob?.status ?? "not reported"} after ${timeoutMs} ms; ` +
        "it may still finish: wait again or raise `timeoutMs`.",
    );
    this.uid = uid;
    this.timeoutMs = timeoutMs;
    this.lastJob = lastJob;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), uid: this.uid, timeoutMs: this.timeoutMs, status: this.lastJob?.status };
  }
}
