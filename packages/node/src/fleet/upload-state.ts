import { readFile, rm } from "node:fs/promises";
import { ConfigurationError } from "@avala/core";
import { writeFileAtomically } from "../exports/atomic-file.js";

/** What the state file remembers of a file of the upload. */
export interface StateEntry {
  size: number;
  mtimeMs: number;
  /** ETag storage answered: the file is stored and only needs confirming. */
  etag?: string;
  /** The API confirmed it. */
  confirmed?: boolean;
}

interface StateLayout {
  version: 1;
  recordingUid: string;
  sessionUid: string;
  files: Record<string, StateEntry>;
}

/**
 * The on-disk state of a recording upload: the session and, per file, its ETag once stored and whether it was
 * confirmed. Every change is written atomically (temp file, fsync, rename) and in order, so a crash at any point
 * leaves the last complete state: a re-run uploads only the files without an ETag.
 */
export class UploadState {
  readonly file: string | undefined;
  recordingUid: string;
  sessionUid = "";
  files = new Map<string, StateEntry>();
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string | undefined, recordingUid: string) {
    this.file = file;
    this.recordingUid = recordingUid;
  }

  /** Reads the state at `file` (none yet: an empty state); `undefined` keeps the state in memory only. */
  static async open(file: string | undefined, recordingUid: string): Promise<UploadState> {
    const state = new UploadState(file, recordingUid);
    if (!file) return state;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return state;
      throw error;
    }
    let layout: StateLayout;
    try {
      layout = JSON.parse(text) as StateLayout;
      if (layout.version !== 1 || typeof layout.sessionUid !== "string" || typeof layout.files !== "object")
        throw new Error("unknown layout");
    } catch {
      throw new ConfigurationError(
        "stateFile",
        `${file} is not a recording-upload state file written by this SDK; pass another stateFile or delete it.`,
      );
    }
    if (layout.recordingUid !== recordingUid) {
      throw new ConfigurationError(
        "stateFile",
        `${file} records an upload to recording ${layout.recordingUid}, not ${recordingUid}; pass another stateFile.`,
      );
    }
    state.sessionUid = layout.sessionUid;
    state.files = new Map(Object.entries(layout.files));
    return state;
  }

  /** Writes the current state (after the writes already queued). */
  save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const layout: StateLayout = {
      version: 1,
      recordingUid: this.recordingUid,
      sessionUid: this.sessionUid,
      files: Object.fromEntries(this.files),
    };
    const text = `${JSON.stringify(layout, null, 2)}\n`;
    // A failed write does not block the next one; its caller sees the failure.
    this.#writing = this.#writing
      .catch(() => {})
      .then(() => writeFileAtomically(file, (h) => h.writeFile(text)));
    return this.#writing;
  }

  /** Removes the state file (after the queued writes). */
  async remove(): Promise<void> {
    await this.#writing.catch(() => {});
    if (this.file) await rm(this.file, { force: true });
  }
}
