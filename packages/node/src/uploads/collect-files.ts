import { stat } from "node:fs/promises";
import { basename, relative, resolve, sep } from "node:path";
import { ConfigurationError } from "@avala/core";
import { glob } from "tinyglobby";

/** A local file to upload. */
export interface LocalFile {
  /** Absolute path on disk. */
  readonly absolutePath: string;
  /** Path inside the dataset: relative to the directory it came from (a file given directly: its name), `/`-separated. */
  readonly path: string;
  /** Size in bytes when collected. */
  readonly size: number;
  /** Modification time (ms since the epoch) when collected; with `size`, identifies the version uploaded. */
  readonly mtimeMs: number;
}

/** Options of {@link collectFiles}. */
export interface CollectFilesOptions {
  /** Glob patterns, relative to each directory, of files to take. Default `["**\/*"]`. */
  include?: readonly string[];
  /** Glob patterns, relative to each directory, of files to leave out. */
  exclude?: readonly string[];
  /** Also take files and directories whose names start with a dot. Default false. */
  dot?: boolean;
}

/**
 * Expands files and directories (recursively, filtered by include/exclude globs) into the files to upload,
 * sorted by dataset path. Throws `ConfigurationError` for a missing path or two files with the same dataset path.
 */
export async function collectFiles(
  paths: readonly string[],
  options: CollectFilesOptions = {},
): Promise<LocalFile[]> {
  const byPath = new Map<string, LocalFile>();
  const add = (file: LocalFile) => {
    const clash = byPath.get(file.path);
    if (clash && clash.absolutePath !== file.absolutePath) {
      throw new ConfigurationError(
        "paths",
        `${clash.absolutePath} and ${file.absolutePath} would both be uploaded as "${file.path}"; ` +
          "upload them separately or rename one.",
      );
    }
    byPath.set(file.path, file);
  };
  for (const given of paths) {
    const absolute = resolve(given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new ConfigurationError("paths", `Path not found: ${given} (resolved to ${absolute}).`);
    if (info.isFile()) {
      add({ absolutePath: absolute, path: basename(absolute), size: info.size, mtimeMs: info.mtimeMs });
      continue;
    }
    if (!info.isDirectory()) throw new ConfigurationError("paths", `Not a file or directory: ${given}.`);
    const found = await glob([...(options.include ?? ["**/*"])], {
      cwd: absolute,
      ignore: [...(options.exclude ?? [])],
      dot: options.dot ?? false,
      onlyFiles: true,
      absolute: true,
      expandDirectories: false,
    });
    for (const file of found) {
      const fileInfo = await stat(file);
      if (!fileInfo.isFile()) continue;
      const path = relative(absolute, file).split(sep).join("/");
      add({ absolutePath: resolve(file), path, size: fileInfo.size, mtimeMs: fileInfo.mtimeMs });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
