import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CodeBlock } from "./extract.js";
import { type Finding, snippetPath, snippetSource } from "./typecheck.js";

/** How long a block may run before it counts as hanging (not a speed check: a block should finish at once). */
const HANG_MS = 120_000;
const REDIRECT = fileURLToPath(new URL("./redirect-default-api.ts", import.meta.url));
const VITEST = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

/** Runs `node <args>` in `cwd`; resolves with its exit code and output (a hang is stopped and reported). */
function node(args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      output += `\n(still running after ${HANG_MS / 1000} s: stopped)`;
      child.kill("SIGKILL");
    }, HANG_MS);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Runs each block flagged `run` as a Node script (through tsx), from a file beside `root` so its imports resolve,
 * with `env` added to the environment; a block that exits non-zero (or hangs) is a finding at its line, with the
 * end of its output.
 */
export async function runBlocks(
  blocks: readonly CodeBlock[],
  root: string,
  env: Record<string, string>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const block of blocks.filter((b) => b.flags.has("run"))) {
    const path = snippetPath(root, block);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, snippetSource(block).text);
    const result = await node(["--import", "tsx", "--import", REDIRECT, path], root, env);
    if (result.code !== 0) {
      findings.push({
        file: block.file,
        line: block.line,
        message: `the block did not run (exit code ${result.code}):\n${result.output.trim().slice(-2000)}`,
      });
    }
  }
  return findings;
}

/**
 * Runs the blocks flagged `vitest` of each README as test files of one Vitest project whose configuration is
 * that README's block flagged `vitest-config`, written as `vitest.config.ts` — the setup the README describes,
 * as written. A failing run is a finding at the README's first test block, with the end of Vitest's output.
 */
export async function runVitestBlocks(
  blocks: readonly CodeBlock[],
  root: string,
  env: Record<string, string>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of new Set(blocks.filter((b) => b.flags.has("vitest")).map((b) => b.file))) {
    const tests = blocks.filter((b) => b.file === file && b.flags.has("vitest"));
    const config = blocks.find((b) => b.file === file && b.flags.has("vitest-config"));
    if (!config) {
      findings.push({
        file,
        line: tests[0]!.line,
        message: "`vitest` blocks need a `vitest-config` block in the same README.",
      });
      continue;
    }
    const dir = join(root, ".snippets", `vitest_${file.replace(/[^\w]+/g, "_")}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "vitest.config.ts"), snippetSource(config).text);
    for (const test of tests)
      writeFileSync(join(dir, `line_${test.line}.test.${test.lang}`), snippetSource(test).text);
    const result = await node([VITEST, "run", "--root", dir], dir, env);
    if (result.code !== 0) {
      findings.push({
        file,
        line: tests[0]!.line,
        message: `the README's Vitest setup and tests did not pass (exit code ${result.code}):\n${result.output.trim().slice(-3000)}`,
      });
    }
  }
  return findings;
}
