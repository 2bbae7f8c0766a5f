import { defineConfig } from "vitest/config";

// Two projects: `samples` (pnpm test: every operation has its samples, the TypeScript ones type-check, one of
// each kind runs against the mock) and `site` (pnpm test:e2e: the built site in headless Chromium). Both read
// the built site in dist/, which turbo builds first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "samples",
          include: ["test/samples.test.ts", "test/docs-server.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "site",
          include: ["test/**/*.e2e.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // expect.poll waits for an event, not a deadline: a loaded machine must not turn it into a failure.
          expect: { poll: { timeout: 20_000 } },
        },
      },
    ],
  },
});
