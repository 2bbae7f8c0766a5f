export type { Bump, Change, ChangeKind, ChangeReport, Role, Severity } from "./change-report/index.ts";
export { compareSpecs, renderReport } from "./change-report/index.ts";
export { planReleases, type Release, renderChangeset, writeChangeset } from "./changeset.ts";
export { FetchSpecError, type FetchSpecErrorCode, type LintProblem } from "./errors.ts";
export { type FetchOptions, type FetchResult, fetchSpec } from "./fetch-spec.ts";
export { normaliseSpec } from "./normalise.ts";
export { type Provenance, provenancePathFor } from "./provenance.ts";
export type { SpecSource } from "./source.ts";
export { type TypecheckResult, type UpdateOptions, type UpdateResult, updateSpec } from "./update-spec.ts";
