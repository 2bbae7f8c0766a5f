import { APIConnectionError, APIError, ConfigurationError, InvalidRequestError } from "@avala/core";
import {
  BulkEditChunkError,
  DownloadError,
  ExportFailedError,
  RecordingFailedError,
  StorageUrlNotAllowedError,
} from "@avala/node";
import { EXIT } from "./exit.js";
import { InterruptedError } from "./interrupt.js";
import { UsageError } from "./usage-error.js";

export { EXIT, UsageError };

/** Maps an error to the exit code that tells a script what kind of failure it was. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InterruptedError) return EXIT.interrupted;
  if (error instanceof ConfigurationError || error instanceof InvalidRequestError) return EXIT.usage;
  // A storage host off the allow-list is fixed on the command line, with --storage-host.
  if (error instanceof StorageUrlNotAllowedError) return EXIT.usage;
  // A failed chunk exits as what made it fail (the API's answer, or the network).
  if (error instanceof BulkEditChunkError) return exitCodeFor(error.cause);
  if (
    error instanceof APIError ||
    error instanceof ExportFailedError ||
    error instanceof RecordingFailedError
  )
    return EXIT.api;
  if (error instanceof APIConnectionError) return EXIT.network;
  if (error instanceof DownloadError) return error.reason === "status" ? EXIT.api : EXIT.network;
  if (error instanceof UsageError) return EXIT.usage;
  return EXIT.unexpected;
}

/**
 * The one-line message of an error for the CLI's user: the library's, except where it gives advice in library
 * terms (a refused storage host names `--storage-host`, not the `storageHosts` option).
 */
export function describeError(error: unknown): string {
  if (error instanceof StorageUrlNotAllowedError) {
    return error.allowWith === undefined
      ? error.detail
      : `${error.detail} To trust this host, add --storage-host ${error.allowWith}.`;
  }
  return error instanceof Error ? error.message : String(error);
}
