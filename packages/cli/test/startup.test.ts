// `avala`, `avala --help` and `avala --version` answer before any command is loaded: from the top-level command
// list written at build time, with nothing but commander. What they print is what the whole program prints.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderHelp } from "../src/help-text.js";
import { bin, runCli } from "./support/run-cli.js";

const logger = fileURLToPath(new URL("./support/log-imports.mjs", import.meta.url));
const program = fileURLToPath(new URL("../dist/program.mjs", import.meta.url));
/** What a command never needs to load before the arguments are read. */
const HEAVY = [/\/undici\//, /@avala\/node|packages\/node\//, /catalog\.mjs/, /cli-table3/, /cli-progress/];

const words = (line: string) => (line === "" ? [] : line.split(" "));

/** The modules `avala <args>` resolves, as URLs. */
function importsOf(args: string[]): Promise<string[]> {
  const log = join(mkdtempSync(join(tmpdir(), "avala-imports-")), "imports.txt");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", logger, bin, ...args],
      { env: { ...process.env, AVALA_IMPORT_LOG: log } },
      () => {
        try {
          resolve(readFileSync(log, "utf8").trim().split("\n"));
        } catch (error) {
          reject(error);
        }
      },
    );
  });
}

/** What the whole program (every command registered) prints and returns for `args`. */
function wholeProgram(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = `
    const { buildProgram } = await import(${JSON.stringify(program)});
    const args = JSON.parse(process.argv[1]);
    try { await buildProgram(args).parseAsync(["node", "avala", ...args]); }
    catch (error) { process.exitCode = error.exitCode === 0 ? 0 : 2; }`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script, JSON.stringify(args)],
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("start-up", () => {
  it.each(["--help", "--version", "-V", ""])(
    "`avala %s` loads no command, no HTTP client and no catalog",
    async (line) => {
      const imports = await importsOf(words(line));
      expect(imports.some((url) => url.endsWith("/dist/main.mjs"))).toBe(true); // the log works
      for (const heavy of HEAVY) expect(imports.filter((url) => heavy.test(url))).toEqual([]);
    },
  );

  it("`avala --version` does not even load commander", async () => {
    for (const flag of ["--version", "-V"]) {
      const imports = await importsOf([flag]);
      expect(imports.some((url) => url.endsWith("/dist/main.mjs"))).toBe(true);
      expect(imports.filter((url) => url.includes("commander"))).toEqual([]);
    }
  });

  it.each(["--help", "-h", ""])("`avala %s` does not load commander either", async (line) => {
    const imports = await importsOf(words(line));
    expect(imports.some((url) => url.endsWith("/dist/main.mjs"))).toBe(true);
    expect(imports.filter((url) => url.includes("commander"))).toEqual([]);
  });

  it.each([20, 39, 40, 60, 80, 100, 120, 200])(
    "the root help laid out from dist/help.json is commander's own at %i columns",
    async (width) => {
      const { buildProgram } = await import(program);
      const whole = buildProgram([]);
      let expected = "";
      whole.configureOutput({ getOutHelpWidth: () => width, writeOut: (text: string) => (expected += text) });
      await whole.parseAsync(["node", "avala", "--help"]).catch(() => undefined);
      const layout = JSON.parse(readFileSync(new URL("../dist/help.json", import.meta.url), "utf8"));
      expect(expected).toContain("Commands:");
      expect(renderHelp(layout, width)).toBe(expected);
    },
  );

  it("`avala <group> --help` loads the catalog but not @avala/node or undici", async () => {
    const imports = await importsOf(["datasets", "--help"]);
    expect(imports.some((url) => /catalog\.mjs/.test(url))).toBe(true);
    expect(imports.filter((url) => /\/undici\/|@avala\/node|packages\/node\//.test(url))).toEqual([]);
  });

  it.each([
    "--help",
    "-h",
    "--version",
    "-V",
    "",
    "--json --help",
    "--bogus",
    "--profile x -h",
    "--version --json",
  ])("`avala %s` prints and exits exactly as the whole program does", async (line) => {
    const fast = await runCli(words(line));
    const whole = await wholeProgram(words(line));
    expect(fast).toEqual(whole);
  });
});
