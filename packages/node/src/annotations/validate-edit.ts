import type { AnnotationEdit } from "@avala/types";

const ACTIONS = ["upsert", "delete"];
const OBJECT_TYPES = ["cuboid", "cuboid 3d", "point cloud polyline"];
const ITEM_TYPES = ["cuboid"];
const SEQUENCE_TYPES = ["cuboid 3d", "point cloud polyline"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What is wrong with one edit, or undefined when it is valid: the rules of the server's serializer as the spec
 * states them (action upsert|delete; object_uuid a UUID; exactly one of dataset_item_uid / sequence_uid; item edits
 * only `cuboid`, sequence edits only `cuboid 3d` / `point cloud polyline`; upserts need object_type and
 * object_data).
 */
export function editProblem(edit: unknown): string | undefined {
  if (typeof edit !== "object" || edit === null || Array.isArray(edit)) {
    return `an edit must be a JSON object, got ${edit === null ? "null" : Array.isArray(edit) ? "an array" : typeof edit}`;
  }
  const e = edit as Partial<Record<keyof AnnotationEdit, unknown>>;
  if (!ACTIONS.includes(e.action as string)) {
    return `action must be "upsert" or "delete", got ${JSON.stringify(e.action) ?? "nothing"}`;
  }
  if (typeof e.object_uuid !== "string" || !UUID.test(e.object_uuid)) {
    return `object_uuid must be a UUID, got ${JSON.stringify(e.object_uuid) ?? "nothing"}`;
  }
  if (e.object_type !== undefined && !OBJECT_TYPES.includes(e.object_type as string)) {
    return `object_type must be one of ${OBJECT_TYPES.map((t) => `"${t}"`).join(", ")}, got ${JSON.stringify(e.object_type)}`;
  }
  const item = e.dataset_item_uid ?? null;
  const sequence = e.sequence_uid ?? null;
  if ((item === null) === (sequence === null)) {
    return item === null
      ? "one of dataset_item_uid / sequence_uid is required"
      : "only one of dataset_item_uid / sequence_uid may be set";
  }
  for (const [name, value] of [
    ["dataset_item_uid", item],
    ["sequence_uid", sequence],
  ] as const) {
    if (value !== null && (typeof value !== "string" || !UUID.test(value))) {
      return `${name} must be a UUID, got ${JSON.stringify(value)}`;
    }
  }
  if (e.action === "upsert") {
    if (e.object_type === undefined) return "object_type is required for an upsert";
    if (typeof e.object_data !== "object" || e.object_data === null || Array.isArray(e.object_data)) {
      return "object_data (an object) is required for an upsert";
    }
  }
  if (e.object_type !== undefined) {
    if (item !== null && !ITEM_TYPES.includes(e.object_type as string)) {
      return `dataset_item_uid edits take object_type "cuboid", got "${e.object_type}" (use sequence_uid for sequence-level objects)`;
    }
    if (sequence !== null && !SEQUENCE_TYPES.includes(e.object_type as string)) {
      return `sequence_uid edits take object_type "cuboid 3d" or "point cloud polyline", got "${e.object_type}"`;
    }
  }
  return undefined;
}
