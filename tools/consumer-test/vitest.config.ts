import { defineConfig } from "vitest/config";

// The consumer test installs the packed packages and three Node binaries once (beforeAll); on a cold cache that
// is network-bound, so hooks get minutes. Each check inside spawns Node, npx, tsc or vite.
export default defineConfig({
  test: { testTimeout: 180_000, hookTimeout: 20 * 60_000 },
});
