import { ConfigurationError } from "@avala/core";
import { type OperationMetadata, operations as specOperations } from "@avala/types";

/** An operation matched by a concrete method and path, with its (still percent-encoded) path parameters. */
export interface RouteMatch {
  readonly operation: OperationMetadata;
  readonly params: Readonly<Record<string, string>>;
}

interface Route {
  readonly operation: OperationMetadata;
  /** Template segments; `null` marks a `{param}` segment, whose name is in `names` at the same index. */
  readonly segments: readonly (string | null)[];
  readonly names: readonly (string | undefined)[];
}

/** Matches concrete paths (relative to the API root) against the spec's path templates. */
export interface RouteTable {
  /** The operation for `method` and `path` (e.g. `GET`, `/datasets/abc/`), or undefined when none matches. */
  match(method: string, path: string): RouteMatch | undefined;
  /**
   * Resolves allow-list entries (operationIds or `"METHOD /path/template/"`) to operationIds.
   * @throws ConfigurationError naming every entry that is not an operation of the spec.
   */
  resolve(entries: Iterable<string>, option: string): Set<string>;
}

function split(path: string): string[] {
  // "/a/b/" → ["a", "b", ""]: the trailing slash is part of Avala's paths, so it takes part in matching.
  return path.split("/").slice(1);
}

/** Whether route `a` is more specific than `b`: the first segment where they differ is a literal in `a`. */
function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const literalA = a.segments[i] !== null;
    const literalB = b.segments[i] !== null;
    if (literalA !== literalB) return literalA;
  }
  return false;
}

/**
 * Builds a route table from operation metadata (default: every operation of the spec).
 *
 * A `{x}` segment matches exactly one non-empty segment. When several templates match, the one with a
 * literal at the leftmost segment where they differ wins (`/slices/dataset/{dataset_uid}/` beats
 * `/slices/{owner}/list/` for `/slices/dataset/list/`), like most HTTP routers, so the answer does not depend
 * on the order of operations in the spec.
 */
export function createRouteTable(
  operations: Readonly<Record<string, OperationMetadata>> = specOperations,
): RouteTable {
  const byMethod = new Map<string, Route[]>();
  const byId = new Map<string, OperationMetadata>();
  const byTemplate = new Map<string, OperationMetadata>();
  for (const operation of Object.values(operations)) {
    const parts = split(operation.path);
    const route: Route = {
      operation,
      segments: parts.map((s) => (/^\{[^}]+\}$/.test(s) ? null : s)),
      names: parts.map((s) => (/^\{[^}]+\}$/.test(s) ? s.slice(1, -1) : undefined)),
    };
    const list = byMethod.get(operation.method) ?? [];
    list.push(route);
    byMethod.set(operation.method, list);
    byId.set(operation.operationId, operation);
    byTemplate.set(`${operation.method} ${operation.path}`, operation);
  }

  return {
    match(method, path) {
      const actual = split(path);
      let best: Route | undefined;
      for (const route of byMethod.get(method.toUpperCase()) ?? []) {
        if (route.segments.length !== actual.length) continue;
        const fits = route.segments.every((segment, i) =>
          segment === null ? (actual[i] ?? "") !== "" : segment === actual[i],
        );
        if (fits && (best === undefined || moreSpecific(route, best))) best = route;
      }
      if (!best) return undefined;
      const params: Record<string, string> = {};
      best.names.forEach((name, i) => {
        if (name !== undefined) params[name] = actual[i] ?? "";
      });
      return { operation: best.operation, params };
    },

    resolve(entries, option) {
      const ids = new Set<string>();
      const unknown: string[] = [];
      for (const entry of entries) {
        const trimmed = typeof entry === "string" ? entry.trim() : "";
        const space = trimmed.indexOf(" ");
        const operation =
          space > 0
            ? byTemplate.get(`${trimmed.slice(0, space).toUpperCase()} ${trimmed.slice(space + 1).trim()}`)
            : byId.get(trimmed);
        if (operation) ids.add(operation.operationId);
        else unknown.push(JSON.stringify(entry));
      }
      if (unknown.length > 0) {
        throw new ConfigurationError(
          option,
          `${option} names operations that are not in the Avala API spec: ${unknown.join(", ")}. ` +
            'Use operationIds (e.g. "listDatasets") or "METHOD /path/template/" (e.g. "GET /datasets/{uid}/").',
        );
      }
      return ids;
    },
  };
}
