import { defineConfig } from "vitest/config";

// The package's own global setup, from its sources: every test file gets the mock through it.
export default defineConfig({
  test: {
    globalSetup: ["./src/runners/vitest-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
