import { ConfigurationError } from "@avala/core";
import { describe, expect, it } from "vitest";
import { createRouteTable } from "../../src/route-table.js";

describe("createRouteTable", () => {
  const routes = createRouteTable();

  it("matches templates with path parameters and returns them", () => {
    const match = routes.match("GET", "/datasets/acme/highway/items/");
    expect(match?.operation.operationId).toBe("listDatasetItems");
    expect(match?.params).toEqual({ owner: "acme", slug: "highway" });
  });

  it("prefers a literal segment over a parameter at the first place they differ", () => {
    expect(routes.match("GET", "/slices/dataset/list/")?.operation.operationId).toBe("listDatasetSlices");
    expect(routes.match("GET", "/slices/acme/list/")?.operation.operationId).toBe("listSlices");
    expect(routes.match("GET", "/slices/dataset/abc/")?.operation.operationId).toBe("listDatasetSlices");
  });

  it("needs the method, a non-empty parameter and the trailing slash", () => {
    expect(routes.match("DELETE", "/datasets/")).toBeUndefined();
    expect(routes.match("GET", "/datasets//")).toBeUndefined();
    expect(routes.match("GET", "/datasets")).toBeUndefined();
    expect(routes.match("get", "/datasets/")?.operation.operationId).toBe("listDatasets");
  });

  it("resolves operationIds and METHOD /template/ entries, and names unknown ones", () => {
    expect(routes.resolve(["listDatasets", "post /exports/"], "allow")).toEqual(
      new Set(["listDatasets", "createExport"]),
    );
    const error = (() => {
      try {
        routes.resolve(["listDatasets", "listDatasetz", "GET /nope/"], "allow");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe("allow");
    expect((error as Error).message).toContain('"listDatasetz"');
    expect((error as Error).message).toContain('"GET /nope/"');
    expect((error as Error).message.split(". Use")[0]).not.toContain('"listDatasets"');
  });
});
