import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // @avala/testing's global setup, by path: @avala/testing depends on this package, so this package cannot
    // depend on it; turbo.json here builds it before the tests and the type check.
    globalSetup: ["../testing/dist/vitest-global-setup.mjs"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for an event, not a deadline: a loaded machine must not turn a slow event into a failure.
    expect: { poll: { timeout: 20_000 } },
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
