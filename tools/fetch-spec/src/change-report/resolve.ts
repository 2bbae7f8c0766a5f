/** Local `$ref` resolution and a flattened view of a schema (with `allOf` merged) for comparison. */

export type JsonObject = Record<string, unknown>;

const SCHEMA_REF = "#/components/schemas/";

/** Follows local `$ref`s in one document. External references are not followed (the linter rejects them). */
export class Resolver {
  constructor(private readonly doc: JsonObject) {}

  /** The object `node` points to after following `$ref`s, and the last schema component name passed through. */
  deref(node: unknown): { node: JsonObject | undefined; ref?: string } {
    let current = node;
    let ref: string | undefined;
    const seen = new Set<string>();
    while (isObject(current) && typeof current.$ref === "string") {
      const pointer = current.$ref;
      if (seen.has(pointer) || !pointer.startsWith("#/")) return { node: undefined };
      seen.add(pointer);
      if (pointer.startsWith(SCHEMA_REF)) ref = decodePointer(pointer.slice(SCHEMA_REF.length));
      current = this.lookup(pointer);
    }
    if (!isObject(current)) return { node: undefined };
    return ref === undefined ? { node: current } : { node: current, ref };
  }

  private lookup(pointer: string): unknown {
    let node: unknown = this.doc;
    for (const part of pointer.slice(2).split("/")) {
      if (!isObject(node)) return undefined;
      node = node[decodePointer(part)];
    }
    return node;
  }
}

/** A schema reduced to what changes the generated TypeScript types. */
export interface SchemaView {
  /** The schema component this view was reached through, if any. */
  ref?: string;
  /** Allowed JSON types; `undefined` when unconstrained. */
  types?: Set<string>;
  format?: string;
  /** Allowed values (`enum` or `const`); `undefined` when open. */
  values?: unknown[];
  /** Known values of an open enum (`anyOf: [{enum: [...]}, {type: string}]`): documented, not enforced. */
  knownValues?: unknown[];
  properties: Map<string, unknown>;
  /** For each property, the schema component that declares it (through `allOf` members), if any. */
  owners: Map<string, string>;
  required: Set<string>;
  items?: unknown;
  additionalProperties?: unknown;
  /** `oneOf`/`anyOf` members, as raw (unresolved) schemas. */
  variants?: unknown[];
  description?: string;
}

/**
 * Flattens `schema`: follows `$ref`s and merges `allOf` members into one view (types intersected, properties
 * and `required` united), which is how openapi-typescript renders them as an intersection type.
 */
export function viewSchema(resolver: Resolver, schema: unknown, depth = 0): SchemaView {
  const { node, ref } = resolver.deref(schema);
  const view: SchemaView = { properties: new Map(), owners: new Map(), required: new Set() };
  if (ref !== undefined) view.ref = ref;
  if (!node || depth > 32) return view;

  const types = typesOf(node);
  if (types) view.types = types;
  if (typeof node.format === "string") view.format = node.format;
  if (Array.isArray(node.enum)) view.values = node.enum;
  else if ("const" in node) view.values = [node.const];
  if (typeof node.description === "string") view.description = node.description;
  if (isObject(node.properties)) {
    for (const [k, v] of Object.entries(node.properties)) {
      view.properties.set(k, v);
      if (ref !== undefined) view.owners.set(k, ref);
    }
  }
  if (Array.isArray(node.required))
    for (const k of node.required) if (typeof k === "string") view.required.add(k);
  if ("items" in node) view.items = node.items;
  if ("additionalProperties" in node) view.additionalProperties = node.additionalProperties;
  const open = openEnum(node);
  const union = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : undefined;
  if (open) {
    view.types = open.types;
    view.knownValues = open.values;
  } else if (union) view.variants = union;

  if (Array.isArray(node.allOf)) {
    for (const member of node.allOf) mergeInto(view, viewSchema(resolver, member, depth + 1));
  }
  if (!view.types && (view.properties.size > 0 || view.required.size > 0)) view.types = new Set(["object"]);
  if (!view.types && view.items !== undefined) view.types = new Set(["array"]);
  return view;
}

function mergeInto(target: SchemaView, member: SchemaView): void {
  if (member.types) {
    const memberTypes = member.types;
    target.types = target.types
      ? new Set([...target.types].filter((t) => memberTypes.has(t)))
      : new Set(memberTypes);
  }
  target.format ??= member.format;
  target.values ??= member.values;
  target.knownValues ??= member.knownValues;
  target.description ??= member.description;
  for (const [k, v] of member.properties) {
    if (target.properties.has(k)) continue;
    target.properties.set(k, v);
    // A field inherited through `allOf: [$ref: Base]` belongs to Base, so its changes are reported once there.
    const owner = member.owners.get(k) ?? member.ref;
    if (owner !== undefined) target.owners.set(k, owner);
  }
  for (const k of member.required) target.required.add(k);
  target.items ??= member.items;
  target.additionalProperties ??= member.additionalProperties;
  target.variants ??= member.variants;
}

/**
 * An open enum: `anyOf` of one string `enum` (the known values), plain `string`, and optionally `null`. It is
 * compared as a string (plus null) with documented values, not as a union of members.
 */
function openEnum(node: JsonObject): { types: Set<string>; values: unknown[] } | undefined {
  if (!Array.isArray(node.anyOf)) return undefined;
  const members = node.anyOf.filter(isObject);
  if (members.length !== node.anyOf.length) return undefined;
  const known = members.filter((m) => Array.isArray(m.enum));
  const open = members.filter(
    (m) => m.type === "string" && m.enum === undefined && Object.keys(m).length === 1,
  );
  const nulls = members.filter((m) => m.type === "null" && Object.keys(m).length === 1);
  if (
    known.length !== 1 ||
    open.length !== 1 ||
    known.length + open.length + nulls.length !== members.length
  ) {
    return undefined;
  }
  const values = (known[0]!.enum as unknown[]).filter((v) => v !== null);
  return { types: new Set(nulls.length > 0 ? ["string", "null"] : ["string"]), values };
}

function typesOf(node: JsonObject): Set<string> | undefined {
  let types: string[] | undefined;
  if (typeof node.type === "string") types = [node.type];
  else if (Array.isArray(node.type)) types = node.type.filter((t): t is string => typeof t === "string");
  if (!types) return undefined;
  // OpenAPI 3.0's `nullable: true` is 3.1's `"null"` type.
  if (node.nullable === true) types.push("null");
  return new Set(types);
}

/** Whether `value` is a plain object (not an array or null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted: key order is formatting (normalisation reorders keys), not content. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function decodePointer(part: string): string {
  return part.replace(/~1/g, "/").replace(/~0/g, "~");
}
