import { defineConfig } from "vitest/config";

// Tests run in Node by default (the SSR test needs a DOM-free environment); component tests opt into happy-dom
// with a `// @vitest-environment happy-dom` comment at the top of the file.
export default defineConfig({
  test: {
    globalSetup: ["@avala/testing/vitest-global-setup"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for an event, not a deadline: a loaded machine must not turn a slow event into a failure.
    expect: { poll: { timeout: 20_000 } },
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
