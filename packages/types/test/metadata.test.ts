import { describe, expect, expectTypeOf, it } from "vitest";
import { operations, type PaginatedPath, type paths, rateLimits } from "../src/generated/index.js";

describe("generated operation metadata", () => {
  it("gives one operation per method and path, on paths the generated types know", () => {
    const byRoute = new Set(Object.values(operations).map((op) => `${op.method} ${op.path}`));
    for (const op of Object.values(operations)) {
      expect(op.path.startsWith("/")).toBe(true);
      expect(op.path.endsWith("/")).toBe(true);
    }
    expect(byRoute.size).toBe(Object.keys(operations).length);
    expectTypeOf<(typeof operations)[keyof typeof operations]["path"]>().toExtend<keyof paths>();
  });

  it("marks cursor-paginated lists, and their paths form the PaginatedPath type", () => {
    expect(operations.listDatasets).toMatchObject({ method: "GET", path: "/datasets/", paginated: true });
    expectTypeOf<"/datasets/">().toExtend<PaginatedPath>();
    expectTypeOf<"/datasets/{uid}/">().not.toExtend<PaginatedPath>();
  });

  it("carries the limits declared by the spec", () => {
    expect(rateLimits.standard).toEqual({ requests: 100, windowSeconds: 60, scope: "all" });
    expect(rateLimits.burst).toEqual({ requests: 20, windowSeconds: 1, scope: "all" });
    expect(rateLimits.inference).toEqual({ requests: 10, windowSeconds: 60, scope: "class" });
    expect(operations.createExport.concurrency).toBe("exports");
    expect(operations.signup.authenticated).toBe(false);
  });
});
