import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Four entries: the client, the resource methods (`@avala/core/resources`) and the frames and calibration of
// sequences (`@avala/core/sequences`), which bundles carry only when they use them, and the webhook receiver
// (`@avala/core/webhooks`), which shares no module with the others.
export default defineConfig({
  ...libraryConfig,
  entry: {
    index: "src/index.ts",
    resources: "src/resources/index.ts",
    sequences: "src/sequences/index.ts",
    webhooks: "src/webhooks/index.ts",
  },
});
