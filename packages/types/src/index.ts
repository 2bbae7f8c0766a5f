// The public surface of @avala/types: everything here is generated from spec/avala.openapi.yaml.

export {
  type ConcurrencyClass,
  type ConcurrencyLimit,
  concurrencyLimits,
  type HttpMethod,
  type OperationId,
  type OperationMetadata,
  operations,
  type PaginatedPath,
  type RateLimitName,
  type RateLimitRule,
  rateLimits,
} from "./generated/metadata.js";
export type * from "./generated/openapi.js";
