import { describe, expect, it } from "vitest";
import { buildCatalog, snakeCase } from "../src/catalog.ts";
import { inlineSchema } from "../src/refs.ts";
import { renderCatalog } from "../src/render-catalog.ts";
import type { OpenApiDocument } from "../src/spec.ts";
import { spec } from "./fixture-spec.ts";

describe("buildCatalog", () => {
  it("builds one entry per operation with a self-contained input schema (path, query, body)", () => {
    const { operations, tags } = buildCatalog(spec());
    expect(operations.map((op) => op.name)).toEqual(["create_thing", "delete_thing", "list_things"]);
    expect(tags).toEqual([{ name: "Things", slug: "things", description: "Things you own." }]);

    const create = operations.find((op) => op.operationId === "createThing")!;
    expect(create).toMatchObject({
      method: "POST",
      path: "/things/",
      tags: ["Things"],
      summary: "Create a thing",
    });
    expect(create.body).toEqual({ required: true });
    expect(create.inputSchema).toEqual({
      type: "object",
      properties: {
        body: {
          type: "object",
          required: ["color"],
          // the description next to the $ref wins over the referenced schema's; the enum is kept
          properties: {
            color: { type: "string", enum: ["red", "green"], description: "Color of the new thing." },
          },
          additionalProperties: false,
        },
      },
      required: ["body"],
      additionalProperties: false,
    });
    expect(create.successStatus).toBe(201);
    expect(create.outputSchema).toMatchObject({ properties: { uid: { format: "uuid" } } });
    expect(create.examples).toEqual({
      request: { body: { color: "red" } },
      response: { uid: "9b2e0f4c-1111-4222-8333-944455556666", color: "red" },
    });
    expect(JSON.stringify(operations)).not.toContain("$ref");
  });

  it("takes path parameters from the path item, with their description and format, as required inputs", () => {
    const del = buildCatalog(spec()).operations.find((op) => op.name === "delete_thing")!;
    expect(del.parameters).toEqual([{ name: "uid", in: "path", required: true }]);
    expect(del.inputSchema.properties).toEqual({
      uid: { description: "UID of the thing.", type: "string", format: "uuid" },
    });
    expect(del.inputSchema.required).toEqual(["uid"]);
    expect(del.outputSchema).toBeNull();
    expect(del.successStatus).toBe(204);
    expect(del.examples.request).toEqual({ uid: "00000000-0000-4000-8000-000000000000" });
  });

  it("keeps the traits of the operation metadata", () => {
    const list = buildCatalog(spec()).operations.find((op) => op.name === "list_things")!;
    expect(list).toMatchObject({ paginated: true, rateLimit: null, concurrency: null, authenticated: true });
    expect(list.inputSchema).toMatchObject({ properties: { cursor: { type: "string" } } });
    expect(list.inputSchema).not.toHaveProperty("required");
  });

  it("refuses a parameter that would collide with the body input, and a recursive schema", () => {
    const clash = spec();
    (clash.paths!["/things/"]!.post as { parameters?: unknown[] }).parameters = [
      { name: "body", in: "query", schema: { type: "string" } },
    ];
    expect(() => buildCatalog(clash)).toThrow(/parameter name body collides/);

    const recursive = spec();
    recursive.components!.schemas!.Uid = { $ref: "#/components/schemas/Thing" };
    expect(() => inlineSchema(recursive, { $ref: "#/components/schemas/Thing" })).toThrow(/Recursive schema/);
  });

  it("names tools in snake case", () => {
    expect(snakeCase("listDatasets")).toBe("list_datasets");
    expect(snakeCase("getQCTools")).toBe("get_qc_tools");
    expect(snakeCase("getDatasetByOwnerAndSlug")).toBe("get_dataset_by_owner_and_slug");
  });
});

describe("inlineSchema", () => {
  it("leaves the spec's vendor keywords out, but not a property that happens to be named like one", () => {
    const doc = {
      components: { schemas: { Secret: { type: "string", format: "password", "x-avala-sensitive": true } } },
    } as unknown as OpenApiDocument;
    const schema = {
      type: "object",
      "x-avala-note": "internal",
      properties: { secret: { $ref: "#/components/schemas/Secret" }, "x-header": { type: "string" } },
    };
    expect(inlineSchema(doc, schema)).toEqual({
      type: "object",
      properties: { secret: { type: "string", format: "password" }, "x-header": { type: "string" } },
    });
  });
});

describe("renderCatalog", () => {
  it("is deterministic, typed, and says it is generated", () => {
    const a = renderCatalog(buildCatalog(spec()));
    expect(renderCatalog(buildCatalog(spec()))).toBe(a);
    expect(a).toContain("export const catalog: readonly CatalogOperation[] = [");
    expect(a).toContain('{"name":"Things","slug":"things"');
    expect(a).toContain("Do not make direct changes");
  });
});
