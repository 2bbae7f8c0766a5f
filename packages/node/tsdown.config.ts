import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

export default defineConfig([
  { ...libraryConfig, platform: "node", clean: false },
  // The CLI is built on its own (ESM only, run by bin/avala.mjs): sharing chunks with the library made the CJS
  // build require itself in a cycle.
  {
    ...libraryConfig,
    entry: ["src/cli/main.ts"],
    outDir: "dist/cli",
    format: ["esm"],
    dts: false,
    clean: false,
    platform: "node",
  },
]);
