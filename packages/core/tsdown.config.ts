import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Three entries: the client, the resource methods (`@avala/core/resources`) and the frames and calibration of
// sequences (`@avala/core/sequences`); bundles carry the last two only when they use them.
export default defineConfig({
  ...libraryConfig,
  entry: {
    index: "src/index.ts",
    resources: "src/resources/index.ts",
    sequences: "src/sequences/index.ts",
  },
});
