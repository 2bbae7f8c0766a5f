import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

export default defineConfig([
  {
    ...libraryConfig,
    platform: "node",
    clean: false, // the build script empties dist/ once, before both builds
    entry: {
      index: "src/index.ts",
      "vitest-global-setup": "src/runners/vitest-global-setup.ts",
      "jest-global-setup": "src/runners/jest-global-setup.ts",
      "jest-global-teardown": "src/runners/jest-global-teardown.ts",
    },
    // get-port (picks Prism's port) is ESM-only; bundled, so the CJS build and Jest's module loader need no
    // require() of ESM.
    deps: { alwaysBundle: ["get-port"] },
    // `import.meta.url` locates the bundled spec and the supervisor; the CJS build needs it shimmed.
    shims: true,
    // The spec the mock serves is the one this package (and the @avala/types it depends on) was built from.
    copy: [{ from: "../../spec/avala.openapi.yaml" }, { from: "src/mock/supervisor.mjs" }],
  },
  // `@avala/testing/msw` is built on its own, so it can never share a chunk (and with it Node built-ins or
  // Prism's launcher) with the Node entries: browser bundles of tests get MSW handlers and nothing else.
  {
    ...libraryConfig,
    platform: "neutral",
    clean: false,
    entry: { msw: "src/msw/index.ts" },
  },
]);
