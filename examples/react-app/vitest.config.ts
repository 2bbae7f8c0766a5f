import { defineConfig } from "vitest/config";

// The end-to-end tests build the app, start their own stack (fake API, Prism, proxy, static server) and drive
// real headless Chromium; no globalSetup mock is needed. The files run one after the other: each builds the app
// and runs a browser, and together they would only compete for the CPU.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
