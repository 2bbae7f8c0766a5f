import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// ESM only: the package is a command (bin/avala.mjs imports dist/main.mjs); `run` is exported for embedding.
// dist/program.mjs (every command, loaded by main only when a command is named) is an entry of its own so the
// build can read the top-level commands from it (scripts/write-command-list.mjs).
export default defineConfig({
  ...libraryConfig,
  entry: ["src/main.ts", "src/program.ts"],
  format: ["esm"],
  platform: "node",
});
