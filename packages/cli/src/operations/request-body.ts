import { readFile } from "node:fs/promises";
import type { JsonSchema } from "@avala/types/catalog";
import { UsageError } from "../usage-error.js";
import { coerce, schemaType } from "./option-values.js";

/** How the body was given on the command line. */
export interface BodyInput {
  /** `--data '<json>'` or `--data @file.json`. */
  data?: string;
  /** Repeated `-f field=value`, typed by the body schema (a.b=1 sets a nested field; arrays collect). */
  field?: string[];
}

async function readData(data: string): Promise<unknown> {
  const text = data.startsWith("@")
    ? await readFile(data.slice(1), "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `--data ${data}: cannot read ${data.slice(1)} (${error.code ?? error.message}).`,
        );
      })
    : data;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--data is not valid JSON: ${(error as Error).message}.`);
  }
}

function propertySchema(schema: JsonSchema | undefined, name: string): JsonSchema | undefined {
  const properties = schema?.properties as Record<string, JsonSchema> | undefined;
  return properties?.[name];
}

/**
 * The request body from `--data` and `-f`: `-f` fields are set over the `--data` object, each value converted to
 * the type the body schema gives that field (as `gh api -F` does); an unknown field is a usage error when the
 * schema lists its properties.
 */
export async function requestBody(input: BodyInput, schema: JsonSchema | undefined): Promise<unknown> {
  let body = input.data === undefined ? undefined : await readData(input.data);
  if (!input.field?.length) return body;
  if (body === undefined) body = {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new UsageError("-f sets fields of a JSON object, but --data is not an object.");
  }
  for (const pair of input.field) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`-f expects field=value, got "${pair}".`);
    const path = pair.slice(0, at).split(".");
    let target = body as Record<string, unknown>;
    let fieldSchema: JsonSchema | undefined = schema;
    for (const [i, key] of path.entries()) {
      const known = propertySchema(fieldSchema, key);
      if (fieldSchema?.properties && !known && fieldSchema.additionalProperties !== true) {
        const names = Object.keys(fieldSchema.properties as object).join(", ");
        throw new UsageError(
          `-f ${path.slice(0, i + 1).join(".")}: not a field of the body (fields: ${names}).`,
        );
      }
      fieldSchema = known;
      if (i === path.length - 1) {
        const value = coerce(pair.slice(at + 1), fieldSchema, `-f ${path.join(".")}`);
        if (schemaType(fieldSchema) === "array") {
          const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
          target[key] = [...list, value];
        } else target[key] = value;
      } else {
        if (typeof target[key] !== "object" || target[key] === null) target[key] = {};
        target = target[key] as Record<string, unknown>;
      }
    }
  }
  return body;
}
