import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { commitFiles, discardFiles, type StagedFile, stageFile } from "./atomic-write.ts";
import { type ChangeReport, compareSpecs } from "./change-report/index.ts";
import { FetchSpecError, type LintProblem } from "./errors.ts";
import { lintSpec } from "./lint.ts";
import { normaliseSpec } from "./normalise.ts";
import { parseOpenApi } from "./parse.ts";
import {
  describeSource,
  type Provenance,
  provenancePathFor,
  readProvenance,
  renderProvenance,
  sha256,
} from "./provenance.ts";
import { DEFAULT_TIMEOUT_MS, loadSource, redactUrl, type SpecSource } from "./source.ts";
import { findWorkspaceRoot, SPEC_RELATIVE_PATH } from "./workspace.ts";

/** Options of `spec:fetch`. Paths are absolute. */
export interface FetchOptions {
  source: SpecSource;
  /** The spec to replace; defaults to the repository's spec/avala.openapi.yaml. */
  specPath?: string;
  /** Where provenance is recorded; defaults to `<spec>.provenance.json` next to the spec. */
  provenancePath?: string;
  /** Redocly config; defaults to redocly.yaml next to the spec, else the repository's spec/redocly.yaml. */
  lintConfigPath?: string;
  timeoutMs?: number;
  /** Workspace root, for defaults and for recording file sources relative to it. */
  root?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

/** What a successful fetch did. */
export interface FetchResult {
  specPath: string;
  provenancePath: string;
  /** Whether the spec file's bytes changed. */
  specChanged: boolean;
  /** Whether the provenance record was (re)written. */
  provenanceWritten: boolean;
  report: ChangeReport;
  provenance: Provenance;
  lintWarnings: LintProblem[];
  /** The normalised description as written (or as already on disk when unchanged). */
  text: string;
}

/**
 * Fetches a description, checks that it is OpenAPI 3.x, normalises it, lints it with the repository's rules,
 * compares it with the current spec and, only when all of that passed, replaces the spec and its provenance
 * record (temp file + rename). Any failure throws a `FetchSpecError` and leaves both files untouched.
 */
export async function fetchSpec(options: FetchOptions): Promise<FetchResult> {
  const root = options.root ?? findWorkspaceRoot();
  const specPath = options.specPath ?? join(root, SPEC_RELATIVE_PATH);
  const provenancePath = options.provenancePath ?? provenancePathFor(specPath);
  const lintConfigPath = options.lintConfigPath ?? defaultLintConfig(specPath, root);
  const from = options.source.kind === "url" ? redactUrl(options.source.url) : options.source.path;
  const untouched = `${basename(specPath)} was not changed`;

  try {
    const fetchedAt = (options.now ?? (() => new Date()))().toISOString();
    const loaded = await loadSource(options.source, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const doc = parseOpenApi(loaded.bytes, from, loaded.contentType);
    const text = await normaliseSpec(doc);
    const lint = await lintSpec(text, basename(specPath), lintConfigPath);

    const current = existsSync(specPath) ? await readFile(specPath, "utf8") : undefined;
    const report = compareSpecs(current === undefined ? undefined : parseCurrent(current, specPath), doc);

    const specSha256 = sha256(text);
    const apiVersion = (doc.info as { version?: unknown } | undefined)?.version;
    const provenance: Provenance = {
      source: describeSource(options.source, root),
      fetchedAt,
      ...(loaded.contentType ? { contentType: loaded.contentType } : {}),
      fetchedSha256: sha256(loaded.bytes),
      fetchedBytes: loaded.bytes.length,
      specSha256,
      specFile: basename(specPath),
      openapi: doc.openapi,
      ...(typeof apiVersion === "string" ? { apiVersion } : {}),
      tool: "@avala-tools/fetch-spec",
    };

    const specChanged = current !== text;
    // Re-fetching identical content rewrites nothing (so a no-op update leaves a clean work tree), unless the
    // record is missing or describes other bytes.
    const recorded = await readProvenance(provenancePath);
    const provenanceWritten = specChanged || recorded?.specSha256 !== specSha256;

    const staged: StagedFile[] = [];
    try {
      if (specChanged) staged.push(await stageFile(specPath, text));
      if (provenanceWritten) staged.push(await stageFile(provenancePath, renderProvenance(provenance)));
      await commitFiles(staged);
    } catch (error) {
      await discardFiles(staged);
      throw new FetchSpecError(
        "WRITE_FAILED",
        `cannot write ${specPath} (${(error as Error).message}): check permissions and free space.`,
        { cause: error },
      );
    }
    return {
      specPath,
      provenancePath,
      specChanged,
      provenanceWritten,
      report,
      provenance,
      lintWarnings: lint.warnings,
      text,
    };
  } catch (error) {
    if (error instanceof FetchSpecError && error.code !== "WRITE_FAILED") {
      // Every failure before the write says that the current spec is intact, so nobody has to check.
      throw new FetchSpecError(error.code, `${error.message} ${untouched}.`, {
        cause: error.cause,
        problems: error.problems,
      });
    }
    throw error;
  }
}

function defaultLintConfig(specPath: string, root: string): string {
  const beside = join(dirname(specPath), "redocly.yaml");
  return existsSync(beside) ? beside : join(root, "spec", "redocly.yaml");
}

function parseCurrent(text: string, specPath: string): Record<string, unknown> | undefined {
  try {
    const doc = parseYaml(text) as unknown;
    return typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>) : undefined;
  } catch {
    // A corrupt current spec is replaced; the report then lists everything as added.
    console.warn(`warning: ${specPath} could not be parsed; the change report treats it as empty.`);
    return undefined;
  }
}
