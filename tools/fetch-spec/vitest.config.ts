import { defineConfig } from "vitest/config";

// Each fetch spawns the Redocly CLI on the 0.5 MB spec; give slow CI machines room.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
