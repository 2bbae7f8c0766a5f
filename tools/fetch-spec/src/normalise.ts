import * as openapiFormat from "openapi-format";
import type { OpenApiDocument } from "./parse.ts";

const OPERATION_KEYS = [
  "operationId",
  "tags",
  "summary",
  "description",
  "deprecated",
  "security",
  "servers",
  "parameters",
  "requestBody",
  "responses",
  "callbacks",
];

/**
 * Key order for openapi-format. Listed keys come first in this order; other keys (extensions included) keep
 * their relative order after them. Chosen to match the layout the hand-written spec already uses, so the first
 * normalisation of the repository's own file is a small diff rather than a rewrite.
 */
export const SORT_SET = {
  root: [
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "x-avala-rate-limits",
    "x-avala-concurrency-limits",
    "tags",
    "paths",
    "webhooks",
    "components",
    "externalDocs",
  ],
  get: OPERATION_KEYS,
  put: OPERATION_KEYS,
  post: OPERATION_KEYS,
  patch: OPERATION_KEYS,
  delete: OPERATION_KEYS,
  head: OPERATION_KEYS,
  options: OPERATION_KEYS,
  trace: OPERATION_KEYS,
  parameters: ["name", "in", "required", "description", "schema"],
  requestBody: ["description", "required", "content"],
  responses: ["description", "headers", "content", "links"],
};

/**
 * Formats a document through openapi-format: stable key order, YAML with double quotes where quoting is needed
 * and no line folding (folded descriptions make diffs noisy). Paths and components keep the source's order:
 * it is meaningful (grouped by resource) and sorting would turn every upstream reorder-free update into churn.
 * The result is a fixed point: normalising it again yields the same bytes.
 */
export async function normaliseSpec(doc: OpenApiDocument): Promise<string> {
  // openapiSort deletes keys from the sortSet it is given, so it gets a fresh copy each time.
  const sorted = await openapiFormat.openapiSort(structuredClone(doc), {
    sort: true,
    // The library's types list only its default root keys; it accepts any key at run time.
    sortSet: structuredClone(SORT_SET) as openapiFormat.OpenAPISortSet,
    sortComponentsSet: [],
  });
  const text = await openapiFormat.stringify(sorted.data as Record<string, unknown>, {
    format: "yaml",
    lineWidth: 0,
    yamlQuoteStyle: "double",
  });
  return text.endsWith("\n") ? text : `${text}\n`;
}
