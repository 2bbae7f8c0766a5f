// A user's Vitest config: one line starts the Avala mock for the whole run.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@avala/testing/vitest-global-setup"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
