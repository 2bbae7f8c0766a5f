/**
 * `@avala/testing/msw`: MSW handlers generated from the Avala spec. Browser-safe: this entry imports no Node
 * built-in and nothing of Prism, so a browser bundle of a test never pulls them in.
 *
 * @packageDocumentation
 */

export {
  type AvalaHandlerOptions,
  type AvalaPathParams,
  type AvalaRequestBody,
  type AvalaResponseBody,
  type AvalaSuccessBody,
  avalaHandler,
} from "./avala-handler.js";
export { type AvalaHandlersOptions, avalaExample, createAvalaHandlers } from "./create-avala-handlers.js";
export { DEFAULT_API_ROOT } from "./handler-url.js";
export type { SpecOperationExample } from "./spec-operation.js";
