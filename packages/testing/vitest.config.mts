import { defineConfig } from "vitest/config";

// The package's own global setup, from its sources: every test file gets the mock through it.
export default defineConfig({
  test: {
    globalSetup: ["./src/runners/vitest-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for an event, not a deadline: a loaded machine must not turn a slow event into a failure.
    expect: { poll: { timeout: 20_000 } },
  },
});
