import { AvalaError } from "@avala/core";

/**
 * A storage URL (presigned upload form or export download link) was refused before anything was sent: it is not
 * https, or its host is not on the storage allow-list. The message names the host and, when listing the host would
 * let the URL through, the `storageHosts` option that allows it.
 */
export class StorageUrlNotAllowedError extends AvalaError {
  static override readonly brand: string = "StorageUrlNotAllowedError";
  /** Host of the refused URL (never the full URL: presigned queries carry signatures). */
  readonly host: string;
  /** Scheme of the refused URL, e.g. `https:` or `http:`. */
  readonly protocol: string;
  /** Why it was refused, without advice: a tool with its own option for the allow-list words its own. */
  readonly detail: string;
  /** The host name that, added to the allow-list, would let this URL through; undefined when none would. */
  readonly allowWith: string | undefined;

  constructor(init: { host: string; protocol: string; detail: string; allowWith?: string }) {
    super(
      init.allowWith === undefined
        ? init.detail
        : `${init.detail} To trust this host, pass storageHosts: [...DEFAULT_STORAGE_HOSTS, "${init.allowWith}"].`,
    );
    this.host = init.host;
    this.protocol = init.protocol;
    this.detail = init.detail;
    this.allowWith = init.allowWith;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), host: this.host, protocol: this.protocol, allowWith: this.allowWith };
  }
}

/** A file could not be stored: the storage host kept failing, refused the form, or the connection broke. */
export class StorageUploadError extends AvalaError {
  static override readonly brand: string = "StorageUploadError";
  /** Path of the file inside the dataset. */
  readonly path: string;
  /** HTTP status of the last attempt, or undefined when the connection failed. */
  readonly status: number | undefined;
  /** Attempts made, including the first. */
  readonly attempts: number;
  /** Whether the last failure was transient (the attempts ran out rather than the storage refusing). */
  readonly transient: boolean;

  constructor(
    init: {
      path: string;
      host: string;
      status?: number;
      attempts: number;
      transient: boolean;
      detail?: string;
    },
    options?: { cause?: unknown },
  ) {
    const what = init.status === undefined ? "the connection failed" : `storage answered ${init.status}`;
    super(
      `Upload of ${init.path} to ${init.host} failed after ${init.attempts} attempt(s): ${what}` +
        (init.detail ? ` (${init.detail})` : "") +
        ".",
      options,
    );
    this.path = init.path;
    this.status = init.status;
    this.attempts = init.attempts;
    this.transient = init.transient;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      path: this.path,
      status: this.status,
      attempts: this.attempts,
      transient: this.transient,
    };
  }
}
