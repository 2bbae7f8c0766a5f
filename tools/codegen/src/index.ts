export { openEnumUnion, renderOpenApiTypes } from "./openapi-types.ts";
export { extractMetadata, type OperationMetadata, type SpecMetadata } from "./operations.ts";
export { renderIndex, renderMetadata } from "./render.ts";
export { type OpenApiDocument, readSpec } from "./spec.ts";
