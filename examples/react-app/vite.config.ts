import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * Mounts the API side of the example in Vite's dev server: the `@avala/node` proxy handler at `/api/avala`, in
 * front of Prism (validating proxy) in front of the fake API. The browser only ever calls its own origin.
 */
function avalaProxy(): Plugin {
  return {
    name: "avala-proxy",
    apply: "serve",
    async configureServer(server) {
      // Loaded through Vite so the TypeScript server code (and the proxy source fallback) is transpiled.
      const { startApiStack, publicOriginFromEnv, PROXY_BASE_PATH } = (await server.ssrLoadModule(
        "/server/api-stack.ts",
      )) as typeof import("./server/api-stack.js");
      const stack = await startApiStack(publicOriginFromEnv());
      server.middlewares.use(PROXY_BASE_PATH, stack.listener);
      server.httpServer?.once("close", () => void stack.stop());
      server.config.logger.info(
        `  Avala proxy at ${PROXY_BASE_PATH} → Prism ${stack.prism.url} → fake API ${stack.fake.url}`,
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), avalaProxy()],
  server: { host: "127.0.0.1" },
});
