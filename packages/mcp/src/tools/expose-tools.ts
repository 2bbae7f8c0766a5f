import type { ServerOptions } from "../options.js";
import { DEFAULT_OPERATIONS, DEFAULT_WRITE_OPERATIONS } from "./default-tools.js";
import { dynamicTools } from "./dynamic-tools.js";
import { OFFICIAL_TOOLS, officialEntry } from "./official-tools.js";
import { selectTools } from "./select-tools.js";
import type { ToolEntry } from "./tool-entry.js";
import type { ArgumentValidator } from "./validate-arguments.js";

/** What a server shows and answers for a set of options. */
export interface Exposure {
  /** What `tools/list` returns, in order. */
  listed: ToolEntry[];
  /**
   * Every tool `tools/call` answers, by name: the listed ones, every other enabled operation (found with
   * `search_operations`), so a model that learnt a name elsewhere can call it directly, and the official
   * server's names whose tool is enabled (its prompts and allow-lists keep working).
   */
  callable: Map<string, ToolEntry>;
}

const isOperation = (entry: ToolEntry): boolean => entry.operation !== undefined;

/** The tools a server with `options` lists and answers. */
export function exposeTools(options: ServerOptions, validator: ArgumentValidator): Exposure {
  const enabled = selectTools(options);
  const enabledByName = new Map(enabled.map((entry) => [entry.definition.name, entry]));
  const official = OFFICIAL_TOOLS.flatMap((tool) => {
    const target = enabledByName.get(tool.target);
    return target && (options.allowWrites || tool.readOnly) ? [officialEntry(tool, target)] : [];
  });
  let listed: ToolEntry[];
  if (options.tools === "official") {
    listed = official;
  } else if (options.tools === "all" || (options.tools === "default" && options.toolsets !== null)) {
    listed = enabled;
  } else {
    const trio = dynamicTools(enabled, validator, options.allowWrites);
    if (options.tools === "dynamic") listed = trio;
    else {
      const chosen = new Set([...DEFAULT_OPERATIONS, ...DEFAULT_WRITE_OPERATIONS]);
      const direct = enabled.filter((entry) =>
        isOperation(entry) ? chosen.has(entry.definition.name) : !entry.secondary,
      );
      listed = [...direct, ...trio];
    }
  }
  const callable = new Map<string, ToolEntry>();
  for (const entry of official) callable.set(entry.definition.name, entry);
  for (const entry of options.tools === "official" ? listed : [...enabled, ...listed]) {
    callable.set(entry.definition.name, entry);
  }
  return { listed, callable };
}
