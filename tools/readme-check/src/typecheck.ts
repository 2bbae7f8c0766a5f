import { dirname, join } from "node:path";
import ts from "typescript";
import type { CodeBlock } from "./extract.js";

/** A problem found in a README, at the line of the README it is about. */
export interface Finding {
  file: string;
  line: number;
  message: string;
}

/**
 * What the blocks are checked as: ES modules (top-level await allowed) of a strict application that bundles for
 * the browser or runs on Node, with JSX for React — the settings a user of these packages would have, and no
 * test-runner globals.
 */
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  jsx: ts.JsxEmit.ReactJSX,
  strict: true,
  noUncheckedIndexedAccess: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
};

/** Where a block's virtual file lives: beside this package, so imports resolve to its (workspace) dependencies. */
export function snippetPath(root: string, block: CodeBlock): string {
  const name = `${block.file.replace(/[^\w]+/g, "_")}_${block.line}.${block.lang}`;
  return join(root, ".snippets", name);
}

/** The source of a block as compiled: its context, then the block itself. */
export function snippetSource(block: CodeBlock): { text: string; contextLines: number } {
  if (!block.context) return { text: block.code, contextLines: 0 };
  return { text: `${block.context}\n${block.code}`, contextLines: block.context.split("\n").length };
}

/**
 * Type-checks every block, each as its own module resolved from `root` (a folder whose node_modules has the
 * packages the blocks import), and returns the errors at the README lines they are about.
 */
export function typeCheck(blocks: readonly CodeBlock[], root: string): Finding[] {
  const sources = new Map(
    blocks.map((block) => [snippetPath(root, block), { block, ...snippetSource(block) }] as const),
  );
  const host = ts.createCompilerHost(OPTIONS, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (path) => sources.get(path)?.text ?? readFile(path);
  host.fileExists = (path) => sources.has(path) || fileExists(path);
  // Libraries' declaration files are parsed (and bound) once for all the programs below.
  const parsed = new Map<string, ts.SourceFile | undefined>();
  host.getSourceFile = (path, languageVersion) => {
    if (!parsed.has(path)) {
      const text = host.readFile(path);
      parsed.set(
        path,
        text === undefined ? undefined : ts.createSourceFile(path, text, languageVersion, true),
      );
    }
    return parsed.get(path);
  };
  // One program per block, as if each were the only file of its project: a module augmentation one block imports
  // (e.g. the type of `inject("avalaMockUrl")`) must not make another compile. Each program reuses the previous
  // one's unchanged files (the libraries' declarations), so this costs little more than one program.
  let program: ts.Program | undefined;
  const diagnostics: ts.Diagnostic[] = [];
  for (const path of sources.keys()) {
    program = ts.createProgram({
      rootNames: [path],
      options: OPTIONS,
      host,
      ...(program ? { oldProgram: program } : {}),
    });
    diagnostics.push(...ts.getPreEmitDiagnostics(program, program.getSourceFile(path)));
    diagnostics.push(...program.getGlobalDiagnostics(), ...program.getOptionsDiagnostics());
  }
  const findings: Finding[] = [];
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const source = diagnostic.file && sources.get(diagnostic.file.fileName);
    if (!source || diagnostic.start === undefined) {
      findings.push({ file: diagnostic.file?.fileName ?? "(compiler)", line: 0, message });
      continue;
    }
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
    const { block, contextLines } = source;
    findings.push({
      file: block.file,
      line: line < contextLines ? block.contextLine : block.line + 1 + line - contextLines,
      message: line < contextLines ? `(in the readme-check context) ${message}` : message,
    });
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** The directory of this package (its node_modules resolve the blocks' imports). */
export const PACKAGE_ROOT: string = dirname(dirname(new URL(import.meta.url).pathname));
