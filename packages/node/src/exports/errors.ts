import { AvalaError } from "@avala/core";
import type { Export } from "@avala/types";

/** The export job ended with status `failed`. `export` is the job as last fetched. */
export class ExportFailedError extends AvalaError {
  static override readonly brand: string = "ExportFailedError";
  readonly export: Export;

  constructor(exp: Export) {
    super(`Export ${exp.uid}${exp.name ? ` (${exp.name})` : ""} failed on the server.`);
    this.export = exp;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), uid: this.export.uid, status: this.export.status };
  }
}

/** The export did not reach a terminal status within the timeout of `waitForExport`. */
export class ExportTimeoutError extends AvalaError {
  static override readonly brand: string = "ExportTimeoutError";
  readonly uid: string;
  readonly timeoutMs: number;
  /** The export as last fetched, if any poll answered. */
  readonly lastExport: Export | undefined;

  constructor(uid: string, timeoutMs: number, lastExport: Export | undefined) {
    super(
      `Export ${uid} was still ${lastExport?.status ?? "not reported"} after ${timeoutMs} ms; ` +
        "it may still finish: wait again or raise `timeout`.",
    );
    this.uid = uid;
    this.timeoutMs = timeoutMs;
    this.lastExport = lastExport;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), uid: this.uid, timeoutMs: this.timeoutMs, status: this.lastExport?.status };
  }
}

/** `downloadExport` was given an export that has not succeeded or has no `download_url`; nothing was fetched. */
export class ExportNotReadyError extends AvalaError {
  static override readonly brand: string = "ExportNotReadyError";
  readonly uid: string;
  readonly status: string | null;

  constructor(exp: Export) {
    const status = exp.status ?? "in an unknown state";
    super(
      exp.status === "failed"
        ? `Export ${exp.uid} failed and cannot be downloaded.`
        : exp.status === "exported" || exp.status === "completed"
          ? `Export ${exp.uid} is ${status} but has no download_url; fetch it again.`
          : `Export ${exp.uid} is ${status}, not finished; wait for it with waitForExport().`,
    );
    this.uid = exp.uid;
    this.status = exp.status ?? null;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), uid: this.uid, status: this.status };
  }
}

/** The code of the system or undici error behind a failed fetch (undici nests it as the cause), if any. */
function systemCode(cause: unknown): string | undefined {
  for (let error = cause, depth = 0; error && depth < 4; depth++) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return code;
    error = (error as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A download did not complete: an error status, a broken connection, or fewer/more bytes than announced. */
export class DownloadError extends AvalaError {
  static override readonly brand: string = "DownloadError";
  readonly reason: "status" | "connection" | "length";
  /** Host of the download (never the full URL: presigned queries carry signatures). */
  readonly host: string;
  readonly status: number | undefined;
  readonly bytesReceived: number;
  /** Content-Length the server announced, if any. */
  readonly expectedBytes: number | undefined;

  constructor(
    init: {
      reason: DownloadError["reason"];
      host: string;
      status?: number;
      bytesReceived: number;
      expectedBytes?: number;
    },
    options?: { cause?: unknown },
  ) {
    const code = systemCode(options?.cause);
    const broke =
      init.bytesReceived > 0
        ? `the connection broke after ${init.bytesReceived} bytes`
        : "the connection failed before any of the file arrived";
    const what =
      init.reason === "status"
        ? `the server answered ${init.status}`
        : init.reason === "length"
          ? `received ${init.bytesReceived} bytes but Content-Length announced ${init.expectedBytes}`
          : code === "ENOTFOUND" || code === "EAI_AGAIN"
            ? `the host name ${init.host} could not be resolved (${code})`
            : `${broke}${code ? ` (${code})` : ""}`;
    super(`Download from ${init.host} failed: ${what}; no file was written.`, options);
    this.reason = init.reason;
    this.host = init.host;
    this.status = init.status;
    this.bytesReceived = init.bytesReceived;
    this.expectedBytes = init.expectedBytes;
  }

  override toJSON(): Record<string, unknown> {
    const { reason, host, status, bytesReceived, expectedBytes } = this;
    return { ...super.toJSON(), reason, host, status, bytesReceived, expectedBytes };
  }
}
