import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Entries: the client, the resource methods (`@avala/core/resources`) and the frames and calibration of
// sequences (`@avala/core/sequences`), which bundles carry only when they use them; the webhook receiver
// (`@avala/core/webhooks`), which shares no module with the others; and `@avala/core/internal`, what the sibling
// packages share with core beyond its public API (not public). A new entry is one line here and one subpath in
// package.json's `exports` (which also gives it an API report).
export default defineConfig({
  ...libraryConfig,
  entry: {
    index: "src/index.ts",
    resources: "src/resources/index.ts",
    sequences: "src/sequences/index.ts",
    webhooks: "src/webhooks/index.ts",
    internal: "src/internal.ts",
  },
});
