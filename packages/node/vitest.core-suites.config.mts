import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// @avala/core's own suites (contract tests against Prism, fault-server tests of retries, timeouts, redirects,
// limiter, pagination, security), run a second time here with every client on @avala/node's undici transport:
// core's entry point and its transport-under-test helper resolve to the stand-ins in test/support.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^\.\.\/src\/index\.js$/, replacement: here("./test/support/core-on-undici.ts") },
      {
        find: /^\.\/support\/transport-under-test\.js$/,
        replacement: here("./test/support/undici-transport-under-test.ts"),
      },
    ],
  },
  test: {
    name: "core suites on undici",
    dir: here("../core/test"),
    include: ["**/*.test.ts"],
    globalSetup: ["../testing/dist/vitest-global-setup.mjs"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
