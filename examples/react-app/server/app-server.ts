import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { type ApiStack, PROXY_BASE_PATH, startApiStack } from "./api-stack.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** The built app and the API proxy on one origin. */
export interface AppServer extends ApiStack {
  /** `http://127.0.0.1:<port>/` */
  url: string;
}

/**
 * Serves the built app (`vite build` output in `staticDir`) and mounts the proxy at `/api/avala` on the same
 * origin, so the browser calls only its own origin and never holds a key.
 */
export async function startAppServer(options: { staticDir: string; port?: number }): Promise<AppServer> {
  const stack = await startApiStack();
  const root = normalize(options.staticDir);
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === PROXY_BASE_PATH || path.startsWith(`${PROXY_BASE_PATH}/`)) {
      stack.listener(req, res);
      return;
    }
    const file = normalize(join(root, decodeURIComponent(path === "/" ? "/index.html" : path)));
    const inside = file.startsWith(root + sep);
    (inside ? readFile(file) : Promise.reject(new Error("outside")))
      .catch(() => readFile(join(root, "index.html"))) // single-page app fallback
      .then((body) => {
        const type = TYPES[extname(inside ? file : "index.html")] ?? "application/octet-stream";
        res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(404).end();
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
