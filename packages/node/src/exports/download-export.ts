import { mkdir, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { APIUserAbortError, type AvalaClient, ConfigurationError } from "@avala/core";
import type { Export } from "@avala/types";
import { type Dispatcher, fetch, type Response } from "undici";
import { dispatcherOf } from "../dispatcher.js";
import { checkStorageHosts, checkStorageUrl, DEFAULT_STORAGE_HOSTS } from "../uploads/storage-url.js";
import { writeFileAtomically } from "./atomic-file.js";
import { DownloadError, ExportNotReadyError } from "./errors.js";
import { exportState } from "./export-status.js";

/** Passed to `onProgress` of {@link downloadExport} for every chunk written. */
export interface DownloadProgress {
  bytesReceived: number;
  /** Content-Length of the download, when the server announced one. */
  bytesTotal: number | undefined;
}

/** Options of {@link downloadExport}. */
export interface DownloadExportOptions {
  /** Called for every chunk written, with the bytes received so far. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Aborts the download with core's `APIUserAbortError`; no file is left behind. */
  signal?: AbortSignal;
  /** Allowed storage hosts of the download URL (and of any redirect). Default {@link DEFAULT_STORAGE_HOSTS}. */
  storageHosts?: readonly string[];
  /**
   * The client whose transport the download uses (its proxy settings and trusted CAs); the API key is still
   * never sent. Default: a shared dispatcher honouring `HTTPS_PROXY`/`NO_PROXY`.
   */
  client?: AvalaClient;
}

/** Outcome of {@link downloadExport}. */
export interface DownloadResult {
  /** Absolute path of the written file. */
  path: string;
  /** Bytes written. */
  bytes: number;
}

const MAX_REDIRECTS = 5;

/**
 * Downloads a finished export's archive (or any allowed storage URL) to `destination`, a file path or an
 * existing directory (the file is then named after the URL's last path segment). The body is streamed to a temp
 * file in the destination's directory, checked against Content-Length, fsynced and renamed into place, so a
 * failed or aborted download never leaves a partial file. Plain fetch: the API key is never sent.
 *
 * Throws `ExportNotReadyError` for an export that has not succeeded or has no `download_url`,
 * `StorageUrlNotAllowedError` for a URL off the allow-list, `DownloadError` for an error status, a broken
 * connection or a byte count that does not match Content-Length, and `APIUserAbortError` on abort.
 */
export async function downloadExport(
  exportOrUrl: Export | string,
  destination: string,
  options: DownloadExportOptions = {},
): Promise<DownloadResult> {
  const { signal } = options;
  if (typeof destination !== "string" || destination === "") {
    throw new ConfigurationError("destination", "downloadExport() needs a destination file or directory.");
  }
  const hosts = checkStorageHosts(options.storageHosts ?? DEFAULT_STORAGE_HOSTS);
  let raw: string;
  if (typeof exportOrUrl === "string") raw = exportOrUrl;
  else if (exportState(exportOrUrl) !== "succeeded" || !exportOrUrl.download_url) {
    throw new ExportNotReadyError(exportOrUrl);
  } else raw = exportOrUrl.download_url;
  const url = checkStorageUrl(raw, hosts);
  const fallbackName = typeof exportOrUrl === "string" ? "export.zip" : `export-${exportOrUrl.uid}.zip`;
  const target = await resolveTarget(destination, url, fallbackName);

  const response = await fetchFollowingAllowedRedirects(url, hosts, dispatcherOf(options.client), signal);
  const announced = response.headers.get("content-length");
  const expected = announced === null ? undefined : Number(announced);
  let received = 0;
  await writeFileAtomically(target, async (file) => {
    try {
      for await (const chunk of response.body ?? []) {
        await file.write(chunk);
        received += chunk.length;
        options.onProgress?.({ bytesReceived: received, bytesTotal: expected });
      }
    } catch (error) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      throw new DownloadError(
        {
          reason: expected === undefined ? "connection" : "length",
          host: url.host,
          bytesReceived: received,
          ...(expected === undefined ? {} : { expectedBytes: expected }),
        },
        { cause: error },
      );
    }
    if (expected !== undefined && received !== expected) {
      throw new DownloadError({
        reason: "length",
        host: url.host,
        bytesReceived: received,
        expectedBytes: expected,
      });
    }
  });
  return { path: target, bytes: received };
}

async function fetchFollowingAllowedRedirects(
  start: URL,
  hosts: readonly string[],
  dispatcher: Dispatcher,
  signal: AbortSignal | undefined,
): Promise<Response> {
  let url = start;
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      // identity: Content-Length then counts the bytes written, and nothing is decompressed on the way.
      response = await fetch(url, {
        headers: { "Accept-Encoding": "identity" },
        redirect: "manual",
        signal,
        dispatcher,
      });
    } catch (error) {
      if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
      throw new DownloadError({ reason: "connection", host: url.host, bytesReceived: 0 }, { cause: error });
    }
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
      await response.body?.cancel();
      // Every hop must pass the allow-list too: a redirect must not lead the download anywhere else.
      url = checkStorageUrl(new URL(location, url).href, hosts);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError({
        reason: "status",
        host: url.host,
        status: response.status,
        bytesReceived: 0,
      });
    }
    return response;
  }
}

async function resolveTarget(destination: string, url: URL, fallbackName: string): Promise<string> {
  const info = await stat(destination).catch(() => undefined);
  const isDirectory = info?.isDirectory() ?? (destination.endsWith("/") || destination.endsWith(sep));
  if (isDirectory) {
    await mkdir(destination, { recursive: true });
    return resolve(join(destination, fileNameOf(url) ?? fallbackName));
  }
  await mkdir(dirname(resolve(destination)), { recursive: true });
  return resolve(destination);
}

// The URL's last path segment, only when it is a plain file name (no separators, not `.`/`..`).
function fileNameOf(url: URL): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (name === "" || name === "." || name === ".." || /[/\\\u0000-\u001f]/.test(name)) return undefined;
  return name;
}
