/**
 * Figures quoted in READMEs come from RESULTS.md by generation, never by hand. A README marks a block:
 *
 *     <!-- bench-figures: 6 type-check -->
 *     …generated table…
 *     <!-- /bench-figures -->
 *
 * and the block holds the rows of RESULTS.md whose benchmark title is the one named (optionally only those whose
 * measure contains a text: `<!-- bench-figures: 2 round trip | (Node 20) -->`). `pnpm --filter
 * @avala-tools/bench readme-figures` rewrites every block; `test/readme-figures.test.ts` fails while one is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS = fileURLToPath(new URL("../RESULTS.md", import.meta.url));

/** The READMEs that quote benchmark figures (paths from the repository root). */
export const READMES = ["packages/core/README.md", "bench/README.md", "docs/README.md"] as const;

/** One row of the results table of RESULTS.md, cells by column name. */
export type ResultRow = Record<string, string>;

/** The rows of the first markdown table in `markdown` (RESULTS.md's results table), keyed by header. */
export function parseResults(markdown: string): ResultRow[] {
  const lines = markdown.split("\n").filter((line) => line.startsWith("|"));
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replaceAll("\\|", "|"));
  const [header, , ...body] = lines;
  if (!header) throw new Error("RESULTS.md has no results table");
  const names = cells(header);
  return body.map((line) => Object.fromEntries(cells(line).map((cell, i) => [names[i]!, cell])));
}

const BLOCK = /<!-- bench-figures: ([^|>]+?)(?: \| ([^>]+?))? -->\n[\s\S]*?<!-- \/bench-figures -->/g;

/** The table a block shows: measure, figure, spread, target and detail of the selected rows. */
function table(rows: readonly ResultRow[], title: string, filter: string | undefined): string {
  const selected = rows.filter((r) => r.benchmark === title && (!filter || r.measure?.includes(filter)));
  if (selected.length === 0)
    throw new Error(`RESULTS.md has no rows for "${title}"${filter ? ` | ${filter}` : ""}`);
  const columns = Object.keys(selected[0]!).filter((name) => name !== "benchmark");
  const all = [columns, ...selected.map((r) => columns.map((c) => (r[c] ?? "").replaceAll("|", "\\|")))];
  const widths = columns.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
  return [line(all[0]!), line(widths.map((w) => "-".repeat(w))), ...all.slice(1).map(line)].join("\n");
}

/** `readme` with every figures block regenerated from `rows`. */
export function renderFigures(readme: string, rows: readonly ResultRow[]): string {
  return readme.replace(BLOCK, (_, title: string, filter: string | undefined) => {
    const head = `<!-- bench-figures: ${title}${filter ? ` | ${filter}` : ""} -->`;
    return `${head}\n${table(rows, title, filter)}\n<!-- /bench-figures -->`;
  });
}

/** Each README's text now and as regenerated from RESULTS.md. */
export function figuresOfReadmes(): Array<{ path: string; current: string; generated: string }> {
  const rows = parseResults(readFileSync(RESULTS, "utf8"));
  return READMES.map((path) => {
    const current = readFileSync(`${ROOT}${path}`, "utf8");
    return { path, current, generated: renderFigures(current, rows) };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { path, current, generated } of figuresOfReadmes()) {
    if (generated !== current) {
      writeFileSync(`${ROOT}${path}`, generated);
      console.log(`updated ${path}`);
    }
  }
}
