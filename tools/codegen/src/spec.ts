import { readFile } from "node:fs/promises";
import { parse } from "yaml";

/** The parts of an OpenAPI 3.1 document the generators read. */
export interface OpenApiDocument {
  openapi: string;
  security?: SecurityRequirement[];
  tags?: Array<{ name: string; description?: string }>;
  paths?: Record<string, PathItem>;
  components?: {
    parameters?: Record<string, Parameter>;
    schemas?: Record<string, unknown>;
    requestBodies?: Record<string, RequestBody>;
    responses?: Record<string, Response>;
  };
  "x-avala-rate-limits"?: Record<string, RateLimitRule>;
  "x-avala-concurrency-limits"?: Record<string, ConcurrencyLimit>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface PathItem {
  parameters?: Array<Parameter | Reference>;
  [method: string]: unknown;
}

export interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Array<Parameter | Reference>;
  requestBody?: RequestBody | Reference;
  responses?: Record<string, Response | Reference>;
  security?: SecurityRequirement[];
  "x-avala-pagination"?: string;
  "x-avala-rate-limit"?: string;
  "x-avala-concurrency"?: string;
  /** The resource method of this operation in the SDK, e.g. `datasets.list` or `fleet.devices.register`. */
  "x-avala-sdk-method"?: string;
  /** The names the official SDKs give this operation, where they have it. */
  "x-avala-official-sdk"?: { typescript?: string; python?: string };
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: unknown;
  example?: unknown;
}

/** A media type entry of a request body or response (`content["application/json"]`). */
export interface MediaType {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

export interface RequestBody {
  required?: boolean;
  description?: string;
  content?: Record<string, MediaType>;
}

export interface Response {
  description?: string;
  content?: Record<string, MediaType>;
}

export interface Reference {
  $ref: string;
}

/** A sliding-window rate-limit rule declared once at the top level of the spec. */
export interface RateLimitRule {
  requests: number;
  windowSeconds: number;
  /** `all`: counts every request; `class`: counts only operations that name this rule. */
  scope: "all" | "class";
}

/** A cap on concurrent operations of one class. */
export interface ConcurrencyLimit {
  maxConcurrent: number;
}

/** Reads and parses the YAML (or JSON) OpenAPI document at `file`. */
export async function readSpec(file: string): Promise<OpenApiDocument> {
  const doc = parse(await readFile(file, "utf8")) as OpenApiDocument;
  if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string") {
    throw new Error(`${file} is not an OpenAPI document (no "openapi" version field).`);
  }
  return doc;
}
