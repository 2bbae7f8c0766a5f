import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared.ts";

// Two entry points: the client (`@avala/node`) and the Redis limiter store (`@avala/node/redis`), so that
// importing the client loads no Redis code and needs no ioredis.
export default defineConfig({
  ...libraryConfig,
  entry: { index: "src/index.ts", redis: "src/redis/index.ts" },
  platform: "node",
  clean: false,
});
