import { type OperationMetadata, operations } from "@avala/types";

/** An operation of the spec matched by a concrete method and path, with its path parameters. */
export interface OperationMatch {
  operation: OperationMetadata;
  params: Record<string, string>;
}

interface Candidate {
  operation: OperationMetadata;
  segments: string[];
  /** Literal segments count more, so `/slices/dataset/{uid}/` wins over `/slices/{owner}/list/`-like shapes. */
  literals: number;
}

const byMethod = new Map<string, Candidate[]>();
for (const operation of Object.values(operations) as OperationMetadata[]) {
  const segments = operation.path.split("/").filter(Boolean);
  const list = byMethod.get(operation.method) ?? [];
  list.push({ operation, segments, literals: segments.filter((s) => !s.startsWith("{")).length });
  byMethod.set(operation.method, list);
}
for (const list of byMethod.values()) list.sort((a, b) => b.literals - a.literals);

/**
 * Finds the spec operation for a concrete method and path relative to the API root (e.g. `GET /datasets/abc/`).
 * A `{param}` segment matches one non-empty segment; literal segments are preferred. Returns undefined when no
 * operation matches (the path must keep the API's trailing slash).
 */
export function matchOperation(method: string, path: string): OperationMatch | undefined {
  const segments = path.split("/").filter(Boolean);
  if (!path.endsWith("/")) return undefined;
  for (const candidate of byMethod.get(method.toUpperCase()) ?? []) {
    if (candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = candidate.segments.every((template, i) => {
      const actual = segments[i] ?? "";
      if (template.startsWith("{")) {
        params[template.slice(1, -1)] = decodeURIComponent(actual);
        return actual !== "";
      }
      return template === actual;
    });
    if (ok) return { operation: candidate.operation, params };
  }
  return undefined;
}
