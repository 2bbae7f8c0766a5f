/** A TypeScript code block of a README. */
export interface CodeBlock {
  /** The README, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: "ts" | "tsx";
  /**
   * Words after the language in the info string: `fragment` (part of a larger program: checked inside the
   * context given by a `<!-- readme-check: … -->` comment just before the fence), `run` (also executed as a
   * script against the mock), `vitest` (also run as a Vitest test file) and `vitest-config` (the configuration
   * the README's `vitest` blocks run with).
   */
  flags: ReadonlySet<string>;
  /** The block's code, as shown. */
  code: string;
  /** Code the block is checked after (from the comment before a `fragment`), invisible in the rendered README. */
  context: string;
  /** 1-based line of that comment, for errors in it. */
  contextLine: number;
}

const FENCE = /^```(\w+)([^\n`]*)$/;
const CONTEXT = /^<!--\s*readme-check:([\s\S]*?)-->\s*$/;
const LANGS: Record<string, CodeBlock["lang"]> = { ts: "ts", typescript: "ts", tsx: "tsx" };
/** The flags a block may carry; any other word is a mistake in the README. */
export const FLAGS: ReadonlySet<string> = new Set(["fragment", "run", "vitest", "vitest-config"]);

/**
 * The TypeScript blocks (```ts, ```typescript, ```tsx) of a markdown file, with their flags and, for fragments,
 * the context comment before them. Throws on an unknown flag, a fragment without context, or a context comment
 * that is not followed by a fragment.
 */
export function extractBlocks(markdown: string, file: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  let context: { text: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const contextStart = i;
    if (lines[i]!.startsWith("<!-- readme-check:")) {
      let text = lines[i]!;
      while (!text.includes("-->") && i + 1 < lines.length) text += `\n${lines[++i]}`;
      const match = CONTEXT.exec(text);
      if (!match) throw new Error(`${file}:${contextStart + 1}: a readme-check comment must end with -->.`);
      context = { text: match[1]!.trim(), line: contextStart + 1 };
      continue;
    }
    const fence = FENCE.exec(lines[i]!);
    if (!fence) {
      if (context && lines[i]!.trim() !== "") {
        throw new Error(
          `${file}:${context.line}: a readme-check comment must come just before a \`ts fragment\` block.`,
        );
      }
      continue;
    }
    const start = i;
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith("```")) i++;
    const code = lines.slice(start + 1, i + 1).join("\n");
    i++; // the closing fence
    const lang = LANGS[fence[1]!];
    if (!lang) {
      context = undefined;
      continue;
    }
    const flags = new Set(fence[2]!.trim().split(/\s+/).filter(Boolean));
    for (const flag of flags) {
      if (!FLAGS.has(flag)) {
        throw new Error(`${file}:${start + 1}: unknown flag "${flag}" (known: ${[...FLAGS].join(", ")}).`);
      }
    }
    if (flags.has("fragment") !== (context !== undefined)) {
      throw new Error(
        flags.has("fragment")
          ? `${file}:${start + 1}: a \`ts fragment\` block needs a <!-- readme-check: … --> comment just before it, with what it builds on.`
          : `${file}:${context!.line}: a readme-check comment must come just before a \`ts fragment\` block.`,
      );
    }
    blocks.push({
      file,
      line: start + 1,
      lang,
      flags,
      code,
      context: context?.text ?? "",
      contextLine: context?.line ?? start + 1,
    });
    context = undefined;
  }
  return blocks;
}
