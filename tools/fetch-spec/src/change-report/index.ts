/**
 * Change report between two OpenAPI 3.x descriptions, classified for users of the generated SDK types.
 *
 * Why a focused module instead of a library:
 * - `openapi-diff` (Atlassian) parses with swagger-parser 10.0.3 and rejects OpenAPI 3.1 outright
 *   ("Unsupported OpenAPI version: 3.1.0").
 * - `api-smart-diff` documents OpenAPI 3.0 only and classifies for wire compatibility, not for typed SDK users:
 *   on this spec it called a response field retyped integer → string "non-breaking", so every rule would have
 *   to be overridden, and it repeats each component change once per operation.
 * - `@pb33f/openapi-changes` downloads a Go binary at install time (not allowed here); `oasdiff` is Go only.
 * What is compared: operations, parameters, request bodies, responses and their schemas (with `$ref`s followed
 * and `allOf` merged), enums, required-ness and the `x-avala-*` metadata the runtime reads. Rules: rules.ts.
 */
import { diffOperations } from "./operations.ts";
import { canonical, isObject, type JsonObject, Resolver } from "./resolve.ts";
import { SchemaDiffer } from "./schemas.ts";
import type { Bump, Change, ChangeReport, Severity } from "./types.ts";

export { describeChange, renderReport } from "./render.ts";
export type { Bump, Change, ChangeKind, ChangeReport, Role, Severity } from "./types.ts";

const SEVERITY_ORDER: Severity[] = ["breaking", "non-breaking", "docs"];

/** Compares the old and new description. `before` may be `undefined` when there was no spec yet. */
export function compareSpecs(before: JsonObject | undefined, after: JsonObject): ChangeReport {
  const old = before ?? { openapi: after.openapi, paths: {} };
  const resolvers = { before: new Resolver(old), after: new Resolver(after) };
  const schemas = new SchemaDiffer(resolvers.before, resolvers.after);
  const changes = diffOperations(old, after, resolvers, schemas);
  changes.push(...diffComponents(old, after, schemas));
  changes.push(...diffTopLevel(old, after));
  const unique = dedupe(changes);
  if (unique.length === 0 && canonical(old) !== canonical(after)) {
    unique.push({
      kind: "other",
      severity: "docs",
      subject: "document",
      message: `other changes (examples, tags, text) in: ${differingKeys(old, after).join(", ")}`,
      usedBy: [],
    });
  }
  return summarise(unique);
}

/** The bump and counts of a list of changes. */
export function summarise(changes: Change[]): ChangeReport {
  const counts: Record<Severity, number> = { breaking: 0, "non-breaking": 0, docs: 0 };
  for (const change of changes) counts[change.severity]++;
  const bump: Bump =
    counts.breaking > 0 ? "major" : counts["non-breaking"] > 0 ? "minor" : counts.docs > 0 ? "patch" : "none";
  return { bump, counts, changes };
}

// Every schema component is also a named type exported by @avala/types, so adding or removing one matters even
// when no operation uses it; components no operation reached are compared as read models.
function diffComponents(before: JsonObject, after: JsonObject, schemas: SchemaDiffer): Change[] {
  const changes: Change[] = [];
  const b = componentSchemas(before);
  const a = componentSchemas(after);
  for (const name of Object.keys(b)) {
    if (!(name in a)) {
      changes.push({
        kind: "schema-removed",
        severity: "breaking",
        subject: `schema ${name}`,
        message: "schema removed (its named type disappears from @avala/types)",
        usedBy: [],
      });
    }
  }
  for (const name of Object.keys(a)) {
    if (!(name in b)) {
      changes.push({
        kind: "schema-added",
        severity: "non-breaking",
        subject: `schema ${name}`,
        message: "schema added",
        usedBy: [],
      });
    } else if (!schemas.visited.has(name)) {
      const ref = { $ref: `#/components/schemas/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` };
      changes.push(...schemas.diff(ref, ref, "response", { subject: `schema ${name}`, path: "" }));
    }
  }
  return changes;
}

function diffTopLevel(before: JsonObject, after: JsonObject): Change[] {
  const changes: Change[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!key.startsWith("x-avala-")) continue;
    if (canonical(before[key]) === canonical(after[key])) continue;
    // The runtime's rate limiter and concurrency caps read these through the generated metadata.
    changes.push({
      kind: "limits-changed",
      severity: "non-breaking",
      subject: key,
      message: "runtime limits changed",
      before: before[key],
      after: after[key],
      usedBy: [],
    });
  }
  const versionBefore = isObject(before.info) ? before.info.version : undefined;
  const versionAfter = isObject(after.info) ? after.info.version : undefined;
  if (versionBefore !== undefined && versionBefore !== versionAfter) {
    changes.push({
      kind: "description-changed",
      severity: "docs",
      subject: "info.version",
      message: `API version ${String(versionBefore)} → ${String(versionAfter)}`,
      usedBy: [],
    });
  }
  return changes;
}

// The same change reached through several paths (allOf owners, several operations) is reported once, with the
// union of the operations that reach it.
function dedupe(changes: Change[]): Change[] {
  const byKey = new Map<string, Change>();
  for (const change of changes) {
    const key = [
      change.severity,
      change.kind,
      change.subject,
      change.target ?? "",
      change.role ?? "",
      change.message,
    ].join("\u0000");
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, { ...change, usedBy: [...change.usedBy] });
      continue;
    }
    for (const op of change.usedBy) if (!existing.usedBy.includes(op)) existing.usedBy.push(op);
  }
  return [...byKey.values()].sort(
    (x, y) =>
      SEVERITY_ORDER.indexOf(x.severity) - SEVERITY_ORDER.indexOf(y.severity) ||
      x.subject.localeCompare(y.subject) ||
      (x.target ?? "").localeCompare(y.target ?? ""),
  );
}

function componentSchemas(doc: JsonObject): JsonObject {
  const components = isObject(doc.components) ? doc.components : {};
  return isObject(components.schemas) ? components.schemas : {};
}

function differingKeys(before: JsonObject, after: JsonObject): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => canonical(before[key]) !== canonical(after[key]),
  );
}
