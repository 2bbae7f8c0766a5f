import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";

// ajv-formats is CommonJS with `exports.default`; under some loaders the default import is the module object.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ??
  addFormatsPlugin) as typeof addFormatsPlugin;

/**
 * JSON Schema (draft 2020-12, the dialect of the catalog's input schemas) validator with the standard formats.
 * `strict: false` because the spec may carry annotations ajv does not know (vendor `x-` keywords); the schemas'
 * strict-mode cleanliness is checked by a test instead of at every start.
 */
export function createAjv(strict = false): Ajv2020 {
  const ajv = new Ajv2020({ strict, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/** Thrown, and reported as an `isError` result, when arguments do not match a tool's input schema. */
export class InvalidArgumentsError extends Error {
  /** JSON pointers of the offending fields, e.g. `/body/name`. */
  readonly pointers: string[];
  constructor(tool: string, errors: readonly ErrorObject[]) {
    const lines = errors.slice(0, 8).map(describe);
    super(
      `Invalid arguments for ${tool}; nothing was sent:\n${lines.map((l) => `- ${l.text}`).join("\n")}` +
        (errors.length > 8 ? `\n- … ${errors.length - 8} more` : ""),
    );
    this.name = "InvalidArgumentsError";
    this.pointers = lines.map((l) => l.pointer);
  }
}

function describe(error: ErrorObject): { pointer: string; text: string } {
  const params = error.params as Record<string, unknown>;
  const child =
    (error.keyword === "required" && params.missingProperty) ||
    (error.keyword === "additionalProperties" && params.additionalProperty) ||
    undefined;
  const pointer = child
    ? `${error.instancePath}/${String(child).replaceAll("~", "~0").replaceAll("/", "~1")}`
    : error.instancePath;
  const what =
    error.keyword === "required"
      ? "is required"
      : error.keyword === "additionalProperties"
        ? "is not a known argument"
        : error.keyword === "enum"
          ? `must be one of ${JSON.stringify(params.allowedValues)}`
          : (error.message ?? "is invalid");
  return { pointer: pointer || "/", text: `${pointer || "/"} ${what}` };
}

/** Compiles input schemas on first use and checks arguments against them. */
export class ArgumentValidator {
  readonly #ajv = createAjv();
  readonly #compiled = new Map<string, ValidateFunction>();

  /** Throws {@link InvalidArgumentsError} naming each bad field by JSON pointer. */
  check(tool: string, schema: object, args: unknown): void {
    let validate = this.#compiled.get(tool);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#compiled.set(tool, validate);
    }
    if (!validate(args)) throw new InvalidArgumentsError(tool, validate.errors ?? []);
  }
}
