import { defineConfig } from "vitest/config";

// The end-to-end test builds the app, starts its own stack (fake API, Prism, proxy, static server) and drives
// real headless Chromium; no globalSetup mock is needed.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 180_000 },
});
