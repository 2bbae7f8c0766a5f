import type { ToolEntry } from "./tool-entry.js";

/**
 * One tool of Avala's official MCP server (`@avala-ai/mcp-server`) and what answers it here: an operation or
 * workflow tool of this server (`target`), with the official argument names translated.
 */
export interface OfficialTool {
  /** The official tool name. */
  name: string;
  /** Whether the official server registers it without mutations enabled. */
  readOnly: boolean;
  /** The tool of this server that does the work. */
  target: string;
  /** Official argument → this server's argument, where camelCase → snake_case is not the translation. */
  rename?: Readonly<Record<string, string>>;
}

const R = true;
const W = false;
const t = (
  name: string,
  readOnly: boolean,
  target = name,
  rename?: Record<string, string>,
): OfficialTool => ({
  name,
  readOnly,
  target,
  ...(rename ? { rename } : {}),
});

/** The official server's 55 tools (0.7.0), in its order; the README's table is generated from this list. */
export const OFFICIAL_TOOLS: readonly OfficialTool[] = [
  t("list_datasets", R),
  t("get_dataset", R),
  t("list_sequences", R, "list_dataset_sequences"),
  t("get_sequence", R, "get_dataset_sequence"),
  t("get_frame", R, "get_sequence_frame", { frameIdx: "frame_index" }),
  t("get_calibration", R, "get_sequence_calibration"),
  t("get_dataset_health", R),
  t("create_dataset", W),
  t("list_projects", R),
  t("get_project", R),
  t("get_workspace_stats", R, "get_workspace_overview"),
  t("list_tasks", R),
  t("get_task", R),
  t("list_agents", R),
  t("get_agent", R),
  t("create_agent", W),
  t("delete_agent", W),
  t("list_annotation_issues_by_sequence", R, "list_sequence_annotation_issues"),
  t("create_annotation_issue", W),
  t("update_annotation_issue", W),
  t("delete_annotation_issue", W),
  t("list_annotation_issues_by_dataset", R, "list_dataset_annotation_issues", { datasetSlug: "slug" }),
  t("get_annotation_issue_metrics", R, "get_annotation_issue_metrics", { datasetSlug: "slug" }),
  t("list_qc_tools", R, "list_annotation_issue_tools"),
  t("list_webhooks", R),
  t("create_webhook", W),
  t("delete_webhook", W),
  t("list_storage_configs", R),
  t("create_storage_config", W),
  t("test_storage_config", R),
  t("delete_storage_config", W),
  t("create_export", W),
  t("list_exports", R),
  t("get_export_status", R, "get_export"),
  t("list_quality_targets", R),
  t("evaluate_quality", W, "evaluate_quality_targets"),
  t("get_consensus_summary", R),
  t("compute_consensus", W),
  t("fleet_list_devices", R, "list_fleet_devices"),
  t("fleet_get_device", R, "get_fleet_device"),
  t("fleet_list_recordings", R, "list_fleet_recordings"),
  t("fleet_get_recording", R, "get_fleet_recording"),
  t("fleet_list_events", R, "list_fleet_events"),
  t("fleet_list_alerts", R, "list_fleet_alerts"),
  t("fleet_list_rules", R, "list_fleet_rules"),
  t("fleet_register_device", W, "create_fleet_device"),
  t("fleet_acknowledge_alert", W, "acknowledge_fleet_alert"),
  t("list_organizations", R),
  t("get_organization", R),
  t("list_slices", R),
  t("get_slice", R),
  t("create_annotation_pipeline", W),
  t("get_fleet_health", R),
  t("get_project_quality_summary", R),
  t("get_workspace_overview", R),
];

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The official tools by name. */
export const OFFICIAL_BY_NAME: ReadonlyMap<string, OfficialTool> = new Map(
  OFFICIAL_TOOLS.map((o) => [o.name, o]),
);

type Properties = Record<string, object>;
const propertiesOf = (schema: object | undefined): Properties =>
  ((schema as { properties?: Properties } | undefined)?.properties ?? {}) as Properties;

/**
 * Translates the arguments of an official tool call into the target tool's: each name renamed (camelCase →
 * snake_case, or by the tool's `rename`), kept at the top level when the target takes it there (path and query
 * parameters, `max_items`, workflow arguments), otherwise moved into `body` (the official tools take body
 * fields flat). Arguments already in this server's shape pass through unchanged, so a call may use either.
 */
export function translateArguments(
  official: OfficialTool,
  target: ToolEntry,
  args: Record<string, unknown>,
): Record<string, unknown> {
  const top = propertiesOf(target.definition.inputSchema);
  const bodySchema = top.body;
  const out: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === "body" && bodySchema && value && typeof value === "object" && !Array.isArray(value)) {
      Object.assign(body, value);
      continue;
    }
    const name = official.rename?.[key] ?? snake(key);
    if (name in top || !bodySchema) out[name] = value;
    else body[name] = value;
  }
  if (bodySchema && (Object.keys(body).length > 0 || target.operation?.body?.required)) out.body = body;
  return out;
}

/**
 * The input schema in the official server's style: every argument of the target flat (body fields beside path
 * and query parameters) and in camelCase, or by the official name where the tool renames it. A superset of the
 * official tool's arguments (this server's operations take a few more), requiring no more than it does.
 */
function officialSchema(official: OfficialTool, target: ToolEntry): ToolEntry["definition"]["inputSchema"] {
  const schema = target.definition.inputSchema as { properties?: Properties; required?: string[] };
  const top = propertiesOf(schema);
  const body = top.body as { properties?: Properties; required?: string[] } | undefined;
  const back = new Map(Object.entries(official.rename ?? {}).map(([from, to]) => [to, from]));
  const name = (ours: string) => back.get(ours) ?? camel(ours);
  const properties: Properties = {};
  const required = new Set<string>();
  for (const [key, value] of Object.entries(propertiesOf(body))) properties[name(key)] = value;
  for (const key of body?.required ?? []) required.add(name(key));
  for (const [key, value] of Object.entries(top)) if (key !== "body") properties[name(key)] = value;
  for (const key of schema.required ?? []) if (key !== "body") required.add(name(key));
  return {
    type: "object",
    properties,
    ...(required.size > 0 ? { required: [...required] } : {}),
    additionalProperties: false,
  };
}

/**
 * The tool that answers an official name: the target under the official name, with the official arguments and,
 * like the official server, no output schema (the results are the same; the listing stays small).
 */
export function officialEntry(official: OfficialTool, target: ToolEntry): ToolEntry {
  const { outputSchema: _unused, ...definition } = target.definition;
  return {
    definition: {
      ...definition,
      name: official.name,
      inputSchema: officialSchema(official, target),
      annotations: { ...target.definition.annotations, readOnlyHint: official.readOnly },
    },
    mutates: !official.readOnly,
    toolsets: target.toolsets,
    aliasOf: target,
    run: target.run,
  };
}
