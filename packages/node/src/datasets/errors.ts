import { AvalaError } from "@avala/core";
import type { Dataset } from "@avala/types";

/** The dataset did not reach the awaited status within the timeout of `waitForDataset`. */
export class DatasetWaitTimeoutError extends AvalaError {
  static override readonly brand: string = "DatasetWaitTimeoutError";
  readonly uid: string;
  /** The status that was awaited (default `created`). */
  readonly awaitedStatus: string;
  readonly timeoutMs: number;
  /** The dataset as last fetched, if any poll answered. */
  readonly lastDataset: Dataset | undefined;

  constructor(uid: string, awaitedStatus: string, timeoutMs: number, lastDataset: Dataset | undefined) {
    super(
      `Dataset ${uid} was still ${lastDataset?.status ?? "not reported"} (waiting for ${awaitedStatus}) after ` +
        `${timeoutMs} ms; it may still get there: wait again or raise \`timeoutMs\`.`,
    );
    this.uid = uid;
    this.awaitedStatus = awaitedStatus;
    this.timeoutMs = timeoutMs;
    this.lastDataset = lastDataset;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      uid: this.uid,
      awaitedStatus: this.awaitedStatus,
      timeoutMs: this.timeoutMs,
      status: this.lastDataset?.status,
    };
  }
}
