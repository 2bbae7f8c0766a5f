import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfigurationError } from "@avala/core";

/** What the manifest remembers of an uploaded file: enough to tell whether the local file is still the same. */
export interface ManifestEntry {
  datasetName: string;
  path: string;
  size: number;
  mtimeMs: number;
  uploadedAt: string;
}

interface ManifestFile {
  version: 1;
  files: ManifestEntry[];
}

const key = (datasetName: string, path: string) => `${datasetName}\u0000${path}`;

/**
 * The resume manifest of {@link uploadDataset}: a small JSON file listing the files already uploaded (dataset
 * name, path in the dataset, size, mtime). Saved after every completed file (atomically, by rename, and
 * coalesced so a burst of completions costs one write), so an interrupted run loses at most the files in flight.
 */
export class UploadManifest {
  readonly #file: string;
  readonly #entries = new Map<string, ManifestEntry>();
  #saving: Promise<void> | undefined;
  #dirty = false;

  private constructor(file: string) {
    this.#file = file;
  }

  /** Reads the manifest at `file`, or starts an empty one if it does not exist yet. */
  static async open(file: string): Promise<UploadManifest> {
    const manifest = new UploadManifest(file);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return manifest;
      throw error;
    }
    let parsed: ManifestFile;
    try {
      parsed = JSON.parse(text) as ManifestFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.files)) throw new Error("unknown layout");
    } catch {
      throw new ConfigurationError(
        "resumeFile",
        `${file} is not an upload manifest written by this SDK; pass another resumeFile or delete it.`,
      );
    }
    for (const entry of parsed.files) manifest.#entries.set(key(entry.datasetName, entry.path), entry);
    return manifest;
  }

  /** Whether this exact version of the file (same size and mtime) was already uploaded to this dataset. */
  has(datasetName: string, file: { path: string; size: number; mtimeMs: number }): boolean {
    const entry = this.#entries.get(key(datasetName, file.path));
    return entry !== undefined && entry.size === file.size && entry.mtimeMs === file.mtimeMs;
  }

  /** Records an uploaded file and schedules a save. */
  record(datasetName: string, file: { path: string; size: number; mtimeMs: number }): Promise<void> {
    const { path, size, mtimeMs } = file;
    this.#entries.set(key(datasetName, path), {
      datasetName,
      path,
      size,
      mtimeMs,
      uploadedAt: new Date().toISOString(),
    });
    return this.save();
  }

  /** Writes the manifest; concurrent calls share one write plus at most one follow-up. */
  save(): Promise<void> {
    this.#dirty = true;
    this.#saving ??= (async () => {
      try {
        while (this.#dirty) {
          this.#dirty = false;
          await this.#write();
        }
      } finally {
        this.#saving = undefined;
      }
    })();
    return this.#saving;
  }

  async #write(): Promise<void> {
    const body: ManifestFile = { version: 1, files: [...this.#entries.values()] };
    const temp = `${this.#file}.${randomBytes(6).toString("hex")}.tmp`;
    await mkdir(dirname(this.#file), { recursive: true });
    try {
      await writeFile(temp, `${JSON.stringify(body, null, 2)}\n`);
      await rename(temp, this.#file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
