import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { redactUrl, type SpecSource } from "./source.ts";

/** Where the committed spec came from and which bytes it was made of. Written next to the spec. */
export interface Provenance {
  /** `url` (redacted of credentials) or `file` (relative to the workspace root when inside it). */
  source: { kind: "url"; url: string } | { kind: "file"; path: string };
  /** When the source was read, ISO 8601 UTC. */
  fetchedAt: string;
  /** Content-Type the server sent, for URLs. */
  contentType?: string;
  /** sha256 (hex) of the bytes exactly as fetched, before parsing. */
  fetchedSha256: string;
  fetchedBytes: number;
  /** sha256 (hex) of the normalised file written to the spec path. */
  specSha256: string;
  /** The spec file this record describes, relative to the record. */
  specFile: string;
  /** `openapi` and `info.version` of the fetched document. */
  openapi: string;
  apiVersion?: string;
  tool: "@avala-tools/fetch-spec";
}

/** Hex sha256 of some bytes or text. */
export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The provenance file for a spec: `avala.openapi.yaml` → `avala.openapi.provenance.json`. */
export function provenancePathFor(specPath: string): string {
  const name = basename(specPath).replace(/\.(ya?ml|json)$/i, "");
  return join(dirname(specPath), `${name}.provenance.json`);
}

/** Describes a source for the record, without credentials or machine-specific absolute paths when avoidable. */
export function describeSource(source: SpecSource, root: string): Provenance["source"] {
  if (source.kind === "url") return { kind: "url", url: redactUrl(source.url) };
  const rel = relative(root, source.path);
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  return { kind: "file", path: inside ? rel.split("\\").join("/") : source.path };
}

/** Reads an existing record, or `undefined` when there is none or it is unreadable. */
export async function readProvenance(path: string): Promise<Provenance | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Provenance;
  } catch {
    return undefined;
  }
}

/** The record as committed: stable key order, two-space indent, trailing newline. */
export function renderProvenance(record: Provenance): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
