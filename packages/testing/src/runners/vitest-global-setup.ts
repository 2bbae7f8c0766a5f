// Loads vitest's types into the program, so the `declare module "vitest"` augmentation below has a target.
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startAvalaMock } from "../mock/start-avala-mock.js";
import { MOCK_URL_ENV } from "./mock-url.js";

declare module "vitest" {
  interface ProvidedContext {
    /** Base URL of the Avala mock started by `@avala/testing/vitest-global-setup` for this run. */
    avalaMockUrl: string;
  }
}

/**
 * Vitest `globalSetup`: starts one Avala mock (static examples, request validation on) for the whole run,
 * hands its URL to the tests as `inject("avalaMockUrl")` and as `process.env.AVALA_MOCK_URL` (which
 * `createTestClient()` reads), and stops it at teardown — or, through its supervisor, if the run is killed.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ["@avala/testing/vitest-global-setup"] } });
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startAvalaMock();
  project.provide("avalaMockUrl", mock.url);
  process.env[MOCK_URL_ENV] = mock.url;
  return () => mock.stop();
}
