import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Everything in this package is generated: the entry module too (tools/codegen writes src/generated/index.ts).
export default defineConfig({ ...libraryConfig, entry: ["src/generated/index.ts"] });
