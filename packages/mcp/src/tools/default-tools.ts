/**
 * The operations listed as their own tools in the default configuration: the reads an assistant reaches for
 * first (what is in the workspace, a dataset, a project's tasks, an export). Everything else enabled stays one
 * `search_operations` → `describe_operation` → `invoke_operation` away, so `tools/list` stays small whatever
 * the size of the API (its size per configuration is tabled in the README and held to a budget by a test).
 */
export const DEFAULT_OPERATIONS: readonly string[] = [
  "list_datasets",
  "get_dataset",
  "list_projects",
  "get_project",
  "list_tasks",
  "get_task",
  "list_exports",
  "get_export",
];

/** Writes listed as their own tools in the default configuration when writes are allowed. */
export const DEFAULT_WRITE_OPERATIONS: readonly string[] = ["create_export"];
