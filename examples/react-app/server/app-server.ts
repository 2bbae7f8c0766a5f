import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";
import { type ApiStack, PROXY_BASE_PATH, type PublicOriginOptions, startApiStack } from "./api-stack.js";

/** The built app and the API proxy on one origin. */
export interface AppServer extends ApiStack {
  /** `http://127.0.0.1:<port>/` */
  url: string;
}

/** Options of {@link startAppServer}. */
export interface AppServerOptions extends PublicOriginOptions {
  /** The `vite build` output. */
  staticDir: string;
  /** Default 0: a free port. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
}

/**
 * Serves the built app (`vite build` output in `staticDir`) and mounts the proxy at `/api/avala` on the same
 * origin, so the browser calls only its own origin and never holds a key. Static files are served by sirv
 * (content types, ETags, no path traversal); `single` answers unknown routes without a file extension with
 * index.html, so client-side routes load, while a missing asset is a 404 rather than HTML with a 200. Behind a
 * TLS-terminating reverse proxy, pass `publicOrigin` or `trustForwardedHeaders` (see the README's deployment).
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { publicOrigin, trustForwardedHeaders } = options;
  const stack = await startApiStack({
    ...(publicOrigin === undefined ? {} : { publicOrigin }),
    ...(trustForwardedHeaders === undefined ? {} : { trustForwardedHeaders }),
  });
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
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...stack,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stack.stop();
    },
  };
}
