/**
 * Generates the two tables of the README from the server's own tool definitions: the `tools/list` sizes per
 * configuration and the list of tools. `pnpm readme` rewrites them; a test fails while they are stale.
 *
 * Token counts use the o200k_base encoding (gpt-tokenizer): other models' tokenizers differ by some percent,
 * so they are estimates for comparing configurations, not exact figures for any one client.
 */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { catalogTags } from "@avala/types/catalog";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import type { ServerOptions } from "../src/options.js";
import { listedTools } from "../src/server.js";
import { OFFICIAL_TOOLS } from "../src/tools/official-tools.js";
import { allTools } from "../src/tools/select-tools.js";

export const README = fileURLToPath(new URL("../README.md", import.meta.url));

const base: ServerOptions = {
  allowWrites: false,
  toolsets: null,
  tools: "default",
  allowFiles: false,
  filesDir: ".",
  http: null,
};

/** The configurations of the size table, with the most characters each may list (checked by a test). */
export const CONFIGS: [label: string, options: Partial<ServerOptions>, budget: number][] = [
  ["default (no flags)", {}, 25_000],
  ["default with writes (`--allow-writes`)", { allowWrites: true }, 25_000],
  ["one toolset (`--toolsets datasets`)", { toolsets: ["datasets"] }, 10_000],
  [
    "one toolset with writes (`--toolsets datasets --allow-writes`)",
    { toolsets: ["datasets"], allowWrites: true },
    20_000,
  ],
  ["one tool per operation (`--tools all`)", { tools: "all" }, 120_000],
  [
    "one tool per operation with writes (`--tools all --allow-writes --allow-files`)",
    { tools: "all", allowWrites: true, allowFiles: true },
    240_000,
  ],
  ["dynamic (`--tools dynamic`)", { tools: "dynamic" }, 3_000],
  ["the official server's tools (`--tools official`)", { tools: "official" }, 30_000],
  [
    "the official server's tools with writes (`--tools official --allow-writes`)",
    { tools: "official", allowWrites: true },
    50_000,
  ],
];

/** The `tools/list` result of `options` as JSON (what a client puts in the model's context). */
export const toolsListJson = (options: Partial<ServerOptions>): { tools: number; json: string } => {
  const tools = listedTools({ ...base, ...options }).map((entry) => entry.definition);
  return { tools: tools.length, json: JSON.stringify({ tools }) };
};

const num = (n: number) => n.toLocaleString("en-US");

/** The size table: the JSON of the `tools/list` result for each configuration. */
export function sizeTable(): string {
  const rows = CONFIGS.map(([label, options]) => {
    const { tools, json } = toolsListJson(options);
    return `| ${label} | ${tools} | ${num(json.length)} | ${num(countTokens(json))} |`;
  });
  return [
    "| Configuration | Tools | Characters | Tokens (est.) |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

const slugName = new Map(catalogTags.map((tag) => [tag.slug, tag.name]));

/** The tools table: every tool the server can offer, by toolset. */
export function toolsTable(): string {
  const rows = allTools(true)
    .map((entry) => {
      const d = entry.definition;
      const route =
        /\(((?:GET|POST|PUT|PATCH|DELETE|HEAD) \S+)\)$/.exec(d.description ?? "")?.[1] ?? "workflow";
      const toolset = entry.toolsets.join(", ");
      return {
        toolset,
        row: `| \`${d.name}\` | ${toolset} | ${entry.mutates ? "write" : "read"} | \`${route}\` | ${d.title ?? ""} |`,
      };
    })
    .sort((a, b) => a.toolset.localeCompare(b.toolset) || a.row.localeCompare(b.row))
    .map((r) => r.row);
  return [
    `${rows.length} tools in ${slugName.size} toolsets.`,
    "",
    "| Tool | Toolset | Access | Operation | Title |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** The official server's tools and what answers each here. */
export function officialTable(): string {
  const rows = OFFICIAL_TOOLS.map((tool) => {
    const renamed = Object.entries(tool.rename ?? {})
      .map(([from, to]) => `\`${from}\` → \`${to}\``)
      .join(", ");
    const here = tool.target === tool.name ? "same name" : `\`${tool.target}\``;
    return `| \`${tool.name}\` | ${tool.readOnly ? "read" : "write"} | ${here} | ${renamed} |`;
  });
  return [
    "| Official tool | Access | Tool here | Arguments renamed besides camelCase → snake_case |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function replaceBetween(text: string, marker: string, content: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

/** The README with both tables regenerated. */
export function renderReadme(text: string): string {
  const sized = replaceBetween(text, "tools-size", sizeTable());
  return replaceBetween(
    replaceBetween(sized, "tools-table", toolsTable()),
    "official-tools",
    officialTable(),
  );
}

/** Table rows without the column padding the formatter adds, for comparing generated and formatted text. */
export const unpadded = (text: string): string =>
  text
    .split("\n")
    .map((line) => (line.startsWith("|") ? line.replace(/ *\| */g, "|").replace(/-{3,}/g, "---") : line))
    .join("\n");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await readFile(README, "utf8");
  await writeFile(README, renderReadme(text));
  // The repository's formatter pads the table columns; run it so `pnpm lint` stays clean.
  execFileSync(
    fileURLToPath(new URL("../../../node_modules/.bin/biome", import.meta.url)),
    ["format", "--write", README],
    {
      stdio: "inherit",
    },
  );
  console.log(`updated ${README}`);
}
