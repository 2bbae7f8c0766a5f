import { describe, expect, it } from "vitest";
import { type Change, compareSpecs, renderReport } from "../src/index.ts";
import type { SpecDoc } from "./helpers.ts";

/** A small document: one GET returning `Thing`, one POST taking `ThingCreate` and a `kind` query parameter. */
function baseDoc(): SpecDoc {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/things/": {
        get: {
          operationId: "listThings",
          parameters: [
            { name: "kind", in: "query", required: false, schema: { type: "string", enum: ["a", "b"] } },
          ],
          responses: {
            "200": {
              description: "ok",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ThingPage" } } },
            },
          },
        },
        post: {
          operationId: "createThing",
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/ThingCreate" } } },
          },
          responses: {
            "201": {
              description: "ok",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Base: { type: "object", required: ["uid"], properties: { uid: { type: "string" } } },
        Thing: {
          allOf: [
            { $ref: "#/components/schemas/Base" },
            {
              type: "object",
              required: ["name"],
              properties: {
                name: { type: "string", description: "Name." },
                status: { type: "string", enum: ["new", "done"] },
                size: { type: ["integer", "null"] },
                parent: { $ref: "#/components/schemas/Thing" },
              },
            },
          ],
        },
        ThingPage: {
          type: "object",
          properties: { results: { type: "array", items: { $ref: "#/components/schemas/Thing" } } },
        },
        ThingCreate: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string" }, mode: { type: "string", enum: ["x", "y"] } },
        },
      },
    },
  };
}

function diff(change: (doc: SpecDoc) => void): Change[] {
  const after = baseDoc();
  change(after);
  return compareSpecs(baseDoc(), after).changes;
}

function only(changes: Change[]): Pick<Change, "kind" | "severity" | "subject" | "target" | "role"> {
  expect(changes).toHaveLength(1);
  const { kind, severity, subject, target, role } = changes[0]!;
  return { kind, severity, subject, target, role };
}

const schemas = (doc: SpecDoc) => doc.components.schemas;

describe("change report classification", () => {
  it("operations: removed is breaking, added is not, a new operationId is breaking", () => {
    expect(only(diff((d) => delete d.paths["/things/"].get))).toMatchObject({
      kind: "operation-removed",
      severity: "breaking",
      subject: "GET /things/ (listThings)",
    });
    const added = diff((d) => {
      d.paths["/things/{uid}/"] = { get: { operationId: "getThing", responses: {} } };
    });
    expect(only(added)).toMatchObject({ kind: "operation-added", severity: "non-breaking" });
    expect(only(diff((d) => (d.paths["/things/"].get.operationId = "listAllThings")))).toMatchObject({
      kind: "operation-id-changed",
      severity: "breaking",
    });
  });

  it("request fields: new required is breaking, new optional is not, removed is breaking", () => {
    const required = diff((d) => {
      schemas(d).ThingCreate.properties.color = { type: "string" };
      schemas(d).ThingCreate.required.push("color");
    });
    expect(only(required)).toEqual({
      kind: "field-added",
      severity: "breaking",
      subject: "schema ThingCreate",
      target: "color",
      role: "request",
    });
    const optional = diff((d) => (schemas(d).ThingCreate.properties.color = { type: "string" }));
    expect(only(optional)).toMatchObject({ kind: "field-added", severity: "non-breaking" });
    expect(only(diff((d) => delete schemas(d).ThingCreate.properties.mode))).toMatchObject({
      kind: "field-removed",
      severity: "breaking",
    });
  });

  it("response fields: added or made optional is not breaking, removed is; changes are reported once per schema", () => {
    const added = diff((d) => (schemas(d).Thing.allOf[1].properties.color = { type: "string" }));
    expect(only(added)).toMatchObject({ kind: "field-added", severity: "non-breaking", role: "response" });
    // Thing is reached from both operations (directly and through ThingPage.results[]).
    expect(added[0]!.usedBy.sort()).toEqual(["GET /things/ (listThings)", "POST /things/ (createThing)"]);
    expect(only(diff((d) => delete schemas(d).Thing.allOf[1].properties.status))).toMatchObject({
      kind: "field-removed",
      severity: "breaking",
    });
    expect(only(diff((d) => (schemas(d).Thing.allOf[1].required = [])))).toMatchObject({
      kind: "field-required-changed",
      severity: "non-breaking",
      target: "name",
      role: "response",
    });
  });

  it("response required-ness follows the tolerant reader: dropping `required` is not breaking, adding it is", () => {
    const dropped = only(diff((d) => (schemas(d).Thing.allOf[1].required = [])));
    expect(dropped).toMatchObject({
      kind: "field-required-changed",
      severity: "non-breaking",
      role: "response",
    });
    const added = only(diff((d) => schemas(d).Thing.allOf[1].required.push("status")));
    expect(added).toEqual({
      kind: "field-required-changed",
      severity: "breaking",
      subject: "schema Thing",
      target: "status",
      role: "response",
    });
    // Requests keep the caller's point of view: a newly required field breaks calls that omit it.
    expect(only(diff((d) => schemas(d).ThingCreate.required.push("mode")))).toMatchObject({
      severity: "breaking",
      role: "request",
    });
    expect(only(diff((d) => (schemas(d).ThingCreate.required = [])))).toMatchObject({
      severity: "non-breaking",
      role: "request",
    });
  });

  it("open enums: opening a response enum is not breaking, closing one is; known values are documentation", () => {
    const open = (values: string[], nullable = false) => ({
      anyOf: [{ type: "string", enum: values }, { type: "string" }, ...(nullable ? [{ type: "null" }] : [])],
    });
    const status = (d: SpecDoc) => schemas(d).Thing.allOf[1].properties;

    const opened = diff((d) => (status(d).status = open(["new", "done"])));
    expect(only(opened)).toEqual({
      kind: "enum-opened",
      severity: "non-breaking",
      subject: "schema Thing",
      target: "status",
      role: "response",
    });
    expect(opened[0]!.message).toBe('enum opened: any string accepted, known values "new", "done"');
    // A nullable closed enum opened keeps its null: no type change is reported besides the opening.
    const nullableBefore = baseDoc();
    status(nullableBefore).status = { type: ["string", "null"], enum: ["new", "done", null] };
    const nullableAfter = baseDoc();
    status(nullableAfter).status = open(["new", "done"], true);
    expect(compareSpecs(nullableBefore, nullableAfter).changes.map((c) => [c.kind, c.severity])).toEqual([
      ["enum-opened", "non-breaking"],
    ]);

    // Closing: open → closed is breaking in responses, and so is restricting a plain string to a set.
    const wasOpen = baseDoc();
    status(wasOpen).status = open(["new", "done"]);
    const closed = compareSpecs(wasOpen, baseDoc()).changes;
    expect(only(closed)).toMatchObject({ kind: "enum-closed", severity: "breaking", role: "response" });
    const restricted = diff((d) => (status(d).name = { type: "string", enum: ["a"] }));
    expect(only(restricted)).toMatchObject({ kind: "enum-closed", severity: "breaking", target: "name" });

    // Known values of an open enum may grow or shrink: any string was accepted before and after.
    const grown = baseDoc();
    status(grown).status = open(["new", "done", "archived"]);
    expect(compareSpecs(wasOpen, grown).changes.map((c) => [c.kind, c.severity])).toEqual([
      ["enum-values-added", "non-breaking"],
    ]);
    expect(compareSpecs(grown, wasOpen).changes.map((c) => [c.kind, c.severity])).toEqual([
      ["enum-values-removed", "non-breaking"],
    ]);

    // In requests, opening accepts more (not breaking) and closing rejects calls that compiled (breaking).
    const mode = (d: SpecDoc) => schemas(d).ThingCreate.properties;
    expect(only(diff((d) => (mode(d).mode = open(["x", "y"]))))).toMatchObject({
      kind: "enum-opened",
      severity: "non-breaking",
      role: "request",
    });
    const requestOpen = baseDoc();
    mode(requestOpen).mode = open(["x", "y"]);
    expect(only(compareSpecs(requestOpen, baseDoc()).changes)).toMatchObject({
      kind: "enum-closed",
      severity: "breaking",
      role: "request",
    });
  });

  it("resolves allOf: a field inherited from Base is reported against Base", () => {
    expect(only(diff((d) => (schemas(d).Base.properties.uid = { type: "integer" })))).toEqual({
      kind: "type-changed",
      severity: "breaking",
      subject: "schema Base",
      target: "uid",
      role: "response",
    });
  });

  it("retyping: response widening and any unrelated type are breaking; response narrowing is not", () => {
    const props = (d: SpecDoc) => schemas(d).Thing.allOf[1].properties;
    expect(only(diff((d) => (props(d).size = { type: "string" })))).toMatchObject({
      kind: "type-changed",
      severity: "breaking",
    });
    expect(only(diff((d) => (props(d).size = { type: ["integer", "string", "null"] })))).toMatchObject({
      severity: "breaking",
      role: "response",
    });
    const wider = baseDoc();
    props(wider).size = { type: ["number", "null"] };
    expect(only(compareSpecs(wider, baseDoc()).changes)).toMatchObject({
      kind: "type-changed",
      severity: "non-breaking",
      role: "response",
    });
    expect(
      only(diff((d) => (schemas(d).ThingCreate.properties.name.type = ["string", "null"]))),
    ).toMatchObject({
      severity: "non-breaking",
      role: "request",
    });
  });

  it("nullability follows the tolerant reader in responses: gaining null is not breaking, losing it is", () => {
    const props = (d: SpecDoc) => schemas(d).Thing.allOf[1].properties;
    const gained = only(diff((d) => (props(d).name.type = ["string", "null"])));
    expect(gained).toMatchObject({ kind: "type-changed", severity: "non-breaking", role: "response" });
    expect(diff((d) => (props(d).name.type = ["string", "null"]))[0]!.message).toBe("now nullable");
    expect(only(diff((d) => (props(d).size = { type: "integer" })))).toMatchObject({
      kind: "type-changed",
      severity: "breaking",
      role: "response",
    });
    const nullableMode = baseDoc();
    schemas(nullableMode).ThingCreate.properties.name.type = ["string", "null"];
    expect(only(compareSpecs(nullableMode, baseDoc()).changes)).toMatchObject({
      severity: "breaking",
      role: "request",
    });
  });

  it("enums: request narrowed is breaking, widened is not; response widened is breaking, narrowed is not", () => {
    expect(only(diff((d) => schemas(d).ThingCreate.properties.mode.enum.pop()))).toMatchObject({
      kind: "enum-values-removed",
      severity: "breaking",
      role: "request",
    });
    expect(only(diff((d) => schemas(d).ThingCreate.properties.mode.enum.push("z")))).toMatchObject({
      kind: "enum-values-added",
      severity: "non-breaking",
    });
    expect(
      only(diff((d) => schemas(d).Thing.allOf[1].properties.status.enum.push("archived"))),
    ).toMatchObject({
      kind: "enum-values-added",
      severity: "breaking",
      role: "response",
    });
    expect(only(diff((d) => schemas(d).Thing.allOf[1].properties.status.enum.pop()))).toMatchObject({
      kind: "enum-values-removed",
      severity: "non-breaking",
    });
  });

  it("parameters: new required is breaking, new optional is not, retyped and removed are breaking", () => {
    const params = (d: SpecDoc) => d.paths["/things/"].get.parameters;
    expect(
      only(
        diff((d) => params(d).push({ name: "q", in: "query", required: true, schema: { type: "string" } })),
      ),
    ).toMatchObject({ kind: "parameter-added", severity: "breaking", target: "query parameter q" });
    expect(
      only(diff((d) => params(d).push({ name: "q", in: "query", schema: { type: "string" } }))),
    ).toMatchObject({
      kind: "parameter-added",
      severity: "non-breaking",
    });
    expect(only(diff((d) => (params(d)[0].schema.type = "integer")))).toMatchObject({
      kind: "type-changed",
      severity: "breaking",
      target: "query parameter kind",
    });
    expect(only(diff((d) => (params(d)[0].required = true)))).toMatchObject({
      kind: "parameter-required-changed",
      severity: "breaking",
    });
    expect(only(diff((d) => params(d).pop()))).toMatchObject({
      kind: "parameter-removed",
      severity: "breaking",
    });
  });

  it("text-only changes are documentation (patch); identical documents report nothing", () => {
    const report = compareSpecs(
      baseDoc(),
      (() => {
        const d = baseDoc();
        d.paths["/things/"].get.summary = "List things";
        schemas(d).Thing.allOf[1].properties.name.description = "Display name.";
        return d;
      })(),
    );
    expect(report.bump).toBe("patch");
    expect(report.changes.every((c) => c.severity === "docs")).toBe(true);
    expect(compareSpecs(baseDoc(), baseDoc())).toEqual({
      bump: "none",
      counts: { breaking: 0, "non-breaking": 0, docs: 0 },
      changes: [],
    });
    expect(renderReport(compareSpecs(baseDoc(), baseDoc()))).toBe("Spec change report: no changes.\n");
  });

  it("terminates on recursive schemas and reports removed named schemas", () => {
    const changes = diff((d) => {
      schemas(d).Thing.allOf[1].properties.parent = { $ref: "#/components/schemas/Thing" };
      schemas(d).Orphan = { type: "object" };
    });
    expect(only(changes)).toMatchObject({ kind: "schema-added", severity: "non-breaking" });
    const removed = compareSpecs(
      { ...baseDoc(), components: { schemas: { ...schemas(baseDoc()), Old: {} } } },
      baseDoc(),
    );
    expect(only(removed.changes)).toMatchObject({ kind: "schema-removed", severity: "breaking" });
  });
});
