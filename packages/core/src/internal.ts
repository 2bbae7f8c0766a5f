/**
 * `@avala/core/internal`: what the other Avala packages (`@avala/node`, `@avala/react`, the CLI and MCP server)
 * share with core beyond its public API. Not public: anything here may change or go in any release, without a
 * changeset entry of its own. Applications import from `@avala/core` only.
 *
 * @packageDocumentation
 */
export type { NotOnePath } from "./call-types.js";
export { API_KEY_HEADER, redact } from "./redact.js";
export { serverRequestedDelayMs } from "./retry/retry-after.js";
export { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry/retry-policy.js";
export { type ApiRoot, parseBaseUrl } from "./transport/base-url.js";
export { NULL_BODY_STATUS } from "./transport/openapi-fetch-bridge.js";
export { sleep } from "./transport/sleep.js";
