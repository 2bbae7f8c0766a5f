import { defineConfig } from "vitest/config";

// The consumer test installs the packed packages and three Node binaries once (beforeAll); on a cold cache that
// is network-bound, so hooks get minutes. Each check inside spawns Node, npx, tsc or vite.
// Only test/: the *.test.mjs files under testing-fixtures/ are a user's suite, run inside the scratch project.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 20 * 60_000 },
});
