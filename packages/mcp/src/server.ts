import type { AvalaClient } from "@avala/core";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { ServerOptions } from "./options.js";
import { getPrompt, promptList } from "./prompts.js";
import { operationResources, RESOURCE_TEMPLATES, readResource } from "./resources.js";
import { exposeTools } from "./tools/expose-tools.js";
import { OFFICIAL_BY_NAME, translateArguments } from "./tools/official-tools.js";
import { allTools, selectTools } from "./tools/select-tools.js";
import type { ProgressUpdate, ToolEntry } from "./tools/tool-entry.js";
import { errorResult, errorText } from "./tools/tool-result.js";
import { ArgumentValidator, InvalidArgumentsError } from "./tools/validate-arguments.js";
import { packageVersion as version } from "./version.js";

/** What the server tells the client about itself; the meta-tools are mentioned only where they are listed. */
function instructions(listed: readonly ToolEntry[]): string {
  const meta = listed.some((entry) => entry.definition.name === "search_operations")
    ? "Operations without a tool of their own are found with search_operations and called with invoke_operation. "
    : "";
  return (
    "Tools of the Avala API (datasets, projects, tasks, exports, quality control, fleet). " +
    meta +
    "List tools take cursor/limit and return next_cursor; max_items walks pages in one call. Errors come back " +
    "as tool results with the API's status and message."
  );
}

/** The tools the server will list for `options` (what `tools/list` returns, in order). */
export function listedTools(options: ServerOptions): ToolEntry[] {
  return exposeTools(options, new ArgumentValidator()).listed;
}

/**
 * Creates the MCP server as the SDK's `Server` (see `createAvalaMcpServer` for the public, SDK-free signature):
 * `tools/list` shows the tools the options enable, `tools/call` validates the arguments against the tool's input
 * schema and calls the API through `client`.
 */
export function buildServer(client: AvalaClient, options: ServerOptions): Server {
  const validator = new ArgumentValidator();
  const { listed: exposed, callable: byName } = exposeTools(options, validator);
  const known = new Set(allTools(true).map((entry) => entry.definition.name));

  const server = new Server(
    { name: "avala", title: "Avala API", version },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: instructions(exposed) },
  );
  const enabled = selectTools(options);
  const enabledByName = new Map(enabled.map((entry) => [entry.definition.name, entry]));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: operationResources(enabled),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: RESOURCE_TEMPLATES,
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
    readResource(request.params.uri, enabledByName, client, extra.signal),
  );
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: promptList() }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) =>
    getPrompt(request.params.name, request.params.arguments),
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: exposed.map((entry) => entry.definition),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const entry = byName.get(name);
    if (!entry) return errorText(whyNotEnabled(name, known, options));
    const args = request.params.arguments ?? {};
    const token = request.params._meta?.progressToken;
    const progress = async (update: ProgressUpdate) => {
      if (token === undefined) return;
      await extra
        .sendNotification({ method: "notifications/progress", params: { progressToken: token, ...update } })
        .catch(() => undefined); // a client that went away must not fail the call
    };
    try {
      // An official tool name: its arguments (camelCase, body fields flat) become the target tool's.
      const target = entry.aliasOf ?? entry;
      const official = OFFICIAL_BY_NAME.get(name);
      const input = official ? translateArguments(official, target, args) : args;
      validator.check(target.definition.name, target.definition.inputSchema, input);
      return await target.run(input, { client, options, signal: extra.signal, progress });
    } catch (error) {
      return error instanceof InvalidArgumentsError ? errorText(error.message) : errorResult(error);
    }
  });
  return server;
}

function whyNotEnabled(name: string, known: Set<string>, options: ServerOptions): string {
  const official = OFFICIAL_BY_NAME.get(name);
  if (official && !official.readOnly && !options.allowWrites) {
    return `${name} changes data and is not enabled: the server is read-only. Restart it with --allow-writes (or AVALA_MCP_ENABLE_MUTATIONS=true) to use it.`;
  }
  if (official && !known.has(name)) {
    return `${name} (${official.target} here) is not in the enabled toolsets (${options.toolsets?.join(", ")}).`;
  }
  if (!known.has(name))
    return `Unknown tool ${JSON.stringify(name)}. Call tools/list for the available tools.`;
  const entry = allTools(true).find((e) => e.definition.name === name)!;
  if (entry.mutates && !options.allowWrites) {
    return `${name} changes data and is not enabled: the server is read-only. Restart it with --allow-writes (or AVALA_MCP_ALLOW_WRITES=1) to use it.`;
  }
  if (name === "download_export" && !options.allowFiles) {
    return "download_export writes files and is not enabled. Restart the server with --allow-files to use it.";
  }
  return `${name} is not in the enabled toolsets (${options.toolsets?.join(", ")}).`;
}
