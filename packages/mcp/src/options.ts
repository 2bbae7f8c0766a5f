import { parseArgs } from "node:util";
import { ConfigurationError } from "@avala/core";
import { catalogTags } from "@avala/types/catalog";

/** How the server is configured (from the command line and environment by {@link parseServerOptions}). */
export interface ServerOptions {
  /** Register tools that change data (POST, PUT, PATCH, DELETE). Default false: read-only. */
  allowWrites: boolean;
  /** Tag slugs (`datasets`, `exports`, …) whose operations become tools; null for all. */
  toolsets: readonly string[] | null;
  /**
   * `default`: the most used read tools, the workflow tools and the three meta-tools that search, describe and
   * invoke every other enabled operation (a small `tools/list`); with `toolsets`, every tool of those toolsets.
   * `all`: one tool per operation. `dynamic`: the three meta-tools only. `official`: the tools of Avala's
   * official MCP server, by its names and with its argument names.
   */
  tools: ToolsMode;
  /** Let tools write files (export downloads), inside {@link filesDir}. Default false. */
  allowFiles: boolean;
  /** Directory downloads go to (and must stay in). Default: the working directory. */
  filesDir: string;
  /** Serve Streamable HTTP instead of stdio. */
  http: { host: string; port: number; allowedOrigins: readonly string[] } | null;
}

/** The values of `--tools`; see {@link ServerOptions.tools}. */
export const TOOLS_MODES = ["default", "all", "dynamic", "official"] as const;

/** One of {@link TOOLS_MODES}. */
export type ToolsMode = (typeof TOOLS_MODES)[number];

/** Environment variables the server reads besides `@avala/node`'s `AVALA_API_KEY` and `AVALA_BASE_URL`. */
export const MCP_ENV = {
  allowWrites: "AVALA_MCP_ALLOW_WRITES",
  /** The official Avala MCP server's switch, accepted so its users can move over without edits. */
  enableMutations: "AVALA_MCP_ENABLE_MUTATIONS",
  toolsets: "AVALA_MCP_TOOLSETS",
} as const;

/** The `--help` text. */
export const USAGE = `usage: avala-mcp [options]

Serves the Avala API as Model Context Protocol tools (stdio by default). The API key is read from the
AVALA_API_KEY environment variable only; AVALA_BASE_URL overrides the API root.

  --allow-writes           register tools that change data (also AVALA_MCP_ALLOW_WRITES=1 or
                           AVALA_MCP_ENABLE_MUTATIONS=true); default: read-only tools only
  --toolsets a,b           one tool per operation of these tags (also AVALA_MCP_TOOLSETS), e.g. datasets,exports
  --tools <mode>           default: the most used read tools, the workflow tools, and search_operations,
                             describe_operation and invoke_operation, which reach every other operation
                           all: one tool per operation (a large tools/list)
                           dynamic: the three meta-tools only
                           official: the official Avala MCP server's tools, by its names and arguments
  --allow-files            let download_export write files, inside --files-dir (default: working directory)
  --files-dir <dir>        where downloads go
  --http                   serve Streamable HTTP on /mcp instead of stdio
  --host <host>            HTTP interface (default 127.0.0.1)
  --port <port>            HTTP port (default 3333)
  --allowed-origins a,b    browser origins allowed to call the HTTP server besides http://localhost:<port>
  --version, -V            print the version
  --help, -h               show this text`;

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["", "0", "false", "no", "off"]);

function envFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new ConfigurationError(
    name,
    `${name} must be 1/true/yes/on or 0/false/no/off; got ${JSON.stringify(raw)}.`,
  );
}

const list = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");

/**
 * Reads the server options from command-line arguments (without `node` and the script) and the environment.
 * Unknown flags, unknown toolsets and malformed values throw `ConfigurationError` naming what was wrong.
 */
export function parseServerOptions(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ServerOptions {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    // Node's parser adds advice about positionals, which this command takes none of: keep the first sentence.
    const problem = (error as Error).message.split(". To specify a positional")[0];
    throw new ConfigurationError("argv", `${problem}. Run avala-mcp --help for the options.`);
  }
  const allowWrites =
    values["allow-writes"] === true ||
    envFlag(env, MCP_ENV.allowWrites) ||
    envFlag(env, MCP_ENV.enableMutations);

  const requested = list(values.toolsets ?? env[MCP_ENV.toolsets]);
  const known = catalogTags.map((tag) => tag.slug);
  const unknown = requested.filter((slug) => !known.includes(slug));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      "toolsets",
      `Unknown toolset ${unknown.map((s) => JSON.stringify(s)).join(", ")}. Toolsets: ${known.join(", ")}.`,
    );
  }

  const tools = (values.tools ?? "default") as ToolsMode;
  if (!TOOLS_MODES.includes(tools)) {
    throw new ConfigurationError(
      "tools",
      `--tools must be one of ${TOOLS_MODES.map((m) => `"${m}"`).join(", ")}; got ${JSON.stringify(tools)}.`,
    );
  }

  let http: ServerOptions["http"] = null;
  if (values.http) {
    const port = Number(values.port ?? "3333");
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new ConfigurationError("port", `--port must be an integer from 0 to 65535; got ${values.port}.`);
    }
    http = { host: values.host ?? "127.0.0.1", port, allowedOrigins: list(values["allowed-origins"]) };
  } else if (
    values.host !== undefined ||
    values.port !== undefined ||
    values["allowed-origins"] !== undefined
  ) {
    throw new ConfigurationError("http", "--host, --port and --allowed-origins need --http.");
  }

  return {
    allowWrites,
    toolsets: requested.length > 0 ? requested : null,
    tools,
    allowFiles: values["allow-files"] === true,
    filesDir: values["files-dir"] ?? process.cwd(),
    http,
  };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      "allow-writes": { type: "boolean" },
      toolsets: { type: "string" },
      tools: { type: "string" },
      "allow-files": { type: "boolean" },
      "files-dir": { type: "string" },
      http: { type: "boolean" },
      host: { type: "string" },
      port: { type: "string" },
      "allowed-origins": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "V" },
    },
  });
}

/** Whether `--help` was asked for. */
export const wantsHelp = (args: readonly string[]): boolean => args.includes("--help") || args.includes("-h");

/** Whether `--version` was asked for. */
export const wantsVersion = (args: readonly string[]): boolean =>
  args.includes("--version") || args.includes("-V");

/** Host names and addresses of the loopback interface: a server bound to one is reachable from this machine only. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** Whether `host` is a loopback interface (any 127.x.y.z address counts). */
export const isLoopbackHost = (host: string): boolean =>
  LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
