import { defineConfig } from "vitest/config";

// No Prism mock: the tests run agents against a local server that speaks the agent endpoints and keeps state.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
