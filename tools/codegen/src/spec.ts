import { readFile } from "node:fs/promises";
import { parse } from "yaml";

/** The parts of an OpenAPI 3.1 document the metadata generator reads. */
export interface OpenApiDocument {
  openapi: string;
  security?: SecurityRequirement[];
  paths?: Record<string, PathItem>;
  components?: { parameters?: Record<string, Parameter> };
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
  parameters?: Array<Parameter | Reference>;
  security?: SecurityRequirement[];
  "x-avala-pagination"?: string;
  "x-avala-rate-limit"?: string;
  "x-avala-concurrency"?: string;
}

export interface Parameter {
  name: string;
  in: string;
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
