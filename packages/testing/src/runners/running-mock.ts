import type { AvalaMock } from "../mock/start-avala-mock.js";

// Jest runs globalSetup and globalTeardown in the same process but loads them as separate modules (and may load
// the ESM or the CJS build of each), so the running mock is kept on globalThis under a registered symbol.
const KEY = Symbol.for("@avala/testing.jest-mock");
type Holder = { [KEY]?: AvalaMock };

export function setRunningMock(mock: AvalaMock): void {
  (globalThis as Holder)[KEY] = mock;
}

export function takeRunningMock(): AvalaMock | undefined {
  const mock = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return mock;
}
