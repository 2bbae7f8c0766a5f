import { describe, expect, it } from "vitest";
import { loadSpec } from "./load-spec.ts";

const { doc } = loadSpec();
const example = (path: string, method: string, status: string) =>
  doc.paths[path][method].responses[status].content["application/json"].example;

describe("spec examples", () => {
  it("tell one consistent story: the dataset, its items and the export that includes it share identities", () => {
    const dataset = example("/datasets/{uid}/", "get", "200");
    const items = example("/datasets/{owner}/{slug}/items/", "get", "200");
    const exported = example("/exports/{uid}/", "get", "200");
    const exports = example("/exports/", "get", "200");
    expect(dataset.uid).toBe("3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17");
    expect(items.results.length).toBeGreaterThan(0);
    for (const item of items.results) expect(item.dataset).toBe(dataset.uid);
    expect(exported.datasets).toContain(dataset.uid);
    expect(exports.results.map((e: { uid: string }) => e.uid)).toContain(exported.uid);
  });

  it("end every example page so a mock server's pagination terminates", () => {
    const pages: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      const op = item.get;
      if (op?.["x-avala-pagination"] !== "cursor") continue;
      const page = op.responses["200"].content["application/json"].example;
      if (page.next !== null) pages.push(path);
    }
    expect(pages).toEqual([]);
  });

  it("declares the limits the runtime reads", () => {
    expect(doc["x-avala-rate-limits"]).toMatchObject({
      standard: { requests: 100, windowSeconds: 60, scope: "all" },
      burst: { requests: 20, windowSeconds: 1, scope: "all" },
      inference: { requests: 10, windowSeconds: 60, scope: "class" },
    });
    expect(doc["x-avala-concurrency-limits"]).toMatchObject({
      uploads: { maxConcurrent: 10 },
      exports: { maxConcurrent: 5 },
    });
    expect(doc.paths["/exports/"].post["x-avala-concurrency"]).toBe("exports");
    expect(doc.paths["/datasets/manual-upload/file-upload-url/"].post["x-avala-concurrency"]).toBe("uploads");
  });
});
