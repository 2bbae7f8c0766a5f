// Stands in for `packages/core/src/index.ts` when core's suites run on the undici transport (see
// vitest.core-suites.config.mts): the same exports, with clients that send through undici's dispatcher.
import { type ClientOptions, createClient as createCoreClient } from "../../../core/src/index.js";
import { createDispatcher } from "../../src/dispatcher.js";
import { createUndiciTransport } from "../../src/transport/undici-transport.js";

export * from "../../../core/src/index.js";

/** Core's `createClient`, on the undici transport unless the test brings its own fetch or transport. */
export function createClient(options: ClientOptions) {
  if (
    typeof options !== "object" ||
    options === null ||
    options.fetch !== undefined ||
    options.transport !== undefined
  ) {
    return createCoreClient(options);
  }
  return createCoreClient({ ...options, transport: createUndiciTransport(createDispatcher()) });
}
