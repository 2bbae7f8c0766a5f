import { type CatalogOperation, catalog, catalogTags, type JsonSchema } from "@avala/types/catalog";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { callOperation, callPaginated, MAX_ITEMS_CAP } from "./call-operation.js";
import type { ToolEntry } from "./tool-entry.js";
import { dataResult } from "./tool-result.js";

const slugByTag = new Map(catalogTags.map((tag) => [tag.name, tag.slug]));

/**
 * POSTs that only check something and change nothing: `test_storage_config` verifies that the API can reach a
 * bucket (the official server also offers it read-only).
 */
const READ_ONLY_CHECKS: ReadonlySet<string> = new Set(["test_storage_config"]);

/** Whether an operation only reads (GET, HEAD, or a check): the tools registered without `--allow-writes`. */
export const isReadOnly = (op: CatalogOperation): boolean =>
  op.method === "GET" || op.method === "HEAD" || READ_ONLY_CHECKS.has(op.name);

/** The schema of one item of a cursor page (`results.items`), looking through `allOf`. */
function pageItemSchema(schema: JsonSchema | null): JsonSchema {
  const parts = [schema, ...((schema?.allOf as JsonSchema[] | undefined) ?? [])];
  for (const part of parts) {
    const results = (part?.properties as Record<string, JsonSchema> | undefined)?.results;
    if (results?.items) return results.items as JsonSchema;
  }
  return {};
}

function inputSchema(op: CatalogOperation): Tool["inputSchema"] {
  if (!op.paginated) return op.inputSchema as Tool["inputSchema"];
  const properties = op.inputSchema.properties as Record<string, JsonSchema>;
  return {
    ...op.inputSchema,
    type: "object",
    properties: {
      ...properties,
      max_items: {
        type: "integer",
        minimum: 1,
        maximum: MAX_ITEMS_CAP,
        description: `Walk pages in this call until this many items are collected (at most ${MAX_ITEMS_CAP}); without it one page is returned.`,
      },
    },
  };
}

/**
 * A schema without its `description` keywords (property names are kept, even one called `description`). Output
 * schemas only tell the client how to validate and read structured content; their descriptions doubled the size
 * of `tools/list` (see the README's size table), and the model reads field meanings off the data itself.
 */
function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "description") continue;
    out[key] =
      key === "properties" && value && typeof value === "object"
        ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutDescriptions(sub)]))
        : withoutDescriptions(value);
  }
  return out;
}

/**
 * The output schema: MCP wants an object, so a cursor page becomes `{ items, next_cursor }` and a bare list
 * becomes `{ items }`; a response without a body has none.
 */
function outputSchema(op: CatalogOperation): Tool["outputSchema"] | undefined {
  const schema = fullOutputSchema(op);
  return schema && (withoutDescriptions(schema) as Tool["outputSchema"]);
}

function fullOutputSchema(op: CatalogOperation): Tool["outputSchema"] | undefined {
  if (op.paginated) {
    return {
      type: "object",
      properties: {
        items: { type: "array", items: pageItemSchema(op.outputSchema) },
        next_cursor: {
          type: ["string", "null"],
          description: "Pass as `cursor` to continue; null at the end.",
        },
      },
      required: ["items", "next_cursor"],
    };
  }
  if (!op.outputSchema) return undefined;
  if (op.outputSchema.type === "array") {
    return { type: "object", properties: { items: op.outputSchema }, required: ["items"] };
  }
  return { type: "object", ...op.outputSchema } as Tool["outputSchema"];
}

function description(op: CatalogOperation): string {
  const text =
    op.description && op.description !== op.summary ? `${op.summary}. ${op.description}` : op.summary;
  return `${text.replace(/\.\.\s/, ". ")} (${op.method} ${op.path})`;
}

/** The MCP tool of one catalog operation: schema, annotations and the handler that calls the API. */
export function operationTool(op: CatalogOperation): ToolEntry {
  const readOnly = isReadOnly(op);
  const output = outputSchema(op);
  const definition: Tool = {
    name: op.name,
    title: op.summary,
    description: description(op),
    inputSchema: inputSchema(op),
    ...(output ? { outputSchema: output } : {}),
    annotations: {
      readOnlyHint: readOnly,
      destructiveHint: op.method === "DELETE",
      idempotentHint: ["GET", "HEAD", "PUT", "DELETE"].includes(op.method) || READ_ONLY_CHECKS.has(op.name),
    },
  };
  const arrayOutput = !op.paginated && op.outputSchema?.type === "array";
  return {
    definition,
    mutates: !readOnly,
    operation: op,
    toolsets: op.tags.map((tag) => slugByTag.get(tag) ?? tag),
    async run(args, { client, signal }) {
      if (op.paginated) return dataResult(await callPaginated(client, op, args, signal), true);
      const data = await callOperation(client, op, args, signal);
      return dataResult(arrayOutput ? { items: data } : data, output !== undefined);
    },
  };
}

/** One tool per operation of the spec. */
export const operationTools = (): ToolEntry[] => catalog.map(operationTool);
