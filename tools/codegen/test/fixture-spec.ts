import type { OpenApiDocument } from "../src/spec.ts";

/** A small spec of one resource (list, create, delete) for the generator tests. */
export function spec(): OpenApiDocument {
  return {
    openapi: "3.1.0",
    security: [{ ApiKeyAuth: [] }],
    tags: [
      { name: "Things", description: "Things you own." },
      { name: "Unused Tag", description: "No operation uses it." },
    ],
    components: {
      parameters: {
        Cursor: { name: "cursor", in: "query", description: "Opaque cursor.", schema: { type: "string" } },
        ThingUid: {
          name: "uid",
          in: "path",
          required: true,
          description: "UID of the thing.",
          schema: { $ref: "#/components/schemas/Uid" },
        },
      },
      schemas: {
        Uid: { type: "string", format: "uuid", description: "A UID." },
        Color: { type: "string", enum: ["red", "green"], description: "Paint color." },
        Thing: {
          type: "object",
          required: ["uid", "color"],
          properties: {
            uid: { $ref: "#/components/schemas/Uid" },
            color: { $ref: "#/components/schemas/Color" },
          },
        },
        ThingCreate: {
          type: "object",
          required: ["color"],
          properties: {
            color: { $ref: "#/components/schemas/Color", description: "Color of the new thing." },
          },
          additionalProperties: false,
        },
        ThingPage: {
          type: "object",
          properties: {
            next: { type: ["string", "null"] },
            results: { type: "array", items: { $ref: "#/components/schemas/Thing" } },
          },
        },
      },
      requestBodies: {
        ThingCreate: {
          required: true,
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/ThingCreate" },
              example: { color: "red" },
            },
          },
        },
      },
    },
    paths: {
      "/things/": {
        get: {
          operationId: "listThings",
          "x-avala-sdk-method": "things.list",
          tags: ["Things"],
          summary: "List things",
          "x-avala-pagination": "cursor",
          parameters: [{ $ref: "#/components/parameters/Cursor" }],
          responses: {
            "200": {
              description: "A page.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ThingPage" } } },
            },
          },
        },
        post: {
          operationId: "createThing",
          "x-avala-sdk-method": "things.create",
          tags: ["Things"],
          summary: "Create a thing",
          description: "Creates a thing.",
          requestBody: { $ref: "#/components/requestBodies/ThingCreate" },
          responses: {
            "201": {
              description: "Created.",
              content: {
                "application/json": {
                  schema: { $ref: "#/components/schemas/Thing" },
                  example: { uid: "9b2e0f4c-1111-4222-8333-944455556666", color: "red" },
                },
              },
            },
          },
        },
      },
      "/things/{uid}/": {
        parameters: [{ $ref: "#/components/parameters/ThingUid" }],
        delete: {
          operationId: "deleteThing",
          "x-avala-sdk-method": "things.delete",
          tags: ["Things"],
          summary: "Delete a thing",
          responses: { "204": { description: "Gone." } },
        },
      },
    },
  } as unknown as OpenApiDocument;
}
