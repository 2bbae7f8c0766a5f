import type { JsonSchema } from "@avala/types/catalog";
import type { Option } from "commander";
import { UsageError } from "../usage-error.js";

/** The JSON type a schema asks for (the first non-null one of a `type` list), or undefined when open. */
export function schemaType(schema: JsonSchema | undefined): string | undefined {
  const type = schema?.type;
  if (Array.isArray(type)) return type.find((t) => t !== "null") as string | undefined;
  return typeof type === "string" ? type : undefined;
}

/** The allowed values of an enum schema, as strings for the command line. */
export function enumChoices(schema: JsonSchema | undefined): string[] | undefined {
  const values = schema?.enum;
  return Array.isArray(values) ? values.filter((v) => v !== null).map(String) : undefined;
}

/**
 * The known values of an open enum — `anyOf: [{ enum: [...] }, { type: "string" }]`, the spec's way of saying
 * "these, or a value added later" — for the help text; any string is accepted.
 */
export function knownValues(schema: JsonSchema | undefined): string[] | undefined {
  const branches = schema?.anyOf as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) return undefined;
  const closed = branches.find((branch) => Array.isArray(branch?.enum));
  const open = branches.some((branch) => branch !== closed && branch?.type === "string" && !branch.enum);
  return closed && open ? enumChoices(closed) : undefined;
}

/**
 * The values a plain string schema's description lists as "Known values: a, b, `c`." (the spec's way of naming
 * the usual values of a field it does not restrict), for shell completion.
 */
export function describedValues(schema: JsonSchema | undefined): string[] | undefined {
  const list = /Known values: ([^.]+)\./.exec(String(schema?.description ?? ""))?.[1];
  const values = list
    ?.split(",")
    .map((item) => /^\s*`?([\w.:@+-]+)`?/.exec(item)?.[1])
    .filter((value): value is string => value !== undefined);
  return values?.length ? values : undefined;
}

/**
 * The known values of options that accept others too (open enums), for shell completion; options with a closed
 * list have it as commander's `argChoices`.
 */
export const knownOptionValues: WeakMap<Option, readonly string[]> = new WeakMap();

/**
 * Converts a command-line string to the JSON value `schema` asks for: numbers, booleans, null, arrays (one
 * element per occurrence; see `appendTo`) and objects (as JSON). `what` names the input in the error message.
 */
export function coerce(text: string, schema: JsonSchema | undefined, what: string): unknown {
  const type = schemaType(schema);
  if (text === "null" && Array.isArray(schema?.type) && schema.type.includes("null")) return null;
  switch (type) {
    case "integer":
    case "number": {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value) || (type === "integer" && !Number.isInteger(value))) {
        throw new UsageError(
          `${what} must be ${type === "integer" ? "an integer" : "a number"}, got "${text}".`,
        );
      }
      return value;
    }
    case "boolean":
      if (text === "true" || text === "false") return text === "true";
      throw new UsageError(`${what} must be true or false, got "${text}".`);
    case "array":
      return coerce(text, schema?.items as JsonSchema | undefined, what);
    case "object":
      try {
        return JSON.parse(text);
      } catch {
        throw new UsageError(`${what} must be a JSON object, got "${text}".`);
      }
    default: {
      const choices = enumChoices(schema);
      if (choices && !choices.includes(text)) {
        throw new UsageError(`${what} must be one of ${choices.join(", ")}; got "${text}".`);
      }
      return text;
    }
  }
}
