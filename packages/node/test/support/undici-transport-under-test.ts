// Stands in for core's `test/support/transport-under-test.ts` when core's suites run on the undici transport.
import type { HttpTransport } from "../../../core/src/index.js";
import { createDispatcher } from "../../src/dispatcher.js";
import { createUndiciTransport } from "../../src/transport/undici-transport.js";

/** The transport core's suites build themselves: @avala/node's undici transport. */
export function transportUnderTest(): HttpTransport {
  return createUndiciTransport(createDispatcher());
}

/** This module's URL, for a child process that must build the same transport (`transportUnderTest`). */
export const TRANSPORT_MODULE: string = import.meta.url;
