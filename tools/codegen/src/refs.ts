import type { OpenApiDocument, Reference } from "./spec.ts";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Follows a local JSON pointer (`#/components/schemas/Dataset`) inside the spec. */
export function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`Only local references are supported, not ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = isObject(node) ? node[key] : undefined;
    if (node === undefined) throw new Error(`Unresolvable reference ${ref}`);
  }
  return node;
}

/** Returns the object a `{ $ref }` points at (following chains of references), or the object itself. */
export function resolveRef<T extends object>(doc: OpenApiDocument, value: T | Reference): T {
  let node: unknown = value;
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) throw new Error(`Circular reference ${node.$ref}`);
    seen.add(node.$ref);
    node = resolvePointer(doc, node.$ref);
  }
  return node as T;
}

/** Keywords whose value maps names to schemas: their keys are names, not keywords, and are kept as they are. */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

/**
 * Copies a JSON Schema with every `$ref` replaced by the schema it points at, so the result stands on its own
 * (tool schemas handed to MCP clients and CLI parsers cannot follow `#/components/...`). Keywords written next
 * to a `$ref` (OpenAPI 3.1 allows e.g. a local `description`) win over the referenced schema's. The spec's own
 * vendor keywords (`x-avala-…`) are left out: they mean nothing to a JSON Schema validator, and strict ones (ajv
 * in strict mode, the MCP Inspector) reject unknown keywords. A reference cycle fails generation: the spec has
 * none today, and inlining one would never end.
 */
export function inlineSchema(doc: OpenApiDocument, schema: unknown, trail: readonly string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlineSchema(doc, item, trail));
  if (!isObject(schema)) return schema;
  const { $ref, ...rest } = schema;
  const local: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key.startsWith("x-")) continue;
    local[key] =
      NAME_MAPS.has(key) && isObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([name, sub]) => [name, inlineSchema(doc, sub, trail)]),
          )
        : inlineSchema(doc, value, trail);
  }
  if (typeof $ref !== "string") return local;
  if (trail.includes($ref))
    throw new Error(`Recursive schema ${[...trail, $ref].join(" -> ")} cannot be inlined`);
  const target = inlineSchema(doc, resolvePointer(doc, $ref), [...trail, $ref]) as Record<string, unknown>;
  return { ...target, ...local };
}
