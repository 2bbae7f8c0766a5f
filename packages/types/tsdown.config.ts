import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Everything in this package is generated: the entry modules too (tools/codegen writes src/generated/index.ts).
// The catalog is a separate entry (`@avala/types/catalog`) so the main entry, and browser bundles, never carry it.
export default defineConfig({
  ...libraryConfig,
  entry: ["src/generated/index.ts", "src/generated/catalog.ts"],
});
