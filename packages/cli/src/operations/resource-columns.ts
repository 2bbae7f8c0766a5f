import type { JsonSchema } from "@avala/types/catalog";

/** The columns that matter for the resources people list most; others get {@link defaultColumns}. */
const RESOURCE_COLUMNS: Record<string, readonly string[]> = {
  datasets: ["uid", "name", "owner_name", "slug", "data_type", "item_count", "status"],
  exports: ["uid", "name", "format", "status", "exported_task_count", "total_task_count", "created_at"],
  tasks: ["uid", "name", "type", "status", "project"],
  projects: ["uid", "name", "status", "created_at"],
  "fleet-devices": ["uid", "name", "type", "status", "last_seen_at"],
  webhooks: ["uid", "target_url", "events", "is_active"],
};

/** Fields shown first when present, for resources without their own list. */
const PREFERRED = ["uid", "name", "slug", "status", "type", "created_at"];

/** Table columns of a list: the group's own list, else up to five of the item schema's fields. */
export function defaultColumns(group: string, outputSchema: JsonSchema | null): readonly string[] {
  const own = RESOURCE_COLUMNS[group];
  if (own) return own;
  const results = (outputSchema?.properties as Record<string, JsonSchema> | undefined)?.results;
  const itemProps = Object.keys((results?.items as JsonSchema | undefined)?.properties ?? {});
  const preferred = PREFERRED.filter((f) => itemProps.includes(f));
  return [...preferred, ...itemProps.filter((f) => !preferred.includes(f))].slice(0, 5);
}
