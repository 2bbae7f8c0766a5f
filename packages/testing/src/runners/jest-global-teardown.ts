import { MOCK_URL_ENV } from "./mock-url.js";
import { takeRunningMock } from "./running-mock.js";

/** Jest `globalTeardown`: stops the mock that `@avala/testing/jest-global-setup` started. */
export default async function globalTeardown(): Promise<void> {
  await takeRunningMock()?.stop();
  delete process.env[MOCK_URL_ENV];
}
