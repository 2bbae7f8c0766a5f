import { configDefaults, defineConfig } from "vitest/config";

// The checks compile real declaration files (React, Node, the workspace packages) and start Node processes.
// .snippets/ holds the README blocks the check writes out to run them, not tests of this package.
export default defineConfig({
  test: { testTimeout: 180_000, exclude: [...configDefaults.exclude, ".snippets/**"] },
});
