import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { ConfigurationError } from "@avala/core";
import { JSONParser } from "@streamparser/json";

/** An edit read from a file, with where it was (`edits.jsonl:12`, `edits.json[4]`). */
export interface LocatedEdit {
  edit: unknown;
  location: string;
}

/** Reads `path` as a source of edits, again on every call: for a bulk edit's check pass, then its send pass. */
export type EditsReader = () => AsyncIterable<LocatedEdit>;

/**
 * Streams the edits of a file without holding them in memory: JSON Lines (one edit object per line; blank lines
 * skipped; `.jsonl`/`.ndjson`, or any file whose first character is `{`), or a JSON array of edits (a file starting
 * with `[`). Each call of the returned function reads the file from the start. Unreadable files and malformed JSON
 * throw `ConfigurationError` naming the file and line or element.
 *
 * @example
 * await bulkEditAnnotations(avala, { owner, slug, edits: readEditsFile("edits.jsonl") });
 */
export function readEditsFile(path: string): EditsReader {
  if (typeof path !== "string" || path === "") {
    throw new ConfigurationError("edits", "readEditsFile() needs the path of a JSON or JSON Lines file.");
  }
  return async function* () {
    const format = await detect(path);
    yield* format === "jsonl" ? readLines(path) : readArray(path);
  };
}

async function detect(path: string): Promise<"jsonl" | "array"> {
  if (/\.(jsonl|ndjson)$/i.test(path)) return "jsonl";
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new ConfigurationError(
      "edits",
      `Cannot read the edits file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const first = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trimStart()[0];
    if (first === "[") return "array";
    if (first === "{") return "jsonl";
    throw new ConfigurationError(
      "edits",
      `${path} is neither a JSON array of edits nor JSON Lines (one edit object per line): it starts with ${
        first === undefined ? "nothing" : JSON.stringify(first)
      }.`,
    );
  } finally {
    await handle.close();
  }
}

async function* readLines(path: string): AsyncGenerator<LocatedEdit> {
  const lines = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const line of lines) {
    number++;
    const text = number === 1 ? line.replace(/^\uFEFF/, "") : line;
    if (text.trim() === "") continue;
    let edit: unknown;
    try {
      edit = JSON.parse(text);
    } catch (error) {
      lines.close();
      throw new ConfigurationError("edits", `${path}:${number}: invalid JSON (${(error as Error).message}).`);
    }
    yield { edit, location: `${path}:${number}` };
  }
}

async function* readArray(path: string): AsyncGenerator<LocatedEdit> {
  // A streaming parser (a library, not JSON.parse): a 100 000-edit array is read element by element, so memory
  // stays flat however large the file is. keepStack: false drops each element once emitted.
  const parser = new JSONParser({ paths: ["$.*"], keepStack: false });
  const ready: unknown[] = [];
  parser.onValue = ({ value, stack }) => {
    if (stack.length === 1) ready.push(value);
  };
  let index = 0;
  const fail = (error: unknown): never => {
    throw new ConfigurationError(
      "edits",
      `${path}: invalid JSON after element ${index} (${(error as Error).message}).`,
    );
  };
  for await (const chunk of createReadStream(path)) {
    try {
      parser.write(chunk as Buffer);
    } catch (error) {
      fail(error);
    }
    for (const edit of ready.splice(0)) yield { edit, location: `${path}[${index++}]` };
  }
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      fail(error);
    }
  }
  for (const edit of ready.splice(0)) yield { edit, location: `${path}[${index++}]` };
}
