import { describe, expect, it } from "vitest";
import { buildCatalog } from "../src/catalog.ts";
import { renderResources } from "../src/render-resources.ts";
import type { OpenApiDocument } from "../src/spec.ts";
import { spec } from "./fixture-spec.ts";

function render(
  edit: (
    doc: OpenApiDocument & { paths: Record<string, Record<string, Record<string, unknown>>> },
  ) => void = () => {},
) {
  const doc = spec() as Parameters<typeof edit>[0];
  edit(doc);
  return renderResources(buildCatalog(doc), doc);
}

describe("renderResources", () => {
  it("writes one method per operation under its x-avala-sdk-method, typed by path and method", () => {
    const source = render();
    expect(source).toContain(
      'list(params?: ListQueryOf<"/things/", "get">, options?: RequestOptions): PagePromise<ItemOf<"/things/", "get">>;',
    );
    expect(source).toContain(
      'create(params: BodyOf<"/things/", "post">, options?: RequestOptions): APIPromise<DataOf<"/things/", "post">>;',
    );
    expect(source).toContain(
      'delete(uid: PathParam<"/things/{uid}/", "delete", "uid">, options?: RequestOptions): APIPromise<DataOf<"/things/{uid}/", "delete">>;',
    );
    expect(source).toContain('const things = {\n  create: ["POST", "/things/", 2, 0],');
    expect(source).toContain("  createThing: things.create,");
  });

  it("documents each method from the spec: summary, description, parameters, the operation", () => {
    const source = render();
    expect(source).toContain("   * Create a thing\n   *\n   * Creates a thing.\n");
    expect(source).toContain("   * @param uid UID of the thing.\n");
    expect(source).toContain("   *   - `color` Color of the new thing.\n");
    expect(source).toContain("   * @see `POST /things/` (operation `createThing`)\n");
    expect(source).not.toContain("@deprecated");
    const deprecated = render((doc) => {
      doc.paths["/things/{uid}/"]!.delete!.deprecated = true;
    });
    expect(deprecated).toContain("   * @deprecated The API marks this operation as deprecated.\n");
  });

  it("refuses a name that is both a method and a namespace", () => {
    expect(() =>
      render((doc) => {
        doc.paths["/things/"]!.post!["x-avala-sdk-method"] = "things.list.create";
      }),
    ).toThrow(/both a method and a namespace/);
  });

  it("refuses a query parameter and a body field of the same name", () => {
    expect(() =>
      render((doc) => {
        doc.paths["/things/"]!.post!.parameters = [
          { name: "color", in: "query", schema: { type: "string" } },
        ];
      }),
    ).toThrow(/cannot share one params object \(color\)/);
  });
});
