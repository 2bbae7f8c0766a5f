import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { APIUserAbortError, type AvalaBaseClient, ConfigurationError } from "@avala/core";
import type { AnnotationEdit } from "@avala/types";
import { writeFileAtomically } from "../exports/atomic-file.js";
import type { LocatedEdit } from "./edits-file.js";
import { BulkEditChunkError, type EditProblem, InvalidEditsError } from "./errors.js";
import { editProblem } from "./validate-edit.js";

/** Edits per request by default: the official SDKs' chunk size. */
export const DEFAULT_BULK_EDIT_CHUNK_SIZE = 500;

/** Where edits come from: an array, or a function that reads them afresh on each call (see `readEditsFile`). */
export type EditsInput =
  | readonly AnnotationEdit[]
  | (() => Iterable<AnnotationEdit | LocatedEdit> | AsyncIterable<AnnotationEdit | LocatedEdit>);

/** Options of {@link bulkEditAnnotations}. */
export interface BulkEditOptions {
  /** Owner of the dataset (username, handle, organization slug or email). */
  owner: string;
  /** Slug of the dataset (a LiDAR dataset). */
  slug: string;
  /**
   * The edits. An array, or a function returning them afresh on each call (it is called twice: once to check
   * every edit before the first request, once to send), e.g. `readEditsFile("edits.jsonl")`, which streams a file.
   */
  edits: EditsInput;
  /** Edits per request. Default 500. */
  chunkSize?: number;
  /**
   * JSON file recording the chunks applied (written atomically after each). A run given the file of an interrupted
   * run with the same edits resumes at the first chunk not applied; it is removed once every chunk is applied.
   */
  stateFile?: string;
  /** Chunks to skip without a state file (e.g. `BulkEditChunkError.chunkIndex` of an earlier run). Default 0. */
  startChunk?: number;
  /** Called at the start, after each chunk applied, and at the end. */
  onProgress?: (progress: BulkEditProgress) => void;
  /** Stops between or during requests with `APIUserAbortError`; chunks already applied stay recorded. */
  signal?: AbortSignal;
}

/** A snapshot passed to `onProgress` of {@link bulkEditAnnotations}. */
export interface BulkEditProgress {
  readonly event: "start" | "chunk" | "done";
  readonly editsTotal: number;
  readonly chunksTotal: number;
  /** Chunks applied, those of earlier runs included. */
  readonly chunksDone: number;
  /** Chunks applied by earlier runs (skipped by this one). */
  readonly chunksSkipped: number;
  /** The chunk just applied (event `chunk`). */
  readonly chunkIndex?: number;
}

/** Outcome of {@link bulkEditAnnotations}. */
export interface BulkEditReport {
  editsTotal: number;
  chunksTotal: number;
  /** Chunks sent and applied by this run. */
  chunksSent: number;
  /** Chunks skipped because an earlier run applied them. */
  chunksSkipped: number;
  /** Sum of the `updated` counts the API reported (chunks whose answer had none count 0). */
  updated: number;
}

interface StateFile {
  version: 1;
  owner: string;
  slug: string;
  chunkSize: number;
  editsTotal: number;
  /** SHA-256 over the edits (JSON), so a state file is never applied to other edits. */
  sha256: string;
  /** Chunks applied: the next one to send. */
  nextChunk: number;
}

const MAX_PROBLEMS = 20;

const unwrap = (
  value: AnnotationEdit | LocatedEdit,
): LocatedEdit | { edit: unknown; location?: undefined } =>
  value && typeof value === "object" && "edit" in value && "location" in value
    ? (value as LocatedEdit)
    : { edit: value };

async function* iterate(input: EditsInput): AsyncGenerator<{ edit: unknown; location?: string }> {
  const source = typeof input === "function" ? input() : input;
  if (!source || (typeof source !== "object" && typeof source !== "function")) {
    throw new ConfigurationError("edits", "The edits function must return an iterable of edits.");
  }
  for await (const value of source as AsyncIterable<AnnotationEdit | LocatedEdit>) yield unwrap(value);
}

function validateOptions(client: AvalaBaseClient, options: BulkEditOptions): number {
  if (!client || typeof client.POST !== "function") {
    throw new ConfigurationError("client", "bulkEditAnnotations() needs a client from createClient().");
  }
  for (const name of ["owner", "slug"] as const) {
    if (typeof options[name] !== "string" || options[name] === "") {
      throw new ConfigurationError(name, `${name} must be a non-empty string (the dataset's ${name}).`);
    }
  }
  if (!Array.isArray(options.edits) && typeof options.edits !== "function") {
    throw new ConfigurationError(
      "edits",
      "edits must be an array of edits or a function returning them (e.g. readEditsFile(path)); a one-shot " +
        "iterator cannot be checked in full before the first request.",
    );
  }
  const chunkSize = options.chunkSize ?? DEFAULT_BULK_EDIT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new ConfigurationError(
      "chunkSize",
      `chunkSize must be a positive integer (got ${options.chunkSize}).`,
    );
  }
  const start = options.startChunk ?? 0;
  if (!Number.isInteger(start) || start < 0) {
    throw new ConfigurationError(
      "startChunk",
      `startChunk must be an integer >= 0 (got ${options.startChunk}).`,
    );
  }
  return chunkSize;
}

/** Checks every edit and fingerprints them; throws InvalidEditsError listing the problems. */
async function check(input: EditsInput): Promise<{ total: number; sha256: string }> {
  const hash = createHash("sha256");
  const problems: EditProblem[] = [];
  let invalid = 0;
  let total = 0;
  for await (const { edit, location } of iterate(input)) {
    const problem = editProblem(edit);
    if (problem) {
      invalid++;
      if (problems.length < MAX_PROBLEMS)
        problems.push({ index: total, ...(location ? { location } : {}), message: problem });
    } else hash.update(`${JSON.stringify(edit)}\n`);
    total++;
  }
  if (invalid > 0) throw new InvalidEditsError(problems, invalid);
  if (total === 0) throw new ConfigurationError("edits", "There are no edits to send.");
  return { total, sha256: hash.digest("hex") };
}

async function readState(file: string): Promise<StateFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const state = JSON.parse(text) as StateFile;
    if (state.version !== 1 || !Number.isInteger(state.nextChunk)) throw new Error("unknown layout");
    return state;
  } catch {
    throw new ConfigurationError(
      "stateFile",
      `${file} is not a bulk-edit state file written by this SDK; pass another stateFile or delete it.`,
    );
  }
}

const writeState = (file: string, state: StateFile) =>
  writeFileAtomically(file, (handle) => handle.writeFile(`${JSON.stringify(state, null, 2)}\n`));

/**
 * Upserts or deletes 3D annotations (`POST /datasets/{owner}/{slug}/bulk-edition/`) in chunks of 500 edits, as
 * the official SDKs do, with two additions: every edit is checked before the first request (an invalid one
 * rejects with `InvalidEditsError` listing the problems, and nothing is sent), and with `stateFile` an interrupted
 * or failed run resumes at the first chunk not applied, never sending an applied chunk again. Chunks are sent one
 * at a time, in order; a failed chunk rejects with `BulkEditChunkError` naming it.
 *
 * A chunk whose request reached the server but whose answer was lost (the process killed mid-request) is sent
 * again on resume: edits are idempotent on (`object_uuid`, item), so the result is the same.
 *
 * @example
 * const report = await bulkEditAnnotations(avala, {
 *   owner: "acme", slug: "highway-lidar", edits: readEditsFile("edits.jsonl"), stateFile: ".avala-bulk-edit.json",
 *   onProgress: (p) => console.log(`${p.chunksDone}/${p.chunksTotal}`),
 * });
 */
export async function bulkEditAnnotations(
  client: AvalaBaseClient,
  options: BulkEditOptions,
): Promise<BulkEditReport> {
  const chunkSize = validateOptions(client, options);
  const { owner, slug, stateFile, signal } = options;
  const { total, sha256 } = await check(options.edits);
  const chunksTotal = Math.ceil(total / chunkSize);
  const fresh: StateFile = { version: 1, owner, slug, chunkSize, editsTotal: total, sha256, nextChunk: 0 };
  let state = fresh;
  if (stateFile) {
    const saved = await readState(stateFile);
    if (saved) {
      const same =
        saved.owner === owner &&
        saved.slug === slug &&
        saved.chunkSize === chunkSize &&
        saved.editsTotal === total &&
        saved.sha256 === sha256;
      if (!same) {
        throw new ConfigurationError(
          "stateFile",
          `${stateFile} records a bulk edit of other edits, another dataset or another chunk size; ` +
            "delete it to start over, or run the edits it was written for.",
        );
      }
      state = saved;
    }
  }
  const skipped = Math.min(Math.max(state.nextChunk, options.startChunk ?? 0), chunksTotal);
  state = { ...state, nextChunk: skipped };
  const report: BulkEditReport = {
    editsTotal: total,
    chunksTotal,
    chunksSent: 0,
    chunksSkipped: skipped,
    updated: 0,
  };
  const emit = (event: BulkEditProgress["event"], chunkIndex?: number) => {
    try {
      options.onProgress?.({
        event,
        editsTotal: total,
        chunksTotal,
        chunksDone: state.nextChunk,
        chunksSkipped: skipped,
        ...(chunkIndex === undefined ? {} : { chunkIndex }),
      });
    } catch {
      // A throwing progress callback must not stop the edits.
    }
  };
  emit("start");

  const send = async (chunk: unknown[], index: number) => {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
    let answer: unknown;
    try {
      answer = await client.POST("/datasets/{owner}/{slug}/bulk-edition/", {
        params: { path: { owner, slug } },
        body: chunk as AnnotationEdit[],
        // Edits are idempotent on (object_uuid, item): a chunk the server failed to answer may be sent again.
        retry: true,
        // The same key for the same chunk of the same edits, in this run or a resumed one: a chunk whose answer
        // was lost (the process died after sending it) goes again under the key it first went with, so a server
        // that honours Idempotency-Key applies it once.
        idempotencyKey: `bulk-edit-${sha256.slice(0, 32)}-${chunkSize}-${index}`,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new BulkEditChunkError({ chunkIndex: index, chunksTotal, stateFile, cause: error });
    }
    const updated = (answer as { updated?: unknown } | undefined)?.updated;
    if (typeof updated === "number") report.updated += updated;
    state = { ...state, nextChunk: index + 1 };
    // Recorded before it is reported: a crash after this point never sends the chunk again.
    if (stateFile) await writeState(stateFile, state);
    report.chunksSent++;
    emit("chunk", index);
  };

  if (stateFile && skipped === 0) await writeState(stateFile, state);
  let position = 0;
  let chunk: unknown[] = [];
  const firstEdit = skipped * chunkSize;
  for await (const { edit } of iterate(options.edits)) {
    if (position++ < firstEdit) continue;
    chunk.push(edit);
    if (chunk.length === chunkSize) {
      await send(chunk, Math.floor((position - 1) / chunkSize));
      chunk = [];
    }
  }
  if (position !== total) {
    throw new ConfigurationError(
      "edits",
      `The edits changed while they were being sent (${total} checked, ${position} read); the chunks sent so far are recorded.`,
    );
  }
  if (chunk.length > 0) await send(chunk, chunksTotal - 1);
  if (stateFile) await rm(stateFile, { force: true });
  emit("done");
  return report;
}
