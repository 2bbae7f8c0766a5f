import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The smoke run spawns servers, workers and redis-server; one file, no parallel interference.
    fileParallelism: false,
    testTimeout: 60_000,
  },
});
