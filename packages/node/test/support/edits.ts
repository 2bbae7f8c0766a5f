/** Valid bulk edits for tests and the bench: edit `i` has a UUID derived from `i`, so edits are easy to count. */
import type { AnnotationEdit } from "@avala/types";

/** A UUID whose last 12 hex digits are `n`. */
export const uuidOf = (n: number, prefix = "8f9e0d1c-2b3a-4c5d-9e6f") =>
  `${prefix}-${n.toString(16).padStart(12, "0")}`;

/** Edit number `i`: an upsert of a cuboid on an item (even i) or a delete of a sequence cuboid (odd i). */
export function editOf(i: number): AnnotationEdit {
  return i % 2 === 0
    ? {
        action: "upsert",
        object_uuid: uuidOf(i),
        object_type: "cuboid",
        dataset_item_uid: uuidOf(i, "c2d4e6f8-1a3b-4c5d-8e7f"),
        sequence_uid: null,
        object_name: "vehicle",
        object_data: {
          coordinate_system: "frame",
          label: "vehicle",
          object_id: uuidOf(i),
          position: { px: 18.42, py: -3.17, pz: 0.94 },
          dimensions: { dx: 4.61, dy: 1.88, dz: 1.52 },
          rotation: { qx: 0, qy: 0, qz: 0.0998, qw: 0.995 },
        },
      }
    : {
        action: "delete",
        object_uuid: uuidOf(i),
        object_type: "cuboid 3d",
        dataset_item_uid: null,
        sequence_uid: uuidOf(i, "e5f6a7b8-9c0d-4e1f-a2b3"),
      };
}

/** `n` edits as JSON Lines. */
export function editsJsonl(n: number): string {
  let text = "";
  for (let i = 0; i < n; i++) text += `${JSON.stringify(editOf(i))}\n`;
  return text;
}
