import type { HttpTransport } from "../../src/index.js";
import { createFetchTransport } from "../../src/transport/fetch-transport.js";

/**
 * The wire transport core's suites run on when a test builds one itself: fetch here. @avala/node runs the same
 * suite files on its undici transport by resolving this module (and `createClient`) to its own (see its
 * `vitest.core-suites.config.mts`), so every behaviour is checked on both.
 */
export function transportUnderTest(): HttpTransport {
  return createFetchTransport(globalThis.fetch.bind(globalThis));
}

/** This module's URL, for a child process that must build the same transport (`transportUnderTest`). */
export const TRANSPORT_MODULE: string = import.meta.url;
