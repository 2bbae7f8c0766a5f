/**
 * How a change affects code written against the generated SDK types:
 * - `breaking`: code that compiled (or handled every value) before may not any more;
 * - `non-breaking`: additions and relaxations that existing code keeps compiling against;
 * - `docs`: descriptions, summaries and other text only.
 */
export type Severity = "breaking" | "non-breaking" | "docs";

/** Which way data flows through a schema: what callers send, or what they read back. */
export type Role = "request" | "response";

/** Every kind of change the report recognises. */
export type ChangeKind =
  | "operation-added"
  | "operation-removed"
  | "operation-id-changed"
  | "operation-deprecated"
  | "pagination-added"
  | "pagination-removed"
  | "operation-metadata-changed"
  | "parameter-added"
  | "parameter-removed"
  | "parameter-required-changed"
  | "request-body-added"
  | "request-body-removed"
  | "request-body-required-changed"
  | "response-added"
  | "response-removed"
  | "media-type-added"
  | "media-type-removed"
  | "field-added"
  | "field-removed"
  | "field-required-changed"
  | "type-changed"
  | "enum-values-added"
  | "enum-values-removed"
  | "enum-opened"
  | "enum-closed"
  | "variants-added"
  | "variants-removed"
  | "schema-added"
  | "schema-removed"
  | "limits-changed"
  | "description-changed"
  | "other";

/** One classified difference between the old and the new description. */
export interface Change {
  kind: ChangeKind;
  severity: Severity;
  /** What changed: an operation (`GET /datasets/{uid}/ (getDataset)`) or a named schema (`schema Dataset`). */
  subject: string;
  /** Where inside the subject, e.g. `query parameter limit`, `response 200 body`, `results[].item_count`. */
  target?: string;
  /** Whether the change is seen in what callers send or in what they read; absent for operation-level changes. */
  role?: Role;
  /** One line for people. */
  message: string;
  before?: unknown;
  after?: unknown;
  /** Operations whose request or response reaches this change (for changes inside shared schemas). */
  usedBy: string[];
}

/** The version bump a set of changes calls for. */
export type Bump = "major" | "minor" | "patch" | "none";

/** The classified differences between two descriptions. */
export interface ChangeReport {
  bump: Bump;
  counts: Record<Severity, number>;
  changes: Change[];
}
