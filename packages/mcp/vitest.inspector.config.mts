import { defineConfig } from "vitest/config";

/**
 * The MCP Inspector check (`pnpm --filter @avala/mcp check:inspector`): kept out of `pnpm test` because it
 * downloads a Node 22 runtime and the Inspector from npm; the default tests stay hermetic.
 */
export default defineConfig({
  test: {
    include: ["test/inspector.check.ts"],
    globalSetup: ["@avala/testing/vitest-global-setup"],
    testTimeout: 180_000,
    hookTimeout: 15 * 60_000,
  },
});
