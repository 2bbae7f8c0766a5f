import type { Catalog } from "./catalog.ts";
import { HEADER } from "./render.ts";

/**
 * Renders `catalog.ts` of `@avala/types` (deterministic: same spec, same bytes). The data is typed by
 * interfaces rather than `as const`, so the declaration file stays small; one operation per line keeps a
 * spec change to a readable diff.
 */
export function renderCatalog(catalog: Catalog): string {
  const tags = catalog.tags.map((tag) => `  ${JSON.stringify(tag)},`).join("\n");
  const operations = catalog.operations.map((op) => `  ${JSON.stringify(op)},`).join("\n");
  return `${HEADER}
import type { OperationMetadata } from "./metadata.js";

/** A JSON Schema (draft 2020-12) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Where one input of an operation goes in the HTTP request. */
export interface CatalogParameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
}

/**
 * One operation of the Avala API with everything a tool, command or form needs to call it: its
 * {@link OperationMetadata}, and its names, documentation, inputs and outputs.
 */
export interface CatalogOperation extends OperationMetadata {
  /** The operationId in snake_case, e.g. \`list_datasets\` (MCP tool and command names). */
  readonly name: string;
  /** The spec's tags (see {@link catalogTags}). */
  readonly tags: readonly string[];
  /** One-line summary. */
  readonly summary: string;
  /** Longer description (Markdown), possibly empty. */
  readonly description: string;
  /** Path, query and header parameters in spec order; each is a property of {@link inputSchema}. */
  readonly parameters: readonly CatalogParameter[];
  /** Whether the operation takes a JSON body (the \`body\` property of the input) and whether it is required. */
  readonly body: { readonly required: boolean } | null;
  /**
   * JSON Schema of the input: an object with one property per parameter (by its name) and \`body\` for the
   * request body, every \`$ref\` resolved, \`additionalProperties: false\`.
   */
  readonly inputSchema: JsonSchema;
  /** Status code of the documented success response (200, 201, 202 or 204). */
  readonly successStatus: number;
  /** JSON Schema of the success response body, or null when it has none. */
  readonly outputSchema: JsonSchema | null;
  /** An example input (shaped like {@link inputSchema}) and success response, where the spec has them. */
  readonly examples: { readonly request?: Readonly<Record<string, unknown>>; readonly response?: unknown };
  /** The SDK's resource method, e.g. \`datasets.list\` (\`client.datasets.list(…)\`). */
  readonly sdkMethod: string;
  /** The official SDKs' names for the operation, where they have one. */
  readonly officialSdk: { readonly typescript?: string; readonly python?: string };
}

/** A tag of the spec: a group of operations. */
export interface CatalogTag {
  /** The tag as the spec writes it, e.g. \`Dataset Items\`. */
  readonly name: string;
  /** Kebab-case name, e.g. \`dataset-items\`. */
  readonly slug: string;
  readonly description: string;
}

/** The tags used by at least one operation, in the spec's order. */
export const catalogTags: readonly CatalogTag[] = [
${tags}
];

/** Every operation of the spec, sorted by operationId. */
export const catalog: readonly CatalogOperation[] = [
${operations}
];
`;
}
