export { extractMetadata, type OperationMetadata, type SpecMetadata } from "./operations.ts";
export { renderMetadata } from "./render.ts";
export { type OpenApiDocument, readSpec } from "./spec.ts";
