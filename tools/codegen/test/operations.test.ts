import { describe, expect, it } from "vitest";
import { extractMetadata } from "../src/operations.ts";
import { renderIndex, renderMetadata } from "../src/render.ts";
import type { OpenApiDocument } from "../src/spec.ts";

function spec(overrides: Partial<OpenApiDocument> = {}): OpenApiDocument {
  return {
    openapi: "3.1.0",
    security: [{ ApiKeyAuth: [] }],
    "x-avala-rate-limits": {
      standard: { requests: 100, windowSeconds: 60, scope: "all" },
      inference: { requests: 10, windowSeconds: 60, scope: "class" },
    },
    "x-avala-concurrency-limits": { exports: { maxConcurrent: 5 } },
    components: { parameters: { Cursor: { name: "cursor", in: "query" } } },
    paths: {
      "/things/": {
        get: {
          operationId: "listThings",
          "x-avala-pagination": "cursor",
          parameters: [{ $ref: "#/components/parameters/Cursor" }],
        },
        post: { operationId: "createThing", "x-avala-concurrency": "exports" },
      },
      "/things/{uid}/infer/": { post: { operationId: "inferThing", "x-avala-rate-limit": "inference" } },
      "/signup/": { post: { operationId: "signup", security: [] } },
    },
    ...overrides,
  } as OpenApiDocument;
}

describe("extractMetadata", () => {
  it("reads pagination, limit classes and authentication from the spec", () => {
    const meta = extractMetadata(spec());
    expect(meta.operations).toEqual([
      expect.objectContaining({ operationId: "createThing", method: "POST", concurrency: "exports" }),
      expect.objectContaining({ operationId: "inferThing", rateLimit: "inference", paginated: false }),
      expect.objectContaining({
        operationId: "listThings",
        method: "GET",
        path: "/things/",
        paginated: true,
      }),
      expect.objectContaining({ operationId: "signup", authenticated: false }),
    ]);
    expect(meta.operations.find((op) => op.operationId === "listThings")?.authenticated).toBe(true);
    expect(meta.rateLimits.standard).toEqual({ requests: 100, windowSeconds: 60, scope: "all" });
  });

  it("rejects a rate-limit class that the spec does not declare", () => {
    const doc = spec();
    (doc.paths!["/things/{uid}/infer/"]!.post as Record<string, unknown>)["x-avala-rate-limit"] =
      "inferrence";
    expect(() => extractMetadata(doc)).toThrow(/x-avala-rate-limit "inferrence" is not a class rule/);
  });

  it("rejects a rate-limit class that names a rule applying to every request", () => {
    const doc = spec();
    (doc.paths!["/things/{uid}/infer/"]!.post as Record<string, unknown>)["x-avala-rate-limit"] = "standard";
    expect(() => extractMetadata(doc)).toThrow(/"standard" is not a class rule/);
  });

  it("rejects an unknown concurrency class", () => {
    const doc = spec();
    (doc.paths!["/things/"]!.post as Record<string, unknown>)["x-avala-concurrency"] = "uploads";
    expect(() => extractMetadata(doc)).toThrow(/"uploads" is not declared/);
  });

  it("rejects a paginated operation without a cursor parameter", () => {
    const doc = spec();
    (doc.paths!["/things/"]!.get as Record<string, unknown>).parameters = [];
    expect(() => extractMetadata(doc)).toThrow(/has no "cursor" query parameter/);
  });

  it("rejects operations without operationId and duplicate operationIds", () => {
    const doc = spec();
    doc.paths!["/other/"] = { get: {}, post: { operationId: "listThings" } };
    expect(() => extractMetadata(doc)).toThrow(
      /GET \/other\/ has no operationId[\s\S]*duplicate operationId listThings/,
    );
  });
});

describe("renderMetadata", () => {
  it("is deterministic and lists paginated paths as a type", () => {
    const a = renderMetadata(extractMetadata(spec()));
    expect(renderMetadata(extractMetadata(spec()))).toBe(a);
    expect(a).toContain('export type PaginatedPath = "/things/";');
    expect(a).toContain("Do not make direct changes");
  });

  it("lists in operationTraits only the operations whose traits differ from the default", () => {
    const rendered = renderMetadata(extractMetadata(spec()));
    const traits = /export const operationTraits[^=]*= \{\n([\s\S]*?)\n\};/.exec(rendered)?.[1];
    expect(traits?.split("\n")).toEqual([
      '  "POST /signup/": { rateLimit: null, concurrency: null, authenticated: false },',
      '  "POST /things/": { rateLimit: null, concurrency: "exports", authenticated: true },',
      '  "POST /things/{uid}/infer/": { rateLimit: "inference", concurrency: null, authenticated: true },',
    ]);
  });
});

describe("renderIndex", () => {
  it("re-exports the generated types and metadata, and says it is generated", () => {
    const index = renderIndex();
    expect(index).toContain('export type * from "./openapi.js";');
    expect(index).toMatch(/operations,[\s\S]*rateLimits,[\s\S]*from "\.\/metadata\.js";/);
    expect(index).toContain("Do not make direct changes");
  });
});
