export {
  buildCatalog,
  type Catalog,
  type CatalogOperation,
  type CatalogParameter,
  type CatalogTag,
  type JsonSchema,
  slugOf,
  snakeCase,
} from "./catalog.ts";
export { openEnumUnion, renderOpenApiTypes } from "./openapi-types.ts";
export { extractMetadata, type OperationMetadata, type SpecMetadata } from "./operations.ts";
export { inlineSchema, resolvePointer, resolveRef } from "./refs.ts";
export { renderIndex, renderMetadata } from "./render.ts";
export { renderCatalog } from "./render-catalog.ts";
export { renderMigration } from "./render-migration.ts";
export { renderResources } from "./render-resources.ts";
export { type OpenApiDocument, readSpec } from "./spec.ts";
