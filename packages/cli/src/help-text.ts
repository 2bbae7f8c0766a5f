// `avala --help`, `avala -h` and `avala` alone print the root help from a layout written at build time
// (dist/help.json), without loading commander: loading and compiling it is most of the start-up time of a help
// request. The layout is commander's own (terms, descriptions, headings, as `Help` computes them for the whole
// program); this module only lays it out the way commander's `Help.formatHelp` does for a root command with no
// arguments and no colours (pad the terms, wrap the descriptions at the terminal's width). The start-up tests
// compare its output with the whole program's for every width, so a commander upgrade that changes the layout
// fails there.

/** The root help of `avala` as commander computes it: written by the build, laid out by {@link renderHelp}. */
export interface HelpLayout {
  usage: string;
  description: string;
  /** Width of the widest term, over every section. */
  termWidth: number;
  sections: { heading: string; items: [term: string, description: string][] }[];
}

/** Below this width commander leaves text unwrapped. */
const MIN_WIDTH_TO_WRAP = 40;

/** Wraps `text` at whitespace to `width` columns, keeping its own line breaks. */
function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const lines: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/\s*\S+/g);
    if (!chunks) {
      lines.push("");
      continue;
    }
    let current = chunks[0]!;
    for (const chunk of chunks.slice(1)) {
      if (current.length + chunk.length <= width) {
        current += chunk;
      } else {
        lines.push(current);
        current = chunk.trimStart();
      }
    }
    lines.push(current);
  }
  return lines.join("\n");
}

/** One term and its description, the description wrapped beside the padded term. */
function formatItem(term: string, termWidth: number, description: string, helpWidth: number): string {
  if (!description) return `  ${term}`;
  const remaining = helpWidth - termWidth - 4;
  const preformatted = /\n[^\S\r\n]/.test(description);
  const text =
    remaining < MIN_WIDTH_TO_WRAP || preformatted
      ? description
      : boxWrap(description, remaining).replace(/\n/g, `\n${" ".repeat(termWidth + 2)}`);
  return `  ${term.padEnd(termWidth)}  ${text.replace(/\n/g, "\n  ")}`;
}

/** The help text for a terminal `helpWidth` columns wide (80 when not a terminal), as commander prints it. */
export function renderHelp(layout: HelpLayout, helpWidth = 80): string {
  const output = [`Usage: ${layout.usage}`, ""];
  if (layout.description) output.push(boxWrap(layout.description, helpWidth), "");
  for (const { heading, items } of layout.sections) {
    if (items.length === 0) continue;
    output.push(heading, ...items.map(([t, d]) => formatItem(t, layout.termWidth, d, helpWidth)), "");
  }
  return output.join("\n");
}
