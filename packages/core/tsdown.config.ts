import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Two entries: the client, and the resource methods (`@avala/core/resources`), which only bundles that use
// them carry.
export default defineConfig({
  ...libraryConfig,
  entry: { index: "src/index.ts", resources: "src/resources/index.ts" },
});
