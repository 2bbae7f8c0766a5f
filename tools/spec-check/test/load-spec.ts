import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const specPath = fileURLToPath(new URL("../../../spec/avala.openapi.yaml", import.meta.url));
export const coveragePath = fileURLToPath(
  new URL("../../../spec/coverage/sdk-endpoints.txt", import.meta.url),
);

export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface SpecOperation {
  method: string;
  path: string;
  op: Record<string, unknown> & { operationId?: string; tags?: string[]; summary?: string };
}

/** The parsed spec and a flat list of its operations. */
export function loadSpec(): { doc: Record<string, any>; operations: SpecOperation[] } {
  const doc = parse(readFileSync(specPath, "utf8")) as Record<string, any>;
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as SpecOperation["op"] | undefined;
      if (op) operations.push({ method: method.toUpperCase(), path, op });
    }
  }
  return { doc, operations };
}
