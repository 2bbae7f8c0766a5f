import { AvalaError, ConfigurationError } from "@avala/core";
import { createClient } from "@avala/node";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { listenProblem, startHttpServer } from "./http-server.js";
import { isLoopbackHost, parseServerOptions, USAGE, wantsHelp, wantsVersion } from "./options.js";
import { buildServer, listedTools } from "./server.js";
import { packageVersion } from "./version.js";

/**
 * Runs `avala-mcp`: reads options and the environment, creates the API client (AVALA_API_KEY and
 * AVALA_BASE_URL, proxy variables, default limiter, retries and timeouts of @avala/node), then serves stdio or
 * Streamable HTTP. Logs go to stderr: stdout belongs to the protocol. Resolves with an exit code on a
 * configuration error; otherwise runs until the transport closes.
 */
export async function run(argv: readonly string[]): Promise<number> {
  const args = argv.slice(2);
  // Asked for, so they go to stdout (a pipe to `less` or `grep` works); everything else goes to stderr.
  if (wantsHelp(args)) {
    console.log(USAGE);
    return 0;
  }
  if (wantsVersion(args)) {
    console.log(packageVersion);
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
  const mode = `${count} tools (${options.tools}), ${options.allowWrites ? "writes allowed" : "read-only"}${options.allowFiles ? ", files allowed" : ""}`;
  if (options.http) {
    const { host, port } = options.http;
    if (!isLoopbackHost(host)) {
      console.error(
        `avala-mcp: warning: --host ${host} is not a loopback interface: anyone who can reach this port calls the ` +
          "API with your key (the server has no client authentication). Use 127.0.0.1, or put an authenticating proxy in front.",
      );
    }
    let started: Awaited<ReturnType<typeof startHttpServer>>;
    try {
      started = await startHttpServer(() => buildServer(client, options), options.http);
    } catch (error) {
      const problem = listenProblem(error, host, port);
      console.error(
        `avala-mcp: ${problem ?? `cannot listen on ${host}:${port}: ${(error as Error).message}`}`,
      );
      return 1;
    }
    const { server, url } = started;
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
