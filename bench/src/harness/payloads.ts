/** A dataset as the API lists it (the fields of `components["schemas"]["Dataset"]`), about 330 bytes of JSON. */
export function datasetItem(i: number) {
  return {
    uid: `3f2c9a1e-7b4d-4e8a-9c61-${String(i).padStart(12, "0")}`,
    name: `Highway LiDAR ${i}`,
    slug: `highway-lidar-${i}`,
    owner_name: "acme-robotics",
    data_type: "lidar",
    is_sequence: true,
    visibility: "private",
    status: "created",
    item_count: 1200 + (i % 100),
    project_count: 2,
    size_bytes: 7_340_032_000 + i,
    annotations_count: 48_000 + i,
    created_at: "2026-03-01T09:30:00Z",
    updated_at: "2026-03-02T10:00:00Z",
  };
}

/**
 * A JSON list page (`{ next, previous, results }`) of exactly `bytes` bytes: as many datasets as fit, padded
 * with spaces (valid JSON whitespace), so every client parses the same realistic shape at the same size.
 */
export function jsonBody(bytes: number): string {
  const items: ReturnType<typeof datasetItem>[] = [];
  const render = () => JSON.stringify({ next: null, previous: null, results: items });
  while (render().length < bytes) items.push(datasetItem(items.length));
  if (render().length > bytes) items.pop();
  const body = render();
  return body.slice(0, -1) + " ".repeat(bytes - body.length) + body.slice(-1);
}
