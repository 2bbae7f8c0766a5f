import type { ServerOptions } from "../options.js";
import { operationTools } from "./operation-tools.js";
import type { ToolEntry } from "./tool-entry.js";
import { workflowTools } from "./workflow-tools.js";

/** Every tool the server knows: one per operation, then the workflow tools (download only with files allowed). */
export const allTools = (allowFiles: boolean): ToolEntry[] => [
  ...operationTools(),
  ...workflowTools(allowFiles),
];

/** The tools the options enable: read-only ones unless writes are allowed, of the chosen toolsets only. */
export function selectTools(
  options: Pick<ServerOptions, "allowWrites" | "toolsets" | "allowFiles">,
): ToolEntry[] {
  const { toolsets } = options;
  return allTools(options.allowFiles).filter(
    (entry) =>
      (options.allowWrites || !entry.mutates) &&
      (toolsets === null || entry.toolsets.some((slug) => toolsets.includes(slug))),
  );
}
