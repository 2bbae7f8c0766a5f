import type { AvalaClient } from "@avala/core";
import type { CatalogOperation } from "@avala/types/catalog";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { ServerOptions } from "../options.js";

/** A progress update of a long tool call, sent as `notifications/progress` when the client asked for them. */
export interface ProgressUpdate {
  /** Increases with every update. */
  progress: number;
  total?: number;
  message?: string;
}

/** What a tool's handler gets besides its (already validated) arguments. */
export interface ToolContext {
  client: AvalaClient;
  options: ServerOptions;
  /** Aborted when the client cancels the call or disconnects. */
  signal: AbortSignal;
  /** Reports progress; a no-op when the client sent no progress token. */
  progress: (update: ProgressUpdate) => Promise<void>;
}

/** One MCP tool: what `tools/list` shows, and what `tools/call` runs. */
export interface ToolEntry {
  definition: Tool;
  /** Whether the tool changes data (registered only with writes allowed). */
  mutates: boolean;
  /** Tag slugs the tool belongs to (for `--toolsets`). */
  toolsets: readonly string[];
  /**
   * For a tool answering under another name (an official server's tool): the tool that does the work. Calls are
   * translated to its arguments and validated against its schema.
   */
  aliasOf?: ToolEntry;
  /** Not listed in the default configuration (reached with search_operations or a direct call). */
  secondary?: boolean;
  /** The operation the tool calls, for one tool per operation; absent for workflow and meta-tools. */
  operation?: CatalogOperation;
  run(args: Record<string, unknown>, context: ToolContext): Promise<CallToolResult>;
}
