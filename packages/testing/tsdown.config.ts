import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

export default defineConfig({
  ...libraryConfig,
  platform: "node",
  // One file per public entry. `msw` (browser-safe: no Node built-ins, no Prism) must share no chunk with the
  // Node entries, which it does not, because it imports none of their modules.
  entry: {
    index: "src/index.ts",
    msw: "src/msw/index.ts",
    "vitest-global-setup": "src/runners/vitest-global-setup.ts",
    "jest-global-setup": "src/runners/jest-global-setup.ts",
    "jest-global-teardown": "src/runners/jest-global-teardown.ts",
  },
  // get-port (picks Prism's port) is ESM-only; bundled, so the CJS build and Jest's module loader need no
  // require() of ESM.
  noExternal: ["get-port"],
  // `import.meta.url` locates the bundled spec and the supervisor; the CJS build needs it shimmed.
  shims: true,
  // The spec the mock serves is the one this package (and the @avala/types it depends on) was built from.
  copy: [{ from: "../../spec/avala.openapi.yaml" }, { from: "src/mock/supervisor.mjs" }],
});
