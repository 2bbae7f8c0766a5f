// Builds the responses a tolerant reader must accept from the spec's own 2xx examples: the example with an
// unknown value in every open enum, with every optional field left out, and with an unknown extra field in
// every object. Schemas are walked next to the example value, so each variant is still a realistic body.

type Schema = Record<string, any>;

/** A 2xx response of one operation with its example body. */
export interface ResponseCase {
  /** `GET /exports/ 200`. */
  name: string;
  path: string;
  method: string;
  status: string;
  /** JSON pointer of the response schema inside the spec. */
  pointer: string;
  schema: Schema;
  example: unknown;
}

/** Value put into every open enum: no API release uses it. */
export const UNKNOWN_ENUM_VALUE = "value-added-by-a-later-api-release";
/** Field added to every object: the generated types do not declare it. */
export const UNKNOWN_FIELD = "field_added_by_a_later_api_release";

const escapePointer = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

/** Every 2xx JSON response of the spec that has an example (named or single). */
export function responseCases(doc: Record<string, any>): ResponseCase[] {
  const cases: ResponseCase[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const method of ["get", "put", "post", "patch", "delete"]) {
      const op = item[method];
      if (!op) continue;
      for (const [status, response] of Object.entries<Record<string, any>>(op.responses)) {
        const media = response.content?.["application/json"];
        if (!status.startsWith("2") || !media?.schema) continue;
        const examples = media.example !== undefined ? [media.example] : [];
        for (const named of Object.values<{ value: unknown }>(media.examples ?? {}))
          examples.push(named.value);
        const pointer = `#/paths/${escapePointer(path)}/${method}/responses/${status}/content/application~1json/schema`;
        for (const example of examples) {
          cases.push({
            name: `${method.toUpperCase()} ${path} ${status}`,
            path,
            method,
            status,
            pointer,
            schema: media.schema,
            example,
          });
        }
      }
    }
  }
  return cases;
}

/** Whether a schema is an open enum: `anyOf` of a string `enum` and plain `string` (plus `null`). */
export function isOpenEnum(schema: Schema | undefined): boolean {
  const members: Schema[] | undefined = schema?.anyOf;
  return (
    Array.isArray(members) &&
    members.some((m) => Array.isArray(m.enum)) &&
    members.some((m) => m.type === "string" && m.enum === undefined)
  );
}

export class VariantBuilder {
  constructor(private readonly doc: Record<string, any>) {}

  /**
   * The example with every enum-typed string (open or not) set to {@link UNKNOWN_ENUM_VALUE}; `count` says how
   * many were set. A closed enum in a response therefore fails validation, as it would on live data.
   */
  unknownEnums(schema: Schema, value: unknown): { value: unknown; count: number } {
    let count = 0;
    const out = this.map(schema, value, (s, v) => {
      if ((isOpenEnum(s) || Array.isArray(s.enum)) && typeof v === "string") {
        count++;
        return { replace: UNKNOWN_ENUM_VALUE };
      }
      return undefined;
    });
    return { value: out, count };
  }

  /** The example with every optional field removed, at every depth. */
  withoutOptional(schema: Schema, value: unknown): unknown {
    return this.map(schema, value, (s, v) => {
      if (!isPlainObject(v)) return undefined;
      const { required } = this.objectShape(s);
      if (required === undefined) return undefined;
      return { keep: (key: string) => required.has(key) };
    });
  }

  /** The example with {@link UNKNOWN_FIELD} added to every object that declares properties. */
  withExtraField(schema: Schema, value: unknown): unknown {
    return this.map(schema, value, (s, v) => {
      if (!isPlainObject(v) || this.objectShape(s).properties.size === 0) return undefined;
      return { add: { [UNKNOWN_FIELD]: "ignored by a tolerant reader" } };
    });
  }

  /** Resolves `$ref`s to the schema they name. */
  resolve(schema: Schema | undefined): Schema | undefined {
    let s = schema;
    for (let i = 0; s?.$ref !== undefined && i < 20; i++) {
      const ref: string = s.$ref;
      s = ref
        .slice(2)
        .split("/")
        .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
        .reduce((node: any, key) => node?.[key], this.doc);
    }
    return s;
  }

  /** Properties and required names of an object schema, through `allOf` and nullable `anyOf` wrappers. */
  objectShape(schema: Schema | undefined): {
    properties: Map<string, Schema>;
    required: Set<string> | undefined;
  } {
    const properties = new Map<string, Schema>();
    let required: Set<string> | undefined;
    const visit = (raw: Schema | undefined) => {
      const s = this.resolve(raw);
      if (!s) return;
      for (const [k, v] of Object.entries<Schema>(s.properties ?? {})) properties.set(k, v);
      if (s.properties || s.required) {
        required ??= new Set();
        for (const name of s.required ?? []) required.add(name);
      }
      for (const part of s.allOf ?? []) visit(part);
      const objectBranch = (s.anyOf ?? s.oneOf)?.find((m: Schema) => this.isObjectSchema(m));
      if (objectBranch) visit(objectBranch);
    };
    visit(schema);
    return { properties, required };
  }

  private isObjectSchema(raw: Schema): boolean {
    const s = this.resolve(raw);
    if (!s) return false;
    return (
      s.type === "object" ||
      (Array.isArray(s.type) && s.type.includes("object")) ||
      s.properties !== undefined ||
      s.allOf !== undefined
    );
  }

  private itemsOf(schema: Schema | undefined): Schema | undefined {
    const s = this.resolve(schema);
    if (!s) return undefined;
    if (s.items) return s.items;
    const arrayBranch = (s.anyOf ?? s.oneOf)?.find((m: Schema) => this.resolve(m)?.items !== undefined);
    return arrayBranch ? this.resolve(arrayBranch)?.items : undefined;
  }

  private map(schema: Schema | undefined, value: unknown, visit: Visitor): unknown {
    const s = this.resolve(schema);
    if (s === undefined) return structuredClone(value);
    const action = visit(s, value);
    if (action && "replace" in action) return action.replace;
    if (Array.isArray(value)) {
      const items = this.itemsOf(s);
      return value.map((v) => this.map(items, v, visit));
    }
    if (!isPlainObject(value)) return value;
    const { properties } = this.objectShape(s);
    const additional = this.resolve(s)?.additionalProperties;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (action && "keep" in action && !action.keep(key)) continue;
      const child = properties.get(key) ?? (isPlainObject(additional) ? additional : undefined);
      out[key] = this.map(child, v, visit);
    }
    if (action && "add" in action) Object.assign(out, action.add);
    return out;
  }
}

type Visitor = (
  schema: Schema,
  value: unknown,
) => { replace: unknown } | { keep: (key: string) => boolean } | { add: Record<string, unknown> } | undefined;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
