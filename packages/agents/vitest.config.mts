import { defineConfig } from "vitest/config";

// No Prism mock: the tests run agents against a local server that speaks the agent endpoints and keeps state.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for an event, not a deadline: a loaded machine must not turn a slow event into a failure.
    expect: { poll: { timeout: 20_000 } },
  },
});
