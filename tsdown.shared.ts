import type { UserConfig } from "tsdown";

/**
 * Build settings shared by every published package: ESM + CJS with type declarations, as .mjs/.cjs
 * (`fixedExtension`) because the packages have no "type" field — their CJS build must keep openapi-fetch's
 * `exports.default` interop working.
 */
export const libraryConfig: UserConfig = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  fixedExtension: true,
  platform: "neutral",
  sourcemap: false,
  clean: true,
};
