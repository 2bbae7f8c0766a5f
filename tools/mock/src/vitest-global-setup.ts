import type { TestProject } from "vitest/node";
import { startMock } from "./start-mock.js";

declare module "vitest" {
  interface ProvidedContext {
    /** Base URL of the Prism mock of the Avala API started for this test run. */
    mockUrl: string;
  }
}

/**
 * Vitest `globalSetup`: starts one Prism mock for the whole run, provides its URL as `inject("mockUrl")`,
 * and stops it at teardown (and, through its supervisor, if the run is killed).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mock = await startMock();
  project.provide("mockUrl", mock.url);
  return () => mock.stop();
}
