import { isObject, type JsonObject, type Resolver } from "./resolve.ts";
import { parameterAdded, requiredChanged, responseRemoved } from "./rules.ts";
import type { SchemaDiffer } from "./schemas.ts";
import type { Change, Role } from "./types.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface OperationEntry {
  method: string;
  path: string;
  label: string;
  op: JsonObject;
  pathItem: JsonObject;
}

type NewChange = Omit<Change, "usedBy"> & { usedBy?: string[] };

/**
 * Compares every operation of the two documents. Operations are matched by method and path template with
 * parameter names blanked, so renaming `{id}` to `{uid}` shows as a changed path parameter, not as a removed and
 * an added operation.
 */
export function diffOperations(
  before: JsonObject,
  after: JsonObject,
  resolvers: { before: Resolver; after: Resolver },
  schemas: SchemaDiffer,
): Change[] {
  const changes: Change[] = [];
  const push = (change: NewChange) => changes.push(withUsers(change));
  const oldOps = collectOperations(before);
  const newOps = collectOperations(after);

  for (const [key, entry] of oldOps) {
    if (!newOps.has(key)) {
      push({
        kind: "operation-removed",
        severity: "breaking",
        subject: entry.label,
        message: "operation removed",
      });
    }
  }
  for (const [key, next] of newOps) {
    const prev = oldOps.get(key);
    if (!prev) {
      push({
        kind: "operation-added",
        severity: "non-breaking",
        subject: next.label,
        message: "operation added",
      });
      continue;
    }
    const local: Change[] = [];
    compareOperation(prev, next, resolvers, schemas, (c) => local.push(withUsers(c)));
    // Changes found inside shared schemas are the same objects for every operation reaching them.
    for (const change of local) if (change.subject !== next.label) addUser(change, next.label);
    changes.push(...local);
  }
  return changes;
}

function compareOperation(
  prev: OperationEntry,
  next: OperationEntry,
  resolvers: { before: Resolver; after: Resolver },
  schemas: SchemaDiffer,
  push: (change: NewChange) => void,
): void {
  const subject = next.label;
  const b = prev.op;
  const a = next.op;
  if (b.operationId !== a.operationId) {
    // `operations["<operationId>"]` is part of @avala/types' public surface.
    push({
      kind: "operation-id-changed",
      severity: "breaking",
      subject,
      message: `operationId changed: ${String(b.operationId)} → ${String(a.operationId)}`,
      before: b.operationId,
      after: a.operationId,
    });
  }
  if (prev.path !== next.path) {
    push({
      kind: "parameter-removed",
      severity: "breaking",
      subject,
      message: `path parameters renamed: ${prev.path} → ${next.path}`,
      before: prev.path,
      after: next.path,
    });
  }
  if (a.deprecated === true && b.deprecated !== true) {
    push({
      kind: "operation-deprecated",
      severity: "non-breaking",
      subject,
      message: "operation deprecated",
    });
  }
  const pagingBefore = b["x-avala-pagination"];
  const pagingAfter = a["x-avala-pagination"];
  if (pagingBefore !== pagingAfter) {
    // `paginate()` accepts only paths whose metadata says they are cursor-paginated.
    push({
      kind: pagingAfter === undefined ? "pagination-removed" : "pagination-added",
      severity: pagingBefore === undefined ? "non-breaking" : "breaking",
      subject,
      message: `x-avala-pagination: ${String(pagingBefore ?? "none")} → ${String(pagingAfter ?? "none")}`,
      before: pagingBefore,
      after: pagingAfter,
    });
  }
  for (const ext of ["x-avala-rate-limit", "x-avala-concurrency"]) {
    if (b[ext] !== a[ext]) {
      push({
        kind: "operation-metadata-changed",
        severity: "non-breaking",
        subject,
        message: `${ext}: ${String(b[ext] ?? "none")} → ${String(a[ext] ?? "none")}`,
        before: b[ext],
        after: a[ext],
      });
    }
  }
  for (const field of ["summary", "description"] as const) {
    if (b[field] !== a[field]) {
      push({ kind: "description-changed", severity: "docs", subject, message: `${field} changed` });
    }
  }
  compareParameters(prev, next, resolvers, schemas, push);
  compareRequestBody(b, a, subject, resolvers, schemas, push);
  compareResponses(b, a, subject, resolvers, schemas, push);
}

function compareParameters(
  prev: OperationEntry,
  next: OperationEntry,
  resolvers: { before: Resolver; after: Resolver },
  schemas: SchemaDiffer,
  push: (change: NewChange) => void,
): void {
  const subject = next.label;
  const b = collectParameters(prev, resolvers.before);
  const a = collectParameters(next, resolvers.after);
  const renamedPath = prev.path !== next.path;
  for (const [key, param] of b) {
    if (a.has(key) || (renamedPath && param.in === "path")) continue;
    push({
      kind: "parameter-removed",
      severity: "breaking",
      subject,
      target: `${param.in} parameter ${param.name}`,
      role: "request",
      message: "parameter removed",
    });
  }
  for (const [key, param] of a) {
    const old = b.get(key);
    const target = `${param.in} parameter ${param.name}`;
    const required = param.required === true;
    if (!old) {
      if (renamedPath && param.in === "path") continue;
      push({
        kind: "parameter-added",
        severity: parameterAdded(required),
        subject,
        target,
        role: "request",
        message: `parameter added${required ? " (required)" : " (optional)"}`,
      });
      continue;
    }
    const wasRequired = old.required === true;
    if (wasRequired !== required) {
      push({
        kind: "parameter-required-changed",
        severity: requiredChanged("request", required),
        subject,
        target,
        role: "request",
        message: required ? "parameter is now required" : "parameter is now optional",
        before: wasRequired,
        after: required,
      });
    }
    if (old.description !== param.description) {
      push({
        kind: "description-changed",
        severity: "docs",
        subject,
        target,
        message: "description changed",
      });
    }
    for (const change of schemas.diff(old.schema, param.schema, "request", { subject, path: target }))
      push(change);
  }
}

function compareRequestBody(
  b: JsonObject,
  a: JsonObject,
  subject: string,
  resolvers: { before: Resolver; after: Resolver },
  schemas: SchemaDiffer,
  push: (change: NewChange) => void,
): void {
  const before = resolvers.before.deref(b.requestBody).node;
  const after = resolvers.after.deref(a.requestBody).node;
  const base = { subject, target: "request body", role: "request" as Role };
  if (!before && !after) return;
  if (!before) {
    const required = after!.required === true;
    push({
      ...base,
      kind: "request-body-added",
      severity: parameterAdded(required),
      message: `request body added${required ? " (required)" : " (optional)"}`,
    });
    return;
  }
  if (!after) {
    push({ ...base, kind: "request-body-removed", severity: "breaking", message: "request body removed" });
    return;
  }
  if ((before.required === true) !== (after.required === true)) {
    push({
      ...base,
      kind: "request-body-required-changed",
      severity: requiredChanged("request", after.required === true),
      message: after.required === true ? "request body is now required" : "request body is now optional",
    });
  }
  compareContent(before, after, "request", "request body", subject, schemas, push);
}

function compareResponses(
  b: JsonObject,
  a: JsonObject,
  subject: string,
  resolvers: { before: Resolver; after: Resolver },
  schemas: SchemaDiffer,
  push: (change: NewChange) => void,
): void {
  const before = isObject(b.responses) ? b.responses : {};
  const after = isObject(a.responses) ? a.responses : {};
  for (const status of Object.keys(before)) {
    if (status in after) continue;
    push({
      kind: "response-removed",
      severity: responseRemoved(status),
      subject,
      target: `response ${status}`,
      role: "response",
      message: "response removed",
    });
  }
  for (const [status, raw] of Object.entries(after)) {
    if (!(status in before)) {
      push({
        kind: "response-added",
        severity: "non-breaking",
        subject,
        target: `response ${status}`,
        role: "response",
        message: "response added",
      });
      continue;
    }
    const prev = resolvers.before.deref(before[status]).node;
    const next = resolvers.after.deref(raw).node;
    if (prev && next)
      compareContent(prev, next, "response", `response ${status}`, subject, schemas, push, status);
  }
}

function compareContent(
  before: JsonObject,
  after: JsonObject,
  role: Role,
  label: string,
  subject: string,
  schemas: SchemaDiffer,
  push: (change: NewChange) => void,
  status?: string,
): void {
  const b = isObject(before.content) ? before.content : {};
  const a = isObject(after.content) ? after.content : {};
  const several = Object.keys(a).length > 1 || Object.keys(b).length > 1;
  for (const mediaType of Object.keys(b)) {
    if (mediaType in a) continue;
    push({
      kind: "media-type-removed",
      severity: role === "request" || status === undefined ? "breaking" : responseRemoved(status),
      subject,
      target: `${label} (${mediaType})`,
      role,
      message: "media type removed",
    });
  }
  for (const [mediaType, media] of Object.entries(a)) {
    const target = several ? `${label} (${mediaType})` : label;
    if (!(mediaType in b)) {
      push({
        kind: "media-type-added",
        severity: "non-breaking",
        subject,
        target,
        role,
        message: "media type added",
      });
      continue;
    }
    const prev = b[mediaType];
    const next = media;
    if (!isObject(prev) || !isObject(next)) continue;
    if (prev.schema === undefined && next.schema === undefined) continue;
    for (const change of schemas.diff(prev.schema, next.schema, role, { subject, path: target }))
      push(change);
  }
}

interface ParameterInfo {
  name: string;
  in: string;
  required?: unknown;
  description?: unknown;
  schema?: unknown;
}

// Path-level parameters apply to every operation of the path; operation-level ones override them by name+in.
function collectParameters(entry: OperationEntry, resolver: Resolver): Map<string, ParameterInfo> {
  const params = new Map<string, ParameterInfo>();
  for (const list of [entry.pathItem.parameters, entry.op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const param = resolver.deref(raw).node;
      if (!param || typeof param.name !== "string" || typeof param.in !== "string") continue;
      params.set(`${param.in}:${param.name}`, param as unknown as ParameterInfo);
    }
  }
  return params;
}

function collectOperations(doc: JsonObject): Map<string, OperationEntry> {
  const ops = new Map<string, OperationEntry>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!isObject(op)) continue;
      const verb = method.toUpperCase();
      const id = typeof op.operationId === "string" ? ` (${op.operationId})` : "";
      ops.set(`${verb} ${path.replace(/\{[^}]*\}/g, "{}")}`, {
        method: verb,
        path,
        label: `${verb} ${path}${id}`,
        op,
        pathItem,
      });
    }
  }
  return ops;
}

// Keeps the identity of changes that already carry a `usedBy` list (those found in shared schemas).
function withUsers(change: NewChange): Change {
  return change.usedBy ? (change as Change) : { ...change, usedBy: [] };
}

function addUser(change: Change, operation: string): void {
  if (!change.usedBy.includes(operation)) change.usedBy.push(operation);
}
