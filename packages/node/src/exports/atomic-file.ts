import { randomBytes } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes a file atomically: `write` fills a temp file next to `destination` (same directory, so the rename
 * cannot cross file systems), which is then fsynced and renamed over it. On any failure the temp file is
 * removed, so readers see either the old file, no file, or the whole new one, never a partial one.
 */
export async function writeFileAtomically<T>(
  destination: string,
  write: (file: FileHandle) => Promise<T>,
): Promise<T> {
  const temp = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString("hex")}.part`);
  const file = await open(temp, "wx");
  let closed = false;
  try {
    const result = await write(file);
    await file.sync();
    await file.close();
    closed = true;
    await rename(temp, destination);
    await syncDirectory(dirname(destination));
    return result;
  } catch (error) {
    if (!closed) await file.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
}

// Makes the rename itself durable; not supported everywhere (e.g. Windows), where it is skipped.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close().catch(() => {});
}
