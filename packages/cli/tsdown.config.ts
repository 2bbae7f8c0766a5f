import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// ESM only: the package is a command (bin/avala.mjs imports dist/main.mjs); `run` is exported for embedding.
export default defineConfig({ ...libraryConfig, entry: ["src/main.ts"], format: ["esm"], platform: "node" });
