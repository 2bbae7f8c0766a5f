import { resolveRef } from "./refs.ts";
import type { OpenApiDocument, Operation, Parameter } from "./spec.ts";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Runtime facts about one operation, as emitted into `@avala/types`. */
export interface OperationMetadata {
  operationId: string;
  method: string;
  path: string;
  paginated: boolean;
  rateLimit: string | null;
  concurrency: string | null;
  authenticated: boolean;
}

/** Everything the generated metadata module exports. */
export interface SpecMetadata {
  operations: OperationMetadata[];
  rateLimits: OpenApiDocument["x-avala-rate-limits"] & {};
  concurrencyLimits: OpenApiDocument["x-avala-concurrency-limits"] & {};
}

/**
 * Extracts operation metadata from the spec and checks the vendor extensions against the limits declared at
 * the top level, so a typo in the spec fails generation instead of silently disabling a limit.
 */
export function extractMetadata(doc: OpenApiDocument): SpecMetadata {
  const rateLimits = doc["x-avala-rate-limits"] ?? {};
  const concurrencyLimits = doc["x-avala-concurrency-limits"] ?? {};
  const problems: string[] = [];
  const operations: OperationMetadata[] = [];
  const seen = new Set<string>();

  for (const [name, rule] of Object.entries(rateLimits)) {
    if (!(rule.requests > 0 && rule.windowSeconds > 0) || !["all", "class"].includes(rule.scope)) {
      problems.push(
        `x-avala-rate-limits.${name} needs positive requests and windowSeconds and scope all|class`,
      );
    }
  }
  for (const [name, limit] of Object.entries(concurrencyLimits)) {
    if (!(Number.isInteger(limit.maxConcurrent) && limit.maxConcurrent > 0)) {
      problems.push(`x-avala-concurrency-limits.${name}.maxConcurrent must be a positive integer`);
    }
  }

  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId) {
        problems.push(`${where} has no operationId`);
        continue;
      }
      if (seen.has(op.operationId)) problems.push(`${where}: duplicate operationId ${op.operationId}`);
      seen.add(op.operationId);

      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
        resolveRef<Parameter>(doc, p),
      );
      const pagination = op["x-avala-pagination"];
      if (pagination !== undefined && pagination !== "cursor") {
        problems.push(`${where}: x-avala-pagination must be "cursor"`);
      }
      const paginated = pagination === "cursor";
      if (paginated && method !== "get")
        problems.push(`${where}: only GET operations can be cursor-paginated`);
      if (paginated && !params.some((p) => p.in === "query" && p.name === "cursor")) {
        problems.push(`${where}: cursor-paginated but has no "cursor" query parameter`);
      }

      const rateLimit = op["x-avala-rate-limit"] ?? null;
      if (rateLimit !== null && rateLimits[rateLimit]?.scope !== "class") {
        problems.push(
          `${where}: x-avala-rate-limit "${rateLimit}" is not a class rule of x-avala-rate-limits`,
        );
      }
      const concurrency = op["x-avala-concurrency"] ?? null;
      if (concurrency !== null && !concurrencyLimits[concurrency]) {
        problems.push(
          `${where}: x-avala-concurrency "${concurrency}" is not declared in x-avala-concurrency-limits`,
        );
      }

      const security = op.security ?? doc.security ?? [];
      const authenticated = security.length > 0 && !security.some((req) => Object.keys(req).length === 0);
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        paginated,
        rateLimit,
        concurrency,
        authenticated,
      });
    }
  }

  if (problems.length > 0) {
    throw new Error(`The spec's operation metadata is inconsistent:\n- ${problems.join("\n- ")}`);
  }
  operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
  return { operations, rateLimits, concurrencyLimits };
}
