import { parse as parseYaml } from "yaml";
import { FetchSpecError } from "./errors.ts";

/** A parsed OpenAPI document; only `openapi` is known to be there. */
export type OpenApiDocument = Record<string, unknown> & { openapi: string };

/** OpenAPI versions the generator (openapi-typescript 7) and the lint rules support. */
const SUPPORTED_VERSION = /^3\.[01]\.\d+$/;

/**
 * Parses fetched bytes (YAML or JSON) and checks that they are an OpenAPI 3.0/3.1 document. `from` names the
 * source in error messages.
 */
export function parseOpenApi(bytes: Buffer, from: string, contentType?: string): OpenApiDocument {
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  if (looksLikeHtml(text, contentType)) {
    throw new FetchSpecError(
      "NOT_OPENAPI",
      `${from} is an HTML page, not an OpenAPI document: point at the raw YAML or JSON file, not its web page.`,
    );
  }
  const doc = parseText(text, from);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new FetchSpecError(
      "NOT_OPENAPI",
      `${from} is not an OpenAPI document (its top level is not a mapping): check the source.`,
    );
  }
  const record = doc as Record<string, unknown>;
  if ("swagger" in record) {
    throw new FetchSpecError(
      "UNSUPPORTED_VERSION",
      `${from} is a Swagger ${String(record.swagger)} document: convert it to OpenAPI 3.1 first (e.g. with swagger2openapi), then fetch the result.`,
    );
  }
  if (typeof record.openapi !== "string") {
    throw new FetchSpecError(
      "NOT_OPENAPI",
      `${from} is not an OpenAPI document (no "openapi" version field): check that the source is the API description.`,
    );
  }
  if (!SUPPORTED_VERSION.test(record.openapi)) {
    throw new FetchSpecError(
      "UNSUPPORTED_VERSION",
      `${from} is OpenAPI ${record.openapi}; only 3.0.x and 3.1.x are supported: fetch a 3.1 description.`,
    );
  }
  return record as OpenApiDocument;
}

function parseText(text: string, from: string): unknown {
  const trimmed = text.trimStart();
  try {
    // JSON first when it looks like JSON: its error messages are clearer than YAML's for JSON input.
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) return JSON.parse(text);
    // uniqueKeys (the default) makes duplicate keys an error instead of a silent overwrite.
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    const detail = ((error as Error).message ?? String(error)).split("\n")[0];
    throw new FetchSpecError(
      "PARSE",
      `${from} is neither valid YAML nor JSON (${detail}): check that the source is the raw description.`,
      { cause: error },
    );
  }
}

function looksLikeHtml(text: string, contentType?: string): boolean {
  if (contentType && /text\/html|application\/xhtml/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text);
}
