import type { AvalaClient } from "@avala/core";
import type { ServerOptions } from "./options.js";
import { buildServer } from "./server.js";

/**
 * The server {@link createAvalaMcpServer} returns. Typed here rather than as the SDK's `Server` so that this
 * package's declarations do not pull in the SDK's, which fail a strict consumer's type check (`skipLibCheck:
 * false` without the DOM lib); at run time it is the SDK's `Server`.
 */
export interface AvalaMcpServer {
  /** Connects to an MCP transport of `@modelcontextprotocol/sdk`, e.g. `new StdioServerTransport()`. */
  connect(transport: object): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/**
 * Creates the MCP server (not yet connected to a transport): `tools/list` shows the tools the options enable,
 * `tools/call` validates the arguments against the tool's input schema and calls the API through `client`.
 */
export function createAvalaMcpServer(client: AvalaClient, options: ServerOptions): AvalaMcpServer {
  return buildServer(client, options) as AvalaMcpServer;
}
