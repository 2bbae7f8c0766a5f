import { extractMetadata, HTTP_METHODS, type OperationMetadata } from "./operations.ts";
import { inlineSchema, resolveRef } from "./refs.ts";
import type { MediaType, OpenApiDocument, Operation, Parameter, RequestBody, Response } from "./spec.ts";

/** A JSON Schema (2020-12) as a plain object. */
export type JsonSchema = Record<string, unknown>;

/** Where one input of an operation goes in the HTTP request. */
export interface CatalogParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
}

/** One operation of the spec with everything a tool, CLI command or form needs to call it. */
export interface CatalogOperation extends OperationMetadata {
  /** `operationId` in snake_case (`listDatasets` → `list_datasets`): the MCP tool and CLI name. */
  name: string;
  tags: string[];
  summary: string;
  description: string;
  /** The path, query and header parameters, in spec order (path-level first). */
  parameters: CatalogParameter[];
  /** Whether the operation takes a JSON body (the `body` input) and whether it must be given. */
  body: { required: boolean } | null;
  /** Input schema: one property per parameter plus `body`; see the README for the shape. */
  inputSchema: JsonSchema;
  /** Status of the documented 2xx response, e.g. 200, 201 or 204. */
  successStatus: number;
  /** Schema of the 2xx JSON response, or null when it has no body (204). */
  outputSchema: JsonSchema | null;
  /** Example input (shaped like `inputSchema`) and 2xx response body, where the spec has them. */
  examples: { request?: Record<string, unknown>; response?: unknown };
  /** The SDK's resource method (`x-avala-sdk-method`), e.g. `datasets.list`. */
  sdkMethod: string;
  /** The official SDKs' names for the operation (`x-avala-official-sdk`), where they have one. */
  officialSdk: { typescript?: string; python?: string };
}

/** A tag of the spec (the toolset names of the MCP server and the command groups of the CLI). */
export interface CatalogTag {
  name: string;
  /** The name in kebab case (`Dataset Items` → `dataset-items`), for command lines. */
  slug: string;
  description: string;
}

/** The whole catalog. */
export interface Catalog {
  tags: CatalogTag[];
  operations: CatalogOperation[];
}

const JSON_TYPE = "application/json";
// Placeholder path values for request examples when the spec gives a parameter no example of its own.
const EXAMPLE_UUID = "00000000-0000-4000-8000-000000000000";

/** `listDatasets` → `list_datasets`, `getQCTools` → `get_qc_tools`. */
export function snakeCase(operationId: string): string {
  return operationId
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toLowerCase();
}

/** `Dataset Items` → `dataset-items`, `Auto-Label Jobs` → `auto-label-jobs`. */
export const slugOf = (tag: string): string =>
  tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

const mediaExample = (media: MediaType | undefined): unknown =>
  media?.example ?? Object.values(media?.examples ?? {})[0]?.value;

function placeholder(name: string, schema: JsonSchema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (schema.format === "uuid") return EXAMPLE_UUID;
  if (schema.type === "integer" || schema.type === "number")
    return (schema.minimum as number | undefined) ?? 1;
  return `example-${name.replaceAll("_", "-")}`;
}

function parametersOf(doc: OpenApiDocument, pathItemParams: unknown[], opParams: unknown[]): Parameter[] {
  const merged = new Map<string, Parameter>();
  for (const p of [...pathItemParams, ...opParams]) {
    const param = resolveRef<Parameter>(doc, p as Parameter);
    merged.set(`${param.in}:${param.name}`, param); // an operation's parameter overrides the path's
  }
  return [...merged.values()];
}

/** Checks and returns the operation's `x-avala-sdk-method`: dot-separated camelCase names. */
function sdkMethodOf(where: string, op: Operation): string {
  const name = op["x-avala-sdk-method"];
  if (typeof name !== "string" || !/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/.test(name)) {
    throw new Error(`${where}: x-avala-sdk-method must be a dotted camelCase name such as datasets.list`);
  }
  return name;
}

function buildOperation(
  doc: OpenApiDocument,
  meta: OperationMetadata,
  op: Operation,
  params: Parameter[],
): CatalogOperation {
  const where = `${meta.method} ${meta.path} (${meta.operationId})`;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const parameters: CatalogParameter[] = [];
  const exampleRequest: Record<string, unknown> = {};

  for (const param of params) {
    if (param.in !== "path" && param.in !== "query" && param.in !== "header") {
      throw new Error(`${where}: ${param.in} parameter ${param.name} is not supported`);
    }
    if (param.name === "body" || param.name in properties) {
      throw new Error(`${where}: parameter name ${param.name} collides with another input`);
    }
    const schema = inlineSchema(doc, param.schema ?? {}) as JsonSchema;
    // The parameter's own description says more than its (often shared) schema's; keep it first for readers.
    const property: JsonSchema = param.description
      ? { description: param.description, ...schema }
      : { ...schema };
    if (param.description) property.description = param.description;
    if (param.example !== undefined) property.examples = [param.example];
    properties[param.name] = property;
    const isRequired = param.in === "path" || param.required === true;
    if (isRequired) {
      required.push(param.name);
      exampleRequest[param.name] = placeholder(param.name, property);
    }
    parameters.push({ name: param.name, in: param.in, required: isRequired });
  }

  let body: CatalogOperation["body"] = null;
  let hasRequestExample = true;
  if (op.requestBody) {
    const requestBody = resolveRef<RequestBody>(doc, op.requestBody);
    const media = requestBody.content?.[JSON_TYPE];
    if (!media) throw new Error(`${where}: only ${JSON_TYPE} request bodies are supported`);
    const schema = inlineSchema(doc, media.schema ?? {}) as JsonSchema;
    properties.body = requestBody.description ? { description: requestBody.description, ...schema } : schema;
    body = { required: requestBody.required === true };
    if (body.required) required.push("body");
    const example = mediaExample(media);
    if (example !== undefined) exampleRequest.body = example;
    else if (body.required) hasRequestExample = false;
  }

  const success = Object.entries(op.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .sort(([a], [b]) => Number(a) - Number(b))[0];
  if (!success) throw new Error(`${where}: no 2xx response is documented`);
  const response = resolveRef<Response>(doc, success[1]);
  const responseMedia = response.content?.[JSON_TYPE];
  const responseExample = mediaExample(responseMedia);

  const examples: CatalogOperation["examples"] = {};
  if (hasRequestExample) examples.request = exampleRequest;
  if (responseExample !== undefined) examples.response = responseExample;

  return {
    ...meta,
    name: snakeCase(meta.operationId),
    tags: op.tags ?? [],
    summary: op.summary ?? meta.operationId,
    description: op.description ?? "",
    parameters,
    body,
    inputSchema: {
      type: "object",
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
    successStatus: Number(success[0]),
    outputSchema: responseMedia?.schema ? (inlineSchema(doc, responseMedia.schema) as JsonSchema) : null,
    examples,
    sdkMethod: sdkMethodOf(where, op),
    officialSdk: op["x-avala-official-sdk"] ?? {},
  };
}

/**
 * Builds the operation catalog: every operation of the spec with its traits (from {@link extractMetadata}),
 * tags, texts, a self-contained input schema and the 2xx response schema. Sorted by operationId.
 */
export function buildCatalog(doc: OpenApiDocument): Catalog {
  const metadata = new Map(extractMetadata(doc).operations.map((op) => [op.operationId, op]));
  const operations: CatalogOperation[] = [];
  const names = new Map<string, string>();
  const sdkMethods = new Map<string, string>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op?.operationId) continue;
      const params = parametersOf(doc, item.parameters ?? [], op.parameters ?? []);
      const entry = buildOperation(doc, metadata.get(op.operationId)!, op, params);
      const clash = names.get(entry.name);
      if (clash) throw new Error(`operationIds ${clash} and ${op.operationId} both become ${entry.name}`);
      if (!/^[a-z0-9_]{1,64}$/.test(entry.name)) {
        throw new Error(`${op.operationId}: tool name ${entry.name} is longer than 64 characters`);
      }
      names.set(entry.name, op.operationId);
      const twin = sdkMethods.get(entry.sdkMethod);
      if (twin) throw new Error(`${twin} and ${op.operationId} share x-avala-sdk-method ${entry.sdkMethod}`);
      sdkMethods.set(entry.sdkMethod, op.operationId);
      operations.push(entry);
    }
  }
  operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
  const used = new Set(operations.flatMap((op) => op.tags));
  const declared = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description ?? ""]));
  const tags = [...declared.keys(), ...[...used].filter((name) => !declared.has(name))]
    .filter((name) => used.has(name))
    .map((name) => ({ name, slug: slugOf(name), description: declared.get(name) ?? "" }));
  return { tags, operations };
}
