import type { AvalaClient } from "@avala/core";
import { catalogTags } from "@avala/types/catalog";
import {
  McpError,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
} from "@modelcontextprotocol/sdk/types.js";
import type { ToolEntry } from "./tools/tool-entry.js";
import { call, partError, pick, settleParts } from "./tools/workflows/parts.js";

/** The MCP error code of an unknown resource (the specification's `-32002`). */
export const RESOURCE_NOT_FOUND = -32002;

const OPERATION_PREFIX = "avala://operations/";
const DATASET_SUMMARY = /^avala:\/\/datasets\/([^/]+)\/summary$/;
const slugName = new Map(catalogTags.map((tag) => [tag.slug, tag.name]));

/** The resource templates: an operation's description from the spec, and a dataset's summary. */
export const RESOURCE_TEMPLATES: ResourceTemplate[] = [
  {
    uriTemplate: `${OPERATION_PREFIX}{name}`,
    name: "operation",
    title: "An Avala API operation",
    description:
      "The spec's description of an operation (by tool name): method, path, summary, description, parameters, " +
      "input and output JSON Schemas with their field descriptions, and an example.",
    mimeType: "application/json",
  },
  {
    uriTemplate: "avala://datasets/{uid}/summary",
    name: "dataset-summary",
    title: "A dataset's summary",
    description:
      "A dataset in brief: name, owner, data type, item and annotation counts, status, and its ingest health " +
      "(sequences, frames, calibration, problems found).",
    mimeType: "application/json",
  },
];

const json = (uri: string, data: unknown): ReadResourceResult => ({
  contents: [{ uri, mimeType: "application/json", text: JSON.stringify(data, null, 2) }],
});

/** The operations of the enabled tools as resources (what `resources/list` returns). */
export function operationResources(enabled: readonly ToolEntry[]): Resource[] {
  return enabled.flatMap((entry) =>
    entry.operation
      ? [
          {
            uri: `${OPERATION_PREFIX}${entry.operation.name}`,
            name: entry.operation.name,
            title: entry.operation.summary,
            description: `${entry.operation.method} ${entry.operation.path}`,
            mimeType: "application/json",
          },
        ]
      : [],
  );
}

/** The spec's description of one operation (the body of an operation resource). */
function describeOperation(entry: ToolEntry) {
  const op = entry.operation!;
  return {
    name: op.name,
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    summary: op.summary,
    description: op.description,
    toolsets: op.tags.map((tag) => [...slugName].find(([, name]) => name === tag)?.[0] ?? tag),
    read_only: !entry.mutates,
    paginated: op.paginated,
    parameters: op.parameters,
    input_schema: op.inputSchema,
    output_schema: op.outputSchema,
    ...(op.examples.request || op.examples.response ? { example: op.examples } : {}),
  };
}

/**
 * A dataset's summary: the dataset, then its health (which needs the owner and slug the dataset gives). A
 * health the key cannot read is reported under `errors`; an unknown dataset fails the read.
 */
async function datasetSummary(client: AvalaClient, uid: string, signal: AbortSignal) {
  const dataset = (await call(client, "get_dataset", { uid }, signal)) as Record<string, unknown>;
  const summary = pick(dataset, [
    "uid",
    "name",
    "slug",
    "owner_name",
    "data_type",
    "is_sequence",
    "visibility",
    "status",
    "item_count",
    "annotations_count",
    "project_count",
    "size_bytes",
    "created_at",
    "updated_at",
  ]);
  const { values, errors } = await settleParts(
    {
      health: async () => {
        const health = (await call(
          client,
          "get_dataset_health",
          { owner: dataset.owner_name, slug: dataset.slug },
          signal,
        )) as Record<string, unknown>;
        return {
          ...pick(health, ["ingest_ok", "issues", "sequence_count", "total_frames", "last_updated_at"]),
          sequences_without_calibration: ((health.sequences as Record<string, unknown>[] | undefined) ?? [])
            .filter((s) => s.has_camera_calibration === false || s.has_lidar_calibration === false)
            .map((s) => s.uid),
        };
      },
    },
    signal,
  );
  return { dataset: summary, ...values, ...(errors.health ? { errors } : {}) };
}

/** Reads a resource; an unknown URI fails with {@link RESOURCE_NOT_FOUND}. */
export async function readResource(
  uri: string,
  enabled: ReadonlyMap<string, ToolEntry>,
  client: AvalaClient,
  signal: AbortSignal,
): Promise<ReadResourceResult> {
  if (uri.startsWith(OPERATION_PREFIX)) {
    const entry = enabled.get(decodeURIComponent(uri.slice(OPERATION_PREFIX.length)));
    if (entry?.operation) return json(uri, describeOperation(entry));
  }
  const dataset = DATASET_SUMMARY.exec(uri);
  if (dataset) {
    try {
      return json(uri, await datasetSummary(client, decodeURIComponent(dataset[1]!), signal));
    } catch (error) {
      const { status, message } = partError(error);
      throw new McpError(status === 404 ? RESOURCE_NOT_FOUND : -32603, message, { uri, status });
    }
  }
  throw new McpError(
    RESOURCE_NOT_FOUND,
    `Resource not found: ${uri}. See resources/list and resources/templates/list.`,
    {
      uri,
    },
  );
}
