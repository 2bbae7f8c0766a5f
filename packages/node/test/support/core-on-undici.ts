// Stands in for `packages/core/src/index.ts` when core's suites run on the undici transport (see
// vitest.core-suites.config.mts): the same exports, with clients that send through undici's dispatcher.
import {
  type BaseClientOptions,
  type ClientOptions,
  createBaseClient as createCoreBaseClient,
  createClient as createCoreClient,
} from "../../../core/src/index.js";
import { createDispatcher } from "../../src/dispatcher.js";
import { createUndiciTransport } from "../../src/transport/undici-transport.js";

export * from "../../../core/src/index.js";

/** The options on the undici transport unless the test brings its own fetch or transport (or invalid options). */
function onUndici<Options extends ClientOptions | BaseClientOptions>(options: Options): Options {
  if (
    typeof options !== "object" ||
    options === null ||
    options.fetch !== undefined ||
    options.transport !== undefined
  ) {
    return options;
  }
  return { ...options, transport: createUndiciTransport(createDispatcher()) };
}

/** Core's `createClient`, on the undici transport unless the test brings its own fetch or transport. */
export const createClient = (options: ClientOptions) => createCoreClient(onUndici(options));

/** Core's `createBaseClient`, likewise. */
export const createBaseClient = (options: BaseClientOptions) => createCoreBaseClient(onUndici(options));
