import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

export default defineConfig({ ...libraryConfig, platform: "node" });
