/** Temp-directory helpers for upload and download tests. */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Creates a fresh temp directory; remove it with `rm(dir, { recursive: true, force: true })`. */
export function tempDir(prefix = "avala-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes files (path relative to `root` → content or size of random content); returns their SHA-256 by path. */
export async function writeTree(
  root: string,
  files: Record<string, string | number>,
): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) {
    const data = typeof content === "number" ? randomBytes(content) : Buffer.from(content);
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), data);
    hashes[path] = sha256(data);
  }
  return hashes;
}

/** SHA-256 of some bytes, hex. */
export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Every entry of a directory, hidden ones included, sorted. */
export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** `fs.promises.rm`, re-exported for cleanup in tests. */
export { rm };
