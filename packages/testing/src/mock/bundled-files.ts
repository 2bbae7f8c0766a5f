import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The build copies the spec and the supervisor next to the bundled modules (tsdown.config.ts `copy`), so both
// are found relative to this module in dist/, whichever format (ESM or CJS) loaded it.
const besideModule = new URL("./avala.openapi.yaml", import.meta.url);

/**
 * Absolute path of the Avala OpenAPI description bundled in this package: the same spec `@avala/types` of the
 * same release was generated from (for your own tools: linters, other mock servers, schema checks).
 */
export const bundledSpecPath: string = existsSync(besideModule)
  ? fileURLToPath(besideModule)
  : // Only when this package's own tests run its sources (src/mock/): the repository's spec, which dist/ copies.
    fileURLToPath(new URL("../../../../spec/avala.openapi.yaml", import.meta.url));

/** The script that runs Prism and stops it when its owner goes away (see supervisor.mjs). */
export const supervisorPath: string = fileURLToPath(new URL("./supervisor.mjs", import.meta.url));
