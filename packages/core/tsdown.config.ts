import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Three entries: the client, the resource methods (`@avala/core/resources`), which only bundles that use
// them carry, and the webhook receiver (`@avala/core/webhooks`), which shares no module with the other two.
export default defineConfig({
  ...libraryConfig,
  entry: { index: "src/index.ts", resources: "src/resources/index.ts", webhooks: "src/webhooks/index.ts" },
});
