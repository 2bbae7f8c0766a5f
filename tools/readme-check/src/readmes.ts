import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type CodeBlock, extractBlocks } from "./extract.js";

/** Folders never searched for READMEs: installed, built and generated files. */
const SKIP = new Set(["node_modules", "dist", ".turbo", ".git", "tarballs", ".snippets", "coverage"]);

/** Every README.md of the repository at `root` (relative paths, sorted). */
export function findReadmes(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.name === "README.md") found.push(relative(root, join(dir, entry.name)));
    }
  };
  walk(root);
  return found.sort();
}

/** The TypeScript blocks of every README of the repository at `root`. */
export function readmeBlocks(root: string): CodeBlock[] {
  return findReadmes(root).flatMap((file) => extractBlocks(readFileSync(join(root, file), "utf8"), file));
}
