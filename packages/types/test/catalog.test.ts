import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { catalog, catalogTags } from "../src/generated/catalog.js";
import { operations } from "../src/generated/index.js";

describe("operation catalog (@avala/types/catalog)", () => {
  it("has one entry per operation, agreeing with the operation metadata", () => {
    expect(catalog.map((op) => op.operationId)).toEqual(
      Object.keys(operations).sort((a, b) => a.localeCompare(b)),
    );
    for (const op of catalog) {
      const meta = operations[op.operationId as keyof typeof operations];
      expect({ method: op.method, path: op.path, paginated: op.paginated }).toEqual({
        method: meta.method,
        path: meta.path,
        paginated: meta.paginated,
      });
      for (const param of op.parameters.filter((p) => p.in === "path")) {
        expect(op.path).toContain(`{${param.name}}`);
      }
      for (const tag of op.tags) expect(catalogTags.map((t) => t.name)).toContain(tag);
    }
  });

  it("is a separate entry: the main entry (and so the browser bundle of core) does not import it", async () => {
    const index = await readFile(new URL("../src/generated/index.ts", import.meta.url), "utf8");
    expect(index).not.toMatch(/catalog/);
    const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    expect(pkg.exports["./catalog"].import.default).toBe("./dist/catalog.mjs");
  });
});
