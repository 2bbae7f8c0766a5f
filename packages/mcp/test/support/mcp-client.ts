/**
 * Starts the BUILT `avala-mcp` bin as a child process and connects the SDK's own `Client` to it over stdio,
 * as an MCP host (Claude Desktop, an IDE) would.
 */
import { fileURLToPath } from "node:url";
import { createClient } from "@avala/node";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach } from "vitest";
import { createAvalaMcpServer, parseServerOptions } from "../../src/index.js";

/** Path of the package's bin (it runs dist/, so the package must be built). */
export const BIN = fileURLToPath(new URL("../../bin/avala-mcp.mjs", import.meta.url));

/** The API key the tests give the server; it must never show up in a result, a notification or a log line. */
export const TEST_API_KEY = "avk_test_9c1e5b7a3d2f4e60";

/** A connected client and what the server printed on stderr. */
export interface Connected {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

/** Spawns `avala-mcp <args>` against `baseUrl` with the test key plus `env`, and connects a client. */
export async function connect(
  baseUrl: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...args],
    env: { PATH: process.env.PATH ?? "", AVALA_API_KEY: TEST_API_KEY, AVALA_BASE_URL: baseUrl, ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name: "avala-mcp-test", version: "0.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** Connects for one test and closes (stopping the child) after it. */
export function useServers(): typeof connect {
  let open: Connected[] = [];
  afterEach(async () => {
    await Promise.all(open.map((c) => c.close()));
    open = [];
  });
  return async (...params) => {
    const connected = await connect(...params);
    open.push(connected);
    return connected;
  };
}

/** The text of a tool result's first content block. */
export const textOf = (result: unknown): string =>
  ((result as CallToolResult).content[0] as { type: "text"; text: string }).text;

/**
 * The server in process over an in-memory transport, on a client whose API is unreachable (for what needs no
 * HTTP: tools/list, search, describe, argument checks). Clients are closed after each test.
 */
export function useInProcessServers(): (args: string[]) => Promise<Client> {
  let open: Client[] = [];
  afterEach(async () => {
    await Promise.all(open.map((c) => c.close()));
    open = [];
  });
  return async (args) => {
    const avala = createClient({ apiKey: "avk_in_process_0000000000", baseUrl: "http://127.0.0.1:9/api/v1" });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createAvalaMcpServer(avala, parseServerOptions(args, {})).connect(serverSide);
    const client = new Client({ name: "in-process-test", version: "0.0.0" });
    await client.connect(clientSide);
    open.push(client);
    return client;
  };
}
