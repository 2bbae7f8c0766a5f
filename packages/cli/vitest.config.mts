import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@avala/testing/vitest-global-setup"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for an event, not a deadline: a loaded machine must not turn a slow event into a failure.
    expect: { poll: { timeout: 20_000 } },
  },
});
