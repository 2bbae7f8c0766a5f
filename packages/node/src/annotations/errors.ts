import { AvalaError, ConfigurationError } from "@avala/core";

/** One problem found in the edits before anything was sent. */
export interface EditProblem {
  /** Position of the edit in the input, from 0. */
  index: number;
  /** Where it came from, when read from a file (`edits.jsonl:12`). */
  location?: string;
  /** What is wrong and what is accepted. */
  message: string;
}

/** The edits of a bulk edit were checked before the first request and some are invalid: nothing was sent. */
export class InvalidEditsError extends ConfigurationError {
  static override readonly brand: string = "InvalidEditsError";
  /** The problems found (at most the first 20). */
  readonly problems: readonly EditProblem[];
  /** How many edits are invalid in all. */
  readonly invalidCount: number;

  constructor(problems: readonly EditProblem[], invalidCount: number) {
    const shown = problems
      .slice(0, 5)
      .map((p) => `${p.location ?? `edit ${p.index}`}: ${p.message}`)
      .join("; ");
    super(
      "edits",
      `${invalidCount} edit(s) are invalid, nothing was sent: ${shown}` +
        (invalidCount > 5 ? `; and ${invalidCount - 5} more.` : "."),
    );
    this.problems = problems;
    this.invalidCount = invalidCount;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), invalidCount: this.invalidCount, problems: this.problems };
  }
}

/**
 * A chunk of a bulk edit failed. The chunks before it were applied and recorded in the state file (when one is
 * used): run the same bulk edit again with that state file to resume at `chunkIndex`.
 */
export class BulkEditChunkError extends AvalaError {
  static override readonly brand: string = "BulkEditChunkError";
  /** Index of the chunk that failed, from 0 (the first to send on a resume). */
  readonly chunkIndex: number;
  readonly chunksTotal: number;
  /** The state file that records the progress, if any. */
  readonly stateFile: string | undefined;

  constructor(init: {
    chunkIndex: number;
    chunksTotal: number;
    stateFile: string | undefined;
    cause: unknown;
  }) {
    const reason = init.cause instanceof Error ? init.cause.message : String(init.cause);
    super(
      `Chunk ${init.chunkIndex} of ${init.chunksTotal} failed: ${reason} ` +
        (init.chunkIndex === 0
          ? "No chunk was applied. "
          : `Chunks 0–${init.chunkIndex - 1} were applied. `) +
        (init.stateFile
          ? `Run it again with the same state file (${init.stateFile}) to resume at chunk ${init.chunkIndex}.`
          : `Resume with startChunk: ${init.chunkIndex}.`),
      { cause: init.cause },
    );
    this.chunkIndex = init.chunkIndex;
    this.chunksTotal = init.chunksTotal;
    this.stateFile = init.stateFile;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      chunkIndex: this.chunkIndex,
      chunksTotal: this.chunksTotal,
      stateFile: this.stateFile,
    };
  }
}
