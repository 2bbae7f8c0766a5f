import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  fixedExtension: true,
  platform: "neutral",
  sourcemap: false,
  clean: true,
});
