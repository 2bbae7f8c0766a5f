import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A file written next to its target, not yet visible under the target's name. */
export interface StagedFile {
  target: string;
  temp: string;
}

/**
 * Writes `content` to a temporary file in the target's folder (same file system, so the later rename is
 * atomic): readers see either the old file or the new one, never half of it.
 */
export async function stageFile(target: string, content: string): Promise<StagedFile> {
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temp, content);
  return { target, temp };
}

/** Moves staged files into place, in order. */
export async function commitFiles(files: StagedFile[]): Promise<void> {
  for (const file of files) await rename(file.temp, file.target);
}

/** Removes staged files that were not committed (after a failure). */
export async function discardFiles(files: StagedFile[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file.temp, { force: true })));
}
