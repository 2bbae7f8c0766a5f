import { startAvalaMock } from "../mock/start-avala-mock.js";
import { MOCK_URL_ENV } from "./mock-url.js";
import { setRunningMock } from "./running-mock.js";

/**
 * Jest `globalSetup`: starts one Avala mock for the whole run and sets `process.env.AVALA_MOCK_URL` (Jest's
 * workers inherit it; `createTestClient()` reads it). Pair it with `@avala/testing/jest-global-teardown`.
 *
 * @example
 * // jest.config.js
 * module.exports = {
 *   globalSetup: "@avala/testing/jest-global-setup",
 *   globalTeardown: "@avala/testing/jest-global-teardown",
 * };
 */
export default async function globalSetup(): Promise<void> {
  const mock = await startAvalaMock();
  setRunningMock(mock);
  process.env[MOCK_URL_ENV] = mock.url;
}
