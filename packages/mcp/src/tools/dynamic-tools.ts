import type { ToolEntry } from "./tool-entry.js";
import { dataResult, errorText } from "./tool-result.js";
import type { ArgumentValidator } from "./validate-arguments.js";

const NAME = {
  type: "string",
  description: "Operation name as returned by search_operations, e.g. list_datasets.",
};

function matches(entry: ToolEntry, words: string[], toolset: string | undefined): boolean {
  if (toolset && !entry.toolsets.includes(toolset)) return false;
  const { name, title, description } = entry.definition;
  const text = `${name} ${title ?? ""} ${description ?? ""} ${entry.toolsets.join(" ")}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/**
 * The three meta-tools of `--tools dynamic`: search the enabled operations, describe one (its input schema),
 * invoke one. For clients with a small tool budget: `tools/list` stays a few hundred tokens whatever the API's
 * size, and the model loads only the schemas it needs. Invocations are validated against the operation's own
 * schema, exactly as a direct tool call is.
 */
export function dynamicTools(
  enabled: readonly ToolEntry[],
  validator: ArgumentValidator,
  allowWrites: boolean,
): ToolEntry[] {
  const byName = new Map(enabled.map((entry) => [entry.definition.name, entry]));
  const unknown = (name: unknown) =>
    errorText(
      `/name: no enabled operation is called ${JSON.stringify(name)}; use search_operations to find one.`,
    );

  const search: ToolEntry = {
    mutates: false,
    toolsets: [],
    definition: {
      name: "search_operations",
      title: "Search Avala API operations",
      description:
        `Finds any of the ${enabled.length} enabled Avala API operations, including those without a tool of their ` +
        "own, by words in their name and description (all words must match), optionally within one toolset " +
        "(e.g. datasets, fleet-devices). Returns names for describe_operation and invoke_operation.",
      inputSchema: {
        type: "object",
        properties: {
          query: {
            type: "string",
            description: "Words to look for, e.g. 'list dataset items'. Empty lists all.",
          },
          toolset: { type: "string", description: "Only operations of this toolset (tag), e.g. datasets." },
          limit: { type: "integer", minimum: 1, maximum: 200, default: 25 },
        },
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
    },
    async run(args) {
      const words = String(args.query ?? "")
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== "");
      const found = enabled.filter((entry) => matches(entry, words, args.toolset as string | undefined));
      const limit = (args.limit as number | undefined) ?? 25;
      return dataResult(
        {
          total: found.length,
          operations: found.slice(0, limit).map((entry) => ({
            name: entry.definition.name,
            title: entry.definition.title ?? entry.definition.name,
            toolsets: entry.toolsets,
            read_only: !entry.mutates,
          })),
        },
        false,
      );
    },
  };

  const describe: ToolEntry = {
    mutates: false,
    toolsets: [],
    definition: {
      name: "describe_operation",
      title: "Describe an Avala API operation",
      description:
        "Returns an operation's description, input JSON Schema (the arguments of invoke_operation) and output schema.",
      inputSchema: {
        type: "object",
        properties: { name: NAME },
        required: ["name"],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
    },
    async run(args) {
      const entry = byName.get(args.name as string);
      if (!entry) return unknown(args.name);
      return dataResult(entry.definition, false);
    },
  };

  const invoke: ToolEntry = {
    mutates: false,
    toolsets: [],
    definition: {
      name: "invoke_operation",
      title: "Invoke an Avala API operation",
      description:
        "Calls an operation with arguments matching its input schema (see describe_operation) and returns its result.",
      inputSchema: {
        type: "object",
        properties: {
          name: NAME,
          arguments: { type: "object", description: "Arguments of the operation.", default: {} },
        },
        required: ["name"],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: !allowWrites, destructiveHint: allowWrites, idempotentHint: false },
    },
    async run(args, context) {
      const entry = byName.get(args.name as string);
      if (!entry) return unknown(args.name);
      const inner = (args.arguments as Record<string, unknown> | undefined) ?? {};
      validator.check(entry.definition.name, entry.definition.inputSchema, inner);
      return entry.run(inner, context);
    },
  };

  return [search, describe, invoke];
}
