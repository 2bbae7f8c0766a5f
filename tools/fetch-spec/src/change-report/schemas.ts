import { canonical, type Resolver, type SchemaView, viewSchema } from "./resolve.ts";
import {
  type Direction,
  enumClosed,
  enumOpened,
  fieldAdded,
  fieldRemoved,
  nullabilityChanged,
  requiredChanged,
  setChange,
} from "./rules.ts";
import type { Change, Role } from "./types.ts";

/** Where a schema sits: the operation or component being described, and the path inside it. */
export interface Scope {
  subject: string;
  path: string;
}

/**
 * Compares request or response schemas of the two documents. Changes inside a named component are reported
 * against the component (`schema Dataset`), once, however many operations reach it; each operation that does
 * is added to the change's `usedBy` by the caller.
 */
export class SchemaDiffer {
  private readonly memo = new Map<string, Change[]>();
  private readonly active = new Set<string>();
  /** Component names (of the new document) compared so far, per role. */
  readonly visited = new Set<string>();

  constructor(
    private readonly before: Resolver,
    private readonly after: Resolver,
  ) {}

  /** The changes between schema `b` (old document) and `a` (new document) seen in `role`. */
  diff(b: unknown, a: unknown, role: Role, scope: Scope): Change[] {
    const bv = viewSchema(this.before, b);
    const av = viewSchema(this.after, a);
    if (bv.ref === undefined || av.ref === undefined) return this.compare(bv, av, role, scope);

    // Both sides name a component: compare the pair once per role (also how recursive schemas terminate).
    const key = `${role}|${bv.ref}|${av.ref}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    if (this.active.has(key)) return [];
    this.active.add(key);
    this.visited.add(av.ref);
    const subject = bv.ref === av.ref ? `schema ${av.ref}` : `schema ${av.ref} (was ${bv.ref})`;
    const changes = this.compare(bv, av, role, { subject, path: "" });
    this.active.delete(key);
    this.memo.set(key, changes);
    return changes;
  }

  private compare(bv: SchemaView, av: SchemaView, role: Role, scope: Scope): Change[] {
    const changes: Change[] = [];
    const add = (change: Omit<Change, "subject" | "target" | "role" | "usedBy">, at: Scope = scope) =>
      changes.push({
        ...change,
        subject: at.subject,
        ...(at.path ? { target: at.path } : {}),
        role,
        usedBy: [],
      });

    compareTypes(bv, av, role, add);
    compareValues(bv, av, role, add);
    compareVariants(bv, av, role, add);
    if (bv.description !== av.description && bv.description !== undefined && av.description !== undefined) {
      add({ kind: "description-changed", severity: "docs", message: "description changed" });
    }

    const names = [
      ...av.properties.keys(),
      ...[...bv.properties.keys()].filter((k) => !av.properties.has(k)),
    ];
    for (const name of names) {
      // Inherited fields are reported against the component that declares them.
      const owner = av.owners.get(name) ?? bv.owners.get(name);
      const at: Scope =
        owner !== undefined && `schema ${owner}` !== scope.subject && owner === bv.owners.get(name)
          ? { subject: `schema ${owner}`, path: name }
          : { subject: scope.subject, path: join(scope.path, name) };
      const inBefore = bv.properties.has(name);
      const inAfter = av.properties.has(name);
      if (inAfter && !inBefore) {
        const required = av.required.has(name);
        add(
          {
            kind: "field-added",
            severity: fieldAdded(role, required),
            message: `field added${required ? " (required)" : " (optional)"}`,
          },
          at,
        );
        continue;
      }
      if (inBefore && !inAfter) {
        add({ kind: "field-removed", severity: fieldRemoved(), message: "field removed" }, at);
        continue;
      }
      const wasRequired = bv.required.has(name);
      const isRequired = av.required.has(name);
      if (wasRequired !== isRequired) {
        add(
          {
            kind: "field-required-changed",
            severity: requiredChanged(role, isRequired),
            message: isRequired ? "field is now required" : "field is now optional",
            before: wasRequired,
            after: isRequired,
          },
          at,
        );
      }
      changes.push(...this.diff(bv.properties.get(name), av.properties.get(name), role, at));
    }

    if (bv.items !== undefined && av.items !== undefined) {
      changes.push(...this.diff(bv.items, av.items, role, { ...scope, path: `${scope.path}[]` }));
    }
    if (isSchema(bv.additionalProperties) && isSchema(av.additionalProperties)) {
      changes.push(
        ...this.diff(bv.additionalProperties, av.additionalProperties, role, {
          ...scope,
          path: `${scope.path}{}`,
        }),
      );
    }
    return changes;
  }
}

type Add = (change: Omit<Change, "subject" | "target" | "role" | "usedBy">) => void;

function compareTypes(bv: SchemaView, av: SchemaView, role: Role, add: Add): void {
  const b = bv.types;
  const a = av.types;
  if (sameSet(b, a)) {
    if (bv.format !== av.format && bv.format !== undefined && av.format !== undefined) {
      // openapi-typescript does not encode formats in types; only server-side validation moves.
      add({
        kind: "type-changed",
        severity: "non-breaking",
        message: `format changed: ${bv.format} → ${av.format}`,
        before: bv.format,
        after: av.format,
      });
    }
    return;
  }
  const nullOnly = nullDifference(b, a);
  if (nullOnly !== undefined) {
    add({
      kind: "type-changed",
      severity: nullabilityChanged(role, nullOnly === "gained"),
      message: nullOnly === "gained" ? "now nullable" : "no longer nullable",
      before: [...b!],
      after: [...a!],
    });
    return;
  }
  const direction = typeDirection(b, a);
  add({
    kind: "type-changed",
    severity: direction ? setChange(role, direction) : "breaking",
    message: `type changed: ${formatTypes(b)} → ${formatTypes(a)}`,
    before: b ? [...b] : "any",
    after: a ? [...a] : "any",
  });
}

function compareValues(bv: SchemaView, av: SchemaView, role: Role, add: Add): void {
  const b = bv.values;
  const a = av.values;
  if (b === undefined && a === undefined) {
    compareKnownValues(bv.knownValues, av.knownValues, add);
    return;
  }
  if (b === undefined) {
    add({
      kind: "enum-closed",
      severity: enumClosed(),
      message: `${bv.knownValues ? "open enum closed" : "now restricted"} to ${formatValues(a!)}`,
      ...(bv.knownValues ? { before: bv.knownValues } : {}),
      after: a,
    });
    return;
  }
  if (a === undefined) {
    add({
      kind: "enum-opened",
      severity: enumOpened(),
      message: av.knownValues
        ? `enum opened: any string accepted, known values ${formatValues(av.knownValues)}`
        : `no longer restricted to ${formatValues(b)} (any value allowed)`,
      before: b,
      ...(av.knownValues ? { after: av.knownValues } : {}),
    });
    return;
  }
  const { added, removed } = diffValues(b, a);
  if (added.length > 0) {
    add({
      kind: "enum-values-added",
      severity: setChange(role, "widened"),
      message: `enum widened: added ${formatValues(added)}`,
      before: b,
      after: a,
    });
  }
  if (removed.length > 0) {
    add({
      kind: "enum-values-removed",
      severity: setChange(role, "narrowed"),
      message: `enum narrowed: removed ${formatValues(removed)}`,
      before: b,
      after: a,
    });
  }
}

/** The values of `a` not in `b` (added) and of `b` not in `a` (removed), compared as canonical JSON. */
function diffValues(b: unknown[], a: unknown[]): { added: unknown[]; removed: unknown[] } {
  const bKeys = new Set(b.map((v) => canonical(v)));
  const aKeys = new Set(a.map((v) => canonical(v)));
  return {
    added: a.filter((v) => !bKeys.has(canonical(v))),
    removed: b.filter((v) => !aKeys.has(canonical(v))),
  };
}

// Known values of an open enum are documentation that also shapes editor completion: any string is accepted
// before and after, so no change to them can break a caller.
function compareKnownValues(b: unknown[] | undefined, a: unknown[] | undefined, add: Add): void {
  if (b === undefined && a === undefined) return;
  if (b === undefined) {
    add({
      kind: "enum-opened",
      severity: enumOpened(),
      message: `known values documented: ${formatValues(a!)}`,
    });
    return;
  }
  if (a === undefined) {
    add({
      kind: "enum-values-removed",
      severity: "non-breaking",
      message: "known values no longer documented (any string, as before)",
      before: b,
    });
    return;
  }
  const { added, removed } = diffValues(b, a);
  if (added.length > 0) {
    add({
      kind: "enum-values-added",
      severity: "non-breaking",
      message: `known value(s) of an open enum added: ${formatValues(added)}`,
    });
  }
  if (removed.length > 0) {
    add({
      kind: "enum-values-removed",
      severity: "non-breaking",
      message: `known value(s) of an open enum removed: ${formatValues(removed)}`,
    });
  }
}

// Union members are matched by their component name or their exact JSON; members are not compared in depth
// (a changed member shows as one removed and one added), which errs on the side of reporting.
function compareVariants(bv: SchemaView, av: SchemaView, role: Role, add: Add): void {
  if (bv.variants === undefined && av.variants === undefined) return;
  const b = (bv.variants ?? []).map(variantKey);
  const a = (av.variants ?? []).map(variantKey);
  const added = a.filter((k) => !b.includes(k));
  const removed = b.filter((k) => !a.includes(k));
  if (added.length > 0) {
    add({
      kind: "variants-added",
      severity: setChange(role, "widened"),
      message: `union members added: ${added.join(", ")}`,
    });
  }
  if (removed.length > 0) {
    add({
      kind: "variants-removed",
      severity: setChange(role, "narrowed"),
      message: `union members removed: ${removed.join(", ")}`,
    });
  }
}

function variantKey(variant: unknown): string {
  const ref = (variant as { $ref?: unknown } | null)?.$ref;
  return typeof ref === "string" ? (ref.split("/").at(-1) ?? ref) : canonical(variant);
}

/** Whether the two type sets differ by `null` alone, and which way. */
function nullDifference(
  b: Set<string> | undefined,
  a: Set<string> | undefined,
): "gained" | "lost" | undefined {
  if (b === undefined || a === undefined) return undefined;
  const strip = (s: Set<string>) =>
    [...s]
      .filter((t) => t !== "null")
      .sort()
      .join();
  if (strip(b) !== strip(a) || b.has("null") === a.has("null")) return undefined;
  return a.has("null") ? "gained" : "lost";
}

/** `widened` when `a` admits everything `b` did, `narrowed` for the reverse, `undefined` when neither. */
function typeDirection(b: Set<string> | undefined, a: Set<string> | undefined): Direction | undefined {
  if (a === undefined) return "widened";
  if (b === undefined) return "narrowed";
  if (covers(a, b)) return "widened";
  if (covers(b, a)) return "narrowed";
  return undefined;
}

function covers(outer: Set<string>, inner: Set<string>): boolean {
  return [...inner].every((t) => outer.has(t) || (t === "integer" && outer.has("number")));
}

function sameSet(b: Set<string> | undefined, a: Set<string> | undefined): boolean {
  if (b === undefined || a === undefined) return b === a;
  return b.size === a.size && [...b].every((t) => a.has(t));
}

function formatTypes(types: Set<string> | undefined): string {
  return types ? [...types].join(" | ") : "any";
}

function formatValues(values: unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function isSchema(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
