import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";
import { type ApiStack, PROXY_BASE_PATH, startApiStack } from "./api-stack.js";

/** The built app and the API proxy on one origin. */
export interface AppServer extends ApiStack {
  /** `http://127.0.0.1:<port>/` */
  url: string;
}

/**
 * Serves the built app (`vite build` output in `staticDir`) and mounts the proxy at `/api/avala` on the same
 * origin, so the browser calls only its own origin and never holds a key. Static files are served by sirv
 * (content types, ETags, no path traversal); `single` answers unknown routes without a file extension with
 * index.html, so client-side routes load, while a missing asset is a 404 rather than HTML with a 200.
 */
export async function startAppServer(options: { staticDir: string; port?: number }): Promise<AppServer> {
  const stack = await startApiStack();
  const assets = sirv(options.staticDir, { single: true, dev: false, etag: true });
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === PROXY_BASE_PATH || path.startsWith(`${PROXY_BASE_PATH}/`)) {
      stack.listener(req, res);
      return;
    }
    assets(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...stack,
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stack.stop();
    },
  };
}
