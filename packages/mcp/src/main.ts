import { AvalaError, ConfigurationError } from "@avala/core";
import { createClient } from "@avala/node";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { startHttpServer } from "./http-server.js";
import { parseServerOptions, USAGE, wantsHelp } from "./options.js";
import { buildServer, listedTools } from "./server.js";

/**
 * Runs `avala-mcp`: reads options and the environment, creates the API client (AVALA_API_KEY and
 * AVALA_BASE_URL, proxy variables, default limiter, retries and timeouts of @avala/node), then serves stdio or
 * Streamable HTTP. Logs go to stderr: stdout belongs to the protocol. Resolves with an exit code on a
 * configuration error; otherwise runs until the transport closes.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const args = argv.slice(2);
  if (wantsHelp(args)) {
    console.error(USAGE);
    return 0;
  }
  let options: ReturnType<typeof parseServerOptions>;
  let client: ReturnType<typeof createClient>;
  try {
    options = parseServerOptions(args);
    client = createClient();
  } catch (error) {
    if (error instanceof ConfigurationError && error.option === "apiKey") {
      console.error(
        "avala-mcp: set AVALA_API_KEY in the environment the server starts with (the `env` of your client's " +
          "server entry). Keys are created in Mission Control → Settings → Security.",
      );
      return 2;
    }
    console.error(`avala-mcp: ${error instanceof AvalaError ? error.message : String(error)}`);
    return 2;
  }
  const count = listedTools(options).length;
  const mode = `${count} tools${options.tools === "dynamic" ? " (dynamic)" : ""}, ${options.allowWrites ? "writes allowed" : "read-only"}${options.allowFiles ? ", files allowed" : ""}`;
  if (options.http) {
    const { server, url } = await startHttpServer(() => buildServer(client, options), options.http);
    console.error(`avala-mcp: ${mode}; listening on ${url}`);
    return new Promise<number>((resolve) => {
      const stop = () => {
        server.closeAllConnections();
        server.close(() => resolve(0));
      };
      process.once("SIGINT", stop).once("SIGTERM", stop);
    });
  }
  const server = buildServer(client, options);
  const closed = new Promise<number>((resolve) => {
    server.onclose = () => resolve(0);
  });
  await server.connect(new StdioServerTransport());
  console.error(`avala-mcp: ${mode}; serving stdio`);
  // The host ends the session by closing our stdin (or with a signal); the transport does not notice EOF itself.
  const stop = () => void server.close();
  process.stdin.once("end", stop);
  process.once("SIGINT", stop).once("SIGTERM", stop);
  return closed;
}
