import {
  createServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isLoopbackHost, LOOPBACK_HOSTS } from "./options.js";

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  host: string;
  port: number;
  /** Browser origins allowed besides the server's own loopback origins. */
  allowedOrigins: readonly string[];
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/**
 * The DNS-rebinding defence: a web page that rebinds its own name to 127.0.0.1 reaches this server with its
 * own name in `Host` and its own origin in `Origin`. On a loopback interface only loopback host names are
 * accepted, and a request carrying an `Origin` must come from the server's loopback origins or an origin
 * given with `--allowed-origins`. (The SDK's own host/origin options are deprecated in favour of doing this
 * in front of the transport.)
 */
function checkRequest(
  req: IncomingMessage,
  host: string,
  port: number,
  allowed: readonly string[],
): string | null {
  const hostHeader = req.headers.host ?? "";
  const hostname = hostHeader.replace(/:\d+$/, "");
  if (isLoopbackHost(host) && !LOOPBACK_HOSTS.has(hostname)) return `Invalid Host header: ${hostHeader}`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const own = [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
    if (!own.includes(origin) && !allowed.includes(origin)) return `Origin ${origin} is not allowed`;
  }
  return null;
}

/**
 * Why the server could not listen, in one line that says what to do; `undefined` for an error that is not about
 * the address (to be reported as it is).
 */
export function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const where = `${host.includes(":") ? `[${host}]` : host}:${port}`;
  switch (code) {
    case "EADDRINUSE":
      return `${where} is already in use (another avala-mcp?); stop that server or choose another port with --port (--port 0 picks a free one).`;
    case "EACCES":
      return `not allowed to listen on ${where}; ports below 1024 need privileges: choose another port with --port.`;
    case "EADDRNOTAVAIL":
      return `${host} is not an address of this machine; choose another interface with --host (default 127.0.0.1).`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host name ${host} could not be resolved (${code}); check --host (default 127.0.0.1).`;
    default:
      return undefined;
  }
}

/**
 * Serves MCP over Streamable HTTP at `/mcp`, stateless: every POST gets a fresh server from `create` and its
 * own transport, so no session state is kept between requests. Resolves once listening.
 */
export async function startHttpServer(
  create: () => Server,
  options: HttpServerOptions,
): Promise<{ server: HttpServer; url: string }> {
  let port = options.port;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/mcp") return refuse(res, 404, "Not found: the MCP endpoint is /mcp");
    const problem = checkRequest(req, options.host, port, options.allowedOrigins);
    if (problem) return refuse(res, 403, problem);
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return refuse(res, 405, "Method not allowed: this server is stateless, send JSON-RPC with POST");
    }
    const mcp = create();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void mcp.close();
    });
    mcp
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch(() => {
        if (!res.headersSent) refuse(res, 500, "Internal server error");
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  port = (server.address() as AddressInfo).port;
  const shown = options.host.includes(":") ? `[${options.host}]` : options.host;
  return { server, url: `http://${shown}:${port}/mcp` };
}
